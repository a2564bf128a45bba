"""Corpus input: articles as text with their publication date, outlet and address.

A corpus is a folder of UTF-8 ``.txt`` files (and optionally saved ``.html`` pages) with a
catalogue ``articles.csv`` (``file,published,source,url,title``), or a single file. Every
article needs a full publication date: relative dates ("on Wednesday", "yesterday") are
resolved against it. A file with no catalogue row takes its date from a dateline with a full
date ("BEIRUT, Jan. 29, 2020 (Reuters) -"); otherwise loading stops with an error that
names the file and the fix.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from frontline._io import CORPUS_CATALOGUE, CORPUS_SUFFIXES, read_csv, read_utf8
from frontline.errors import BadInputError, MissingDependencyError
from frontline.ingest.dates import parse_full_date, parse_iso_date

__all__ = [
    "CATALOGUE",
    "MAX_ARTICLE_MB",
    "TEXT_SUFFIXES",
    "Article",
    "ArticleRef",
    "article_size_limit",
    "corpus_refs",
    "load_corpus",
    "read_article_text",
    "with_title",
]

#: The catalogue file of a corpus folder.
CATALOGUE = CORPUS_CATALOGUE
#: File kinds read as articles.
TEXT_SUFFIXES = CORPUS_SUFFIXES

# A dateline opens an article: "DAMASCUS, Aug. 23, 2019 (Xinhua) --", "Beirut, 5 February
# 2020 (SANA) -", "Jan 29, 2020 -", "Published: 2020-01-29". Only the first lines count, so
# a date quoted in the body is never taken for the publication date.
_DATELINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|date)\s*:?\s*|[A-Z][\w .'’/-]{1,40},\s*)?"
    r"(?P<date>\d{4}-\d{2}-\d{2}|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+\S.{4,30}?\d{4}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})",
    re.IGNORECASE,
)
_DATELINE_LINES = 3

#: Largest article read, in MB (10**6 bytes) of text; override with the environment
#: variable ``FRONTLINE_MAX_ARTICLE_MB``. A news article is 5-50 KB; the extractor's memory
#: grows with the longest sentence, and a multi-megabyte file is nearly always a whole
#: archive, a dump or a mistake. Saved ``.html`` pages may be 4x larger on disk.
MAX_ARTICLE_MB = 5.0
_HTML_FACTOR = 4


def article_size_limit() -> int:
    """The per-article size limit in bytes (:data:`MAX_ARTICLE_MB` or the environment).

    Raises
    ------
    BadInputError
        If ``FRONTLINE_MAX_ARTICLE_MB`` is not a positive number.
    """
    raw = os.environ.get("FRONTLINE_MAX_ARTICLE_MB", "")
    if not raw.strip():
        return int(MAX_ARTICLE_MB * 1_000_000)
    try:
        mb = float(raw)
    except ValueError:
        mb = float("nan")
    if not mb > 0 or mb == float("inf"):
        raise BadInputError(f"FRONTLINE_MAX_ARTICLE_MB must be a positive number, got {raw!r}")
    return int(mb * 1_000_000)


def _check_size(src: Path, html: bool) -> None:
    limit = article_size_limit()
    try:
        size = src.stat().st_size
    except OSError as exc:
        raise BadInputError(f"cannot read article: {exc.strerror}", src) from None
    allowed = limit * (_HTML_FACTOR if html else 1)
    if size > allowed:
        raise BadInputError(
            f"article is {size / 1e6:.1f} MB, over the {allowed / 1e6:g} MB limit per article "
            "(one file should hold one article; split it, or raise FRONTLINE_MAX_ARTICLE_MB)",
            src,
        )


@dataclass(frozen=True)
class Article:
    """One article of a corpus.

    Attributes
    ----------
    file : str
        File name relative to the corpus folder (the article's id in event tables).
    published : str
        Publication date, ISO ``YYYY-MM-DD``.
    source : str
        The outlet (``Xinhua``); may be empty.
    url : str
        Where it was published; may be empty.
    title : str
        Headline; may be empty.
    text : str
        The article text (for ``.html``, the main text found by trafilatura), opened by
        its title when the text does not start with it (:func:`with_title`).
    """

    file: str
    published: str
    source: str
    url: str
    title: str
    text: str

    @property
    def published_date(self) -> dt.date:
        """The publication date as a :class:`datetime.date`."""
        return dt.date.fromisoformat(self.published)


def read_article_text(path: str | os.PathLike[str]) -> str:
    """Read one article file as text: UTF-8 ``.txt`` or the main text of an ``.html`` page.

    Raises
    ------
    FrontlineError
        Naming the file, if it is not UTF-8, is empty, is larger than
        :func:`article_size_limit`, or is an HTML page with no main text (or trafilatura is
        not installed).
    """
    src = Path(path)
    html = src.suffix.lower() in (".html", ".htm")
    # Checked on the file size, before reading: a 50 MB file must fail fast and small.
    _check_size(src, html)
    text = read_utf8(src, "article")
    if html:
        text = _html_main_text(text, src)
        if len(text.encode("utf-8")) > article_size_limit():
            raise BadInputError(
                f"the page's article text is over the {article_size_limit() / 1e6:g} MB "
                "limit per article (raise FRONTLINE_MAX_ARTICLE_MB)",
                src,
            )
    if not text.strip():
        raise BadInputError("the article is empty; remove it or its catalogue row", src)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _html_main_text(html: str, src: Path) -> str:
    # Boilerplate removal is a solved problem with a maintained library; a hand-written
    # tag stripper would keep menus, captions of other stories and cookie banners.
    try:
        import trafilatura
    except ImportError:
        raise MissingDependencyError(
            "reading .html pages needs trafilatura: pip install 'frontline[html]'", src
        ) from None
    # One parse for the main text and the page's title: the main text leaves out the
    # headline, which often states the change ("Army takes X").
    found = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False,
    )  # fmt: skip
    page = json.loads(found) if found else {}
    text = page.get("text") or ""
    if not text.strip():
        raise BadInputError("no article text found in this HTML page", src)
    return with_title(str(page.get("title") or ""), str(text))


def with_title(title: str, text: str) -> str:
    r"""``text`` with ``title`` as its first line (a blank line between), unless the text
    already opens with it: a headline is part of the article the extractor reads.

    >>> with_title("Army takes Morek", "BEIRUT - Troops entered the town.")
    'Army takes Morek\n\nBEIRUT - Troops entered the town.'
    >>> with_title("Army takes Morek", "Army takes Morek\n\nTroops entered the town.")
    'Army takes Morek\n\nTroops entered the town.'
    """
    head = " ".join(title.split())
    if not head:
        return text
    opening = " ".join(text[: len(title) + 400].split()).casefold()
    return text if head.casefold()[:60] in opening else f"{head}\n\n{text}"


def dateline_date(text: str) -> dt.date | None:
    """The full date of an article's dateline (first lines only), or None.

    Returns
    -------
    datetime.date or None
    """
    for line in [ln for ln in text.splitlines() if ln.strip()][:_DATELINE_LINES]:
        m = _DATELINE.match(line)
        if m:
            found = parse_full_date(m.group("date"))
            if found is not None:
                return found
    return None


def _published_from_text(text: str, src: Path) -> str:
    found = dateline_date(text)
    if found is None:
        raise BadInputError(
            "no publication date: the file has no articles.csv row and no dateline with a "
            "full date (e.g. 'BEIRUT, Jan. 29, 2020 (Reuters) -'); add a row "
            "'file,published,source,url,title' to articles.csv (frontline extract also takes "
            "--published YYYY-MM-DD)",
            src,
        )
    return found.isoformat()


def _check_published(value: str, src: Path, line: int | None) -> str:
    try:
        return parse_iso_date(value).isoformat()
    except ValueError:
        raise BadInputError(
            f"'published' must be a date YYYY-MM-DD, got {value!r}", src, line
        ) from None


def _read_catalogue(folder: Path) -> dict[str, tuple[int, dict[str, str]]]:
    cat = folder / CATALOGUE
    table = read_csv(
        cat, "the catalogue", required=("file", "published"), hint="file,published,source,url,title"
    )
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    for lineno, row in table:
        name = row.get("file", "")
        if not name:
            raise BadInputError("empty 'file'", cat, lineno)
        if name in rows:
            raise BadInputError(f"{name} is listed twice", cat, lineno)
        if Path(name).name != name or name in (".", ".."):
            raise BadInputError(
                f"'file' must be a file name in {folder} (no folders or absolute paths), "
                f"got {name!r}",
                cat,
                lineno,
            )
        if not row.get("published"):
            raise BadInputError(
                f"missing 'published' date for {name}; write it as YYYY-MM-DD", cat, lineno
            )
        if not (folder / name).is_file():
            raise BadInputError(
                f"the catalogue names {name}, which is not in {folder}", cat, lineno
            )
        if Path(name).suffix.lower() not in TEXT_SUFFIXES:
            raise BadInputError(
                f"{name} is not an article ({', '.join(TEXT_SUFFIXES)})", cat, lineno
            )
        rows[name] = (lineno, row)
    return rows


def _article(
    src: Path, name: str, published: str, row: dict[str, str] | None, text: str | None = None
) -> Article:
    row = row or {}
    return Article(
        file=name,
        published=published,
        source=row.get("source", ""),
        url=row.get("url", ""),
        title=row.get("title", ""),
        text=with_title(row.get("title", ""), text if text is not None else read_article_text(src)),
    )


@dataclass(frozen=True)
class ArticleRef:
    """An article of a corpus folder whose text is not read yet (small, picklable).

    :func:`corpus_refs` lists them so that a large corpus can be read a chunk at a time, or
    by worker processes (``frontline.batch``); :meth:`load` reads the file as
    :func:`load_corpus` does.

    Attributes
    ----------
    path : str
        The article file.
    file : str
        Its name relative to the corpus folder.
    published : str
        Publication date, ISO ``YYYY-MM-DD``; empty when it is to be read from the
        article's dateline.
    source, url, title : str
        Catalogue metadata (may be empty).
    """

    path: str
    file: str
    published: str
    source: str = ""
    url: str = ""
    title: str = ""

    def load(self) -> Article:
        """Read the article.

        Returns
        -------
        Article

        Raises
        ------
        FrontlineError
            Naming the file, as :func:`load_corpus`.
        """
        src = Path(self.path)
        text = read_article_text(src)
        published = self.published or _published_from_text(text, src)
        return Article(
            self.file, published, self.source, self.url, self.title, with_title(self.title, text)
        )


def corpus_refs(
    folder: str | os.PathLike[str], published: str | dt.date | None = None
) -> list[ArticleRef]:
    """The articles of a corpus folder (or its ``articles.csv``), in file-name order, unread.

    The catalogue is read and checked here; the texts are read by :meth:`ArticleRef.load`.
    ``[r.load() for r in corpus_refs(folder)]`` equals ``load_corpus(folder)``.

    Returns
    -------
    list of ArticleRef
    """
    pub = published.isoformat() if isinstance(published, dt.date) else published
    src = Path(folder)
    if src.name == CATALOGUE and src.is_file():
        src = src.parent
    if not src.is_dir():
        raise BadInputError("expected a corpus folder or its articles.csv", src)
    catalogue = _read_catalogue(src) if (src / CATALOGUE).is_file() else {}
    cat_path = src / CATALOGUE
    names = sorted(
        p.name for p in src.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
    )
    if not names:
        raise BadInputError("no .txt or .html articles in this folder", src)
    refs = []
    for name in names:
        path = str(src / name)
        if name in catalogue:
            lineno, row = catalogue[name]
            date = _check_published(row["published"], cat_path, lineno)
            meta = (row.get("source", ""), row.get("url", ""), row.get("title", ""))
            refs.append(ArticleRef(path, name, date, *meta))
        else:
            date = _check_published(pub, src / name, None) if pub else ""
            refs.append(ArticleRef(path, name, date))
    return refs


def _load_folder(folder: Path, published: str | None) -> list[Article]:
    return [ref.load() for ref in corpus_refs(folder, published)]


def load_corpus(
    path: str | os.PathLike[str] | Iterable[Article], published: str | dt.date | None = None
) -> list[Article]:
    """Load a corpus: a folder (with ``articles.csv``), one ``.txt``/``.html`` file, or
    articles already loaded (returned as a list unchanged).

    Parameters
    ----------
    path : str, PathLike or iterable of Article
        A corpus folder, its ``articles.csv``, or a single article file.
    published : str or datetime.date, optional
        Publication date (ISO) for a single file, or for folder files without a catalogue
        row. A catalogue row always wins.

    Returns
    -------
    list of Article
        In file-name order.

    Raises
    ------
    FrontlineError
        Naming the file (and catalogue line): missing or bad ``published``, a catalogue row
        naming a missing file, an empty file, non-UTF-8 bytes, no date at all.
    """
    if not isinstance(path, str | os.PathLike):
        return list(path)
    pub = published.isoformat() if isinstance(published, dt.date) else published
    src = Path(path)
    if src.is_dir():
        return _load_folder(src, pub)
    if not src.exists():
        raise BadInputError("no such file or folder", src)
    if src.name == CATALOGUE:
        return _load_folder(src.parent, pub)
    if src.suffix.lower() not in TEXT_SUFFIXES:
        raise BadInputError(
            "expected a corpus folder, its articles.csv, or a .txt/.html article", src
        )
    text = read_article_text(src)
    if pub:
        return [_article(src, src.name, _check_published(pub, src, None), None, text)]
    catalogue_file = src.parent / CATALOGUE
    if catalogue_file.is_file():
        catalogue = _read_catalogue(src.parent)
        if src.name in catalogue:
            lineno, row = catalogue[src.name]
            date = _check_published(row["published"], catalogue_file, lineno)
            return [_article(src, src.name, date, row, text)]
    return [_article(src, src.name, _published_from_text(text, src), None, text)]
