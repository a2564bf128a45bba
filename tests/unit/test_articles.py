"""Corpus input: catalogue, single files, datelines, HTML, and the errors users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.errors import FrontlineError
from frontline.ingest.articles import Article, dateline_date, load_corpus


def _corpus(tmp_path: Path, rows: str, files: dict[str, bytes]) -> Path:
    (tmp_path / "articles.csv").write_text("file,published,source,url,title\n" + rows)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_seed_corpus_loads_with_catalogue(seeds_dir: Path) -> None:
    articles = load_corpus(seeds_dir)
    assert [a.file for a in articles] == ["000_c0755e348a4a2d13.txt", "001_9629f5ceb7f60afd.txt"]
    assert articles[0].published == "2019-08-23"
    assert articles[0].source == "Xinhua"
    assert "Khan Shaykhun" in articles[0].text
    assert isinstance(articles[0], Article)
    with pytest.raises(AttributeError):
        articles[0].published = "2020-01-01"  # type: ignore[misc]


def test_catalogue_path_and_single_file_use_the_row(seeds_dir: Path) -> None:
    assert len(load_corpus(seeds_dir / "articles.csv")) == 2
    (one,) = load_corpus(seeds_dir / "001_9629f5ceb7f60afd.txt")
    assert one.published == "2020-01-29"
    assert one.source == "Agencies (citing Xinhua)"


def test_single_txt_with_published(tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text("The army captured Morek on Wednesday.")
    (a,) = load_corpus(f, published="2019-08-23")
    assert a.published == "2019-08-23" and a.file == "note.txt"


def test_dateline_gives_the_date(fixtures_dir: Path) -> None:
    articles = load_corpus(fixtures_dir / "corpus_dateline")
    by_file = {a.file: a for a in articles}
    assert by_file["d01_wire.txt"].published == "2020-02-05"
    html = by_file["d02_saved_page.html"]
    assert html.published == "2019-08-22"
    # trafilatura keeps the article and drops navigation, cookie banner and footer
    assert "captured the town of Khan Shaykhun" in html.text
    assert "cookies" not in html.text and "Privacy" not in html.text


def test_dateline_without_year_is_not_a_date() -> None:
    assert dateline_date("DAMASCUS, Aug. 23 (Xinhua) -- The army entered the town.") is None
    assert str(dateline_date("Beirut, 5 February 2020 (SANA) - text")) == "2020-02-05"


def test_no_date_at_all_names_the_file_and_the_fix(tmp_path: Path) -> None:
    f = tmp_path / "y.txt"
    f.write_text("DAMASCUS, Aug. 23 (Xinhua) -- The army captured Morek on Wednesday.")
    with pytest.raises(FrontlineError) as err:
        load_corpus(f)
    assert str(f) in str(err.value)
    assert "--published" in str(err.value) and "articles.csv" in str(err.value)


def test_missing_published_names_catalogue_line(tmp_path: Path) -> None:
    _corpus(tmp_path, "x.txt,,X,,\n", {"x.txt": b"The army captured Morek."})
    with pytest.raises(FrontlineError) as err:
        load_corpus(tmp_path)
    assert err.value.path == str(tmp_path / "articles.csv") and err.value.line == 2
    assert "published" in err.value.message


def test_bad_published_date(tmp_path: Path) -> None:
    _corpus(tmp_path, "x.txt,23/08/2019,X,,\n", {"x.txt": b"text"})
    with pytest.raises(FrontlineError, match="YYYY-MM-DD"):
        load_corpus(tmp_path)


def test_catalogue_names_missing_file(tmp_path: Path) -> None:
    _corpus(tmp_path, "gone.txt,2019-08-23,X,,\n", {"x.txt": b"text"})
    with pytest.raises(FrontlineError) as err:
        load_corpus(tmp_path)
    assert "gone.txt" in err.value.message and err.value.line == 2


def test_empty_file(tmp_path: Path) -> None:
    _corpus(tmp_path, "x.txt,2019-08-23,X,,\n", {"x.txt": b"  \n\n"})
    with pytest.raises(FrontlineError) as err:
        load_corpus(tmp_path)
    assert err.value.path == str(tmp_path / "x.txt") and "empty" in err.value.message


def test_non_utf8_bytes(tmp_path: Path) -> None:
    _corpus(tmp_path, "x.txt,2019-08-23,X,,\n", {"x.txt": "Mor\u00e9k".encode("latin-1")})
    with pytest.raises(FrontlineError) as err:
        load_corpus(tmp_path)
    assert err.value.path == str(tmp_path / "x.txt")
    assert "UTF-8" in err.value.message and "0xe9" in err.value.message


def test_folder_without_articles(tmp_path: Path) -> None:
    with pytest.raises(FrontlineError, match="no .txt"):
        load_corpus(tmp_path)


def test_a_catalogue_title_opens_the_text_once(tmp_path: Path) -> None:
    rows = (
        "a.txt,2019-08-23,Wire,,Syrian army captures Morek\n"
        "b.txt,2019-08-23,Wire,,Syrian army captures Latmin\n"
    )
    files = {
        "a.txt": b"Government forces advanced in northern Hama on Friday, a monitor said.",
        "b.txt": b"Syrian army captures Latmin\n\nGovernment forces advanced on Friday.",
    }
    a, b = load_corpus(_corpus(tmp_path, rows, files))
    assert a.text.startswith("Syrian army captures Morek\n\nGovernment forces advanced")
    assert b.text.count("Syrian army captures Latmin") == 1  # already the first line


def test_a_headline_only_in_the_catalogue_is_extracted(tmp_path: Path) -> None:
    from frontline.events.extract import extract_events

    rows = "a.txt,2019-08-23,Wire,,Syrian army captures Morek\n"
    files = {"a.txt": b"Fighting went on in northern Hama, a monitor said."}
    events = extract_events(load_corpus(_corpus(tmp_path, rows, files)))
    changes = events[events["kind"] == "control_change"]
    assert list(changes["place_id"]) == ["gn:166640"]  # Morek
    assert list(changes["side"]) == ["government"]


def test_an_html_page_title_opens_its_text(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    body = " ".join(["Government forces advanced in northern Hama on Friday, a monitor said."] * 4)
    page = (
        "<html><head><title>Syrian army captures Morek</title></head><body>"
        f"<article><p>{body}</p><p>{body}</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (a,) = load_corpus(tmp_path / "p.html", published="2019-08-23")
    assert a.text.startswith("Syrian army captures Morek\n\n")
