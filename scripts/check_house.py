"""House rules ruff and import-linter do not check: modules under 600 lines, ``__all__`` in
every public module, and no private name (``_x``) imported from another module (a private
module, ``_x.py``, is imported by its package's siblings: that is what it is for)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "frontline"
MAX_LINES = 600


def problems() -> list[str]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent)
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES:
            out.append(f"{rel}: {text.count(chr(10))} lines (max {MAX_LINES})")
        tree = ast.parse(text)
        public = not path.name.startswith("_") or path.name == "__init__.py"
        has_all = any(
            isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
            for n in tree.body
        )
        if public and path.name != "__main__.py" and not has_all:
            out.append(f"{rel}: public module without __all__")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("frontline"):
                package = SRC.parent.joinpath(*(node.module or "").split("."))
                for alias in node.names:
                    is_module = (package / f"{alias.name}.py").exists()
                    if (
                        alias.name.startswith("_")
                        and not alias.name.startswith("__")
                        and not is_module
                    ):
                        out.append(f"{rel}:{node.lineno}: imports private name {alias.name}")
    return out


if __name__ == "__main__":
    found = problems()
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
