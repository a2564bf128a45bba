"""Make a rendered folium page self-contained: inline its JS/CSS from pip packages.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs. An offline map must open
with no network at all, so :func:`inline_assets` swaps each link for the same file shipped
by an XStatic package (core dependencies of frontline), drops the assets frontline's maps do not use
(Bootstrap, Font Awesome, awesome-markers: our markers are Leaflet circle markers and our
controls use plain HTML), and refuses to write a page that would still fetch anything.

No third-party file is copied into this repository; the packages are read at run time.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from frontline.errors import BadInputError, MissingDependencyError

# The CDN files folium (and frontline's own maps) link, by the last part of their URL.
# Value: (xstatic package, file inside its data folder), or None to drop the link.
_ASSETS: dict[str, tuple[str, str] | None] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "jquery-3.7.1.min.js": ("jquery", "jquery.min.js"),
    "bootstrap.bundle.min.js": None,
    "bootstrap.min.css": None,
    "bootstrap-glyphicons.css": None,
    "all.min.css": None,  # Font Awesome: only awesome-markers use it
    "leaflet.awesome-markers.js": None,
    "leaflet.awesome-markers.css": None,
    "leaflet.awesome.rotate.min.css": None,
}

_SCRIPT_SRC = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<url>images/[^)'\"]+)(?P=q)\)")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.MULTILINE)
# Anything that would make the browser fetch a resource: src/href attributes and CSS url().
_EXTERNAL = re.compile(
    r"""(?:\bsrc\s*=\s*["']|<link\b[^>]*\bhref\s*=\s*["']|url\(\s*["']?)(?P<url>(?:https?:)?//[^"')\s]+)""",
    re.IGNORECASE,
)

__all__ = ["external_urls", "inline_assets"]


def _data_dir(package: str) -> Path:
    try:
        if package == "leaflet":
            import xstatic.pkg.leaflet as pkg
        elif package == "jquery":
            import xstatic.pkg.jquery as pkg
        else:  # pragma: no cover - _ASSETS only names the two above
            raise ImportError(package)
    except ImportError:
        raise MissingDependencyError(
            "self-contained maps need the XStatic packages: "
            "pip install xstatic-leaflet xstatic-jquery (or save with --cdn)"
        ) from None
    return Path(pkg.BASE_DIR)


def _read_asset(package: str, name: str) -> str:
    base = _data_dir(package)
    text = (base / name).read_text(encoding="utf-8")
    text = _SOURCE_MAP.sub("", text)
    if name.endswith(".css"):
        # Leaflet's CSS points at images/*.png beside it; a data: URI keeps them working inline.
        def to_data_uri(m: re.Match[str]) -> str:
            path = base / m.group("url")
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            return f'url("data:image/png;base64,{payload}")'

        text = _CSS_URL.sub(to_data_uri, text)
    if "</script" in text.lower() or "</style" in text.lower():
        # An inline block cannot contain its own end tag; these files never do, but check.
        raise BadInputError(f"cannot inline {package}/{name}: it contains a closing tag")
    return text


def _asset_for(url: str) -> tuple[str, str] | None:
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if name not in _ASSETS:
        raise BadInputError(
            f"cannot make the map self-contained: no offline copy of {url}; "
            "remove the plugin that needs it or save the map without --offline"
        )
    return _ASSETS[name]


def inline_assets(html: str) -> str:
    """Return ``html`` with every CDN script/stylesheet inlined or removed.

    Parameters
    ----------
    html : str
        A page rendered by folium.

    Returns
    -------
    str
        The same page with Leaflet and jQuery inlined from the XStatic packages and the
        unused CDN assets dropped.

    Raises
    ------
    FrontlineError
        If the XStatic packages are missing, or a link has no offline copy, or the page
        would still load something from the network.
    """

    def script(m: re.Match[str]) -> str:
        asset = _asset_for(m.group("url"))
        if asset is None:
            return ""
        return f"<script>/* {asset[0]}/{asset[1]} (XStatic) */\n{_read_asset(*asset)}\n</script>"

    def style(m: re.Match[str]) -> str:
        asset = _asset_for(m.group("url"))
        if asset is None:
            return ""
        return f"<style>/* {asset[0]}/{asset[1]} (XStatic) */\n{_read_asset(*asset)}\n</style>"

    out = _SCRIPT_SRC.sub(script, html)
    out = _CSS_LINK.sub(style, out)
    left = external_urls(out)
    if left:
        raise BadInputError(
            f"cannot make the map self-contained: it still loads {left[0]}"
            + (f" and {len(left) - 1} more" if len(left) > 1 else "")
        )
    return out


def external_urls(html: str) -> list[str]:
    """URLs that ``html`` would fetch from the network (script/img src, stylesheets, CSS url()).

    Links the user clicks (``<a href>``) and URLs inside JSON data are not fetches and are
    not listed.
    """
    return [m.group("url") for m in _EXTERNAL.finditer(html)]
