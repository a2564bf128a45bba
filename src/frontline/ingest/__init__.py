"""Ingest: articles (corpus folders, .txt/.html) and date expressions."""

from frontline.ingest.articles import Article, load_corpus
from frontline.ingest.dates import iso_date, next_day, parse_iso_date

__all__ = ["Article", "iso_date", "load_corpus", "next_day", "parse_iso_date"]
