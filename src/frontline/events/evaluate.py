"""Score extracted events against hand-annotated gold events.

A predicted event **hits** a gold event of the same article when the kind and side agree,
the date agrees to the gold ``date_precision`` (``day``: same day; ``week``: within 7 days;
``month``: same month; ``year``: same year) and the place agrees: same gazetteer id, within
:data:`MAX_KM` km of a place the gold name may denote, or the same folded name
(:func:`frontline.reference.normalize.fold`, also compared without generic words such as
"province" or "hilltop"). Each gold event is hit at most once; a further
mention of an already-hit change is neither a hit nor a false alarm. A prediction hitting no
gold event is a **false alarm**, counted once per distinct (article, kind, place, side, date).
Predicted kinds the gold never uses (advance, proximity, ...) are not scored; a predicted
``historical`` change is scored as a ``control_change``.

Example
-------
>>> import pandas as pd
>>> gold = pd.DataFrame([{"article": "a1", "kind": "siege", "place": "Morek",
...                       "side": "government", "date": "2019-08-23", "date_precision": "week"}])
>>> pred = pd.DataFrame([{"article": "a1.txt", "kind": "siege", "place": "Morek",
...                       "side": "government", "date": "2019-08-25", "confidence": 0.9}])
>>> result = evaluate(pred, gold, gazetteer=False)
>>> result.overall()["f1"]
1.0
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from frontline._distance import km
from frontline._io import csv_safe, read_csv, read_utf8, separator_hint
from frontline._validate import check_iso_date
from frontline.config import KINDS
from frontline.errors import BadInputError
from frontline.reference.normalize import fold

if TYPE_CHECKING:
    from frontline.reference.gazetteer import Gazetteer

__all__ = [
    "CONFIDENCE_BANDS",
    "GOLD_COLUMNS",
    "MAX_KM",
    "Evaluation",
    "date_agrees",
    "evaluate",
    "format_evaluation",
]

#: Distance (km) within which a predicted place matches a gold place.
MAX_KM = 3.0
#: Columns a gold file needs (``note`` is optional and shown with misses).
GOLD_COLUMNS = ("article", "kind", "place", "side", "date", "date_precision")
#: Lower bounds of the confidence bands precision is reported for.
CONFIDENCE_BANDS = (0.0, 0.5, 0.7, 0.85)
_PRED_COLUMNS = ("article", "kind", "place", "side", "date")
# An extracted change dated over a year before publication is a control change told as history.
_PRED_KIND_AS = {"historical": "control_change"}
_ERROR_COLUMNS = [
    "error", "article", "kind", "place", "side", "date", "date_precision", "confidence",
    "sentence", "note",
]  # fmt: skip
_SCORE_COLUMNS = ["scope", "key", "gold", "predicted", "hits", "misses", "false_alarms",
                  "precision", "recall", "f1"]  # fmt: skip

TableSource = str | os.PathLike[str] | pd.DataFrame


def date_agrees(pred: str, gold: str, precision: str) -> bool:
    """Whether ISO date ``pred`` agrees with ``gold`` at the gold ``precision``.

    >>> date_agrees("2019-08-28", "2019-08-21", "week")
    True
    >>> date_agrees("2019-09-01", "2019-08-31", "month")
    False
    """
    try:
        p, g = dt.date.fromisoformat(pred[:10]), dt.date.fromisoformat(gold[:10])
    except ValueError:
        return False
    if precision == "week":
        return abs((p - g).days) <= 7
    if precision == "month":
        return (p.year, p.month) == (g.year, g.month)
    if precision == "year":
        return p.year == g.year
    return p == g


def _article_key(value: object) -> str:
    name = str(value).strip()
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and suffix.lower() in ("txt", "html", "htm") else name


# Generic words a gold annotator or a text may add to a name ("Idlib province", "the Aghir
# hilltop"): names are also compared without them.
_GENERIC = frozenset(
    ("province", "governorate", "region", "city", "town", "village", "hill", "hilltop",
     "district", "airport", "airbase", "base", "farms", "the")
)  # fmt: skip


def _bare(name: str) -> str:
    """``fold`` of ``name`` without generic words (the full fold if nothing else is left)."""
    words = [w for w in str(name).split() if w.lower() not in _GENERIC]
    return fold(" ".join(words)) if words else fold(str(name))


@dataclass(frozen=True)
class _GoldPlace:
    folded: str
    bare: str
    ids: frozenset[str]
    points: tuple[tuple[float, float], ...]


@dataclass
class _Gold:
    row: dict[str, str]
    place: _GoldPlace
    hit: bool = False


@dataclass
class Evaluation:
    """The outcome of :func:`evaluate`.

    Attributes
    ----------
    scores : pandas.DataFrame
        Columns ``scope, key, gold, predicted, hits, misses, false_alarms, precision,
        recall, f1``; ``scope`` is ``overall``, ``kind``, ``outlet``, ``article`` or
        ``confidence`` (key: the band's lower bound; only predictions are counted there).
    errors : pandas.DataFrame
        Every miss and false alarm: ``error`` (``miss`` / ``false_alarm``), the event
        fields, the prediction's ``confidence`` and ``sentence``, the gold ``note``.
    """

    scores: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_ERROR_COLUMNS))

    def overall(self) -> dict[str, float]:
        """The overall row of :attr:`scores` as a dict (precision, recall, f1 in 0..1)."""
        row = self.scores[self.scores["scope"] == "overall"].iloc[0]
        return {k: float(row[k]) for k in _SCORE_COLUMNS[2:]}


def _read_table(source: TableSource, what: str, needed: Iterable[str]) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        path: Path | None = None
    else:
        path = Path(source)
        if not path.is_file():
            raise BadInputError(f"no such {what} file", path)
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except pd.errors.EmptyDataError:
            raise BadInputError(f"the {what} file is empty (no header line)", path) from None
        except UnicodeDecodeError:
            read_utf8(path, f"{what} CSV")  # raises naming the first bad byte and its offset
            raise  # not reached: the file decodes whole
        except pd.errors.ParserError as exc:
            raise BadInputError(f"cannot read {what} CSV: {exc}".splitlines()[0], path) from None
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        hint = separator_hint([str(c) for c in frame.columns])
        raise BadInputError(f"{what} table lacks column(s) {', '.join(missing)}{hint}", path)
    return frame


def _read_gold(source: TableSource) -> pd.DataFrame:
    """The gold table, every row checked: a misspelt kind, a date that is not YYYY-MM-DD
    or a precision other than day|week|month|year used to score as silent misses."""
    if isinstance(source, pd.DataFrame):
        frame = _read_table(source, "gold", GOLD_COLUMNS)
        path: Path | None = None
        lines: list[int | None] = [None] * len(frame)
    else:
        path = Path(source)
        if not path.is_file():
            raise BadInputError("no such gold file", path)
        need = "a gold table needs " + ",".join(GOLD_COLUMNS)
        table = read_csv(path, "gold", required=GOLD_COLUMNS, hint=need)
        frame = pd.DataFrame(table.rows, columns=[c for c in table.header if c], dtype=str)
        lines = list(table.lines)
    cells = zip(lines, frame["kind"], frame["date"], frame["date_precision"], strict=True)
    for line, kind, date, precision in cells:
        if kind not in KINDS:
            raise BadInputError(f"kind must be one of {'|'.join(KINDS)}, got {kind!r}", path, line)
        check_iso_date(date, "'date'", path, line)
        if precision not in ("", "day", "week", "month", "year"):
            raise BadInputError(
                f"date_precision must be day|week|month|year, got {precision!r}", path, line
            )
    return frame


def _gold_place(name: str, gazetteer: Gazetteer | None) -> _GoldPlace:
    folded, bare = fold(name), _bare(name)
    if gazetteer is None:
        return _GoldPlace(folded, bare, frozenset(), ())
    ids = set(gazetteer.folded_index.get(folded, ()) or gazetteer.folded_index.get(bare, ()))
    if not ids and folded:
        m = gazetteer.geocode(name)
        if m is not None and m.score >= 90:
            ids.add(m.place_id)
    pts = []
    for pid in sorted(ids):
        place = gazetteer.get(pid)
        pts.append((place.lat, place.lon))
    return _GoldPlace(folded, bare, frozenset(ids), tuple(pts))


def _place_agrees(pred: dict[str, object], gold: _GoldPlace) -> int:
    """2: same gazetteer id or folded name; 1: within MAX_KM only; 0: another place."""
    pid = str(pred.get("place_id", "") or "")
    if pid and pid in gold.ids:
        return 2
    name = str(pred.get("place", ""))
    if gold.folded and (fold(name) == gold.folded or _bare(name) == gold.bare):
        return 2
    try:
        lat, lon = float(pred.get("lat", math.nan)), float(pred.get("lon", math.nan))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    if math.isnan(lat) or math.isnan(lon):
        return 0
    return int(any(km(lat, lon, glat, glon) <= MAX_KM for glat, glon in gold.points))


def _agrees(pred: dict[str, object], gold: _Gold) -> int:
    """How well ``pred`` matches ``gold`` (see :func:`_place_agrees`; 0 on kind, side or
    date)."""
    g = gold.row
    if str(pred["kind"]) != g["kind"]:
        return 0
    if g["side"] and str(pred.get("side", "")) != g["side"]:
        return 0
    if not date_agrees(str(pred.get("date", "")), g["date"], g["date_precision"] or "day"):
        return 0
    return _place_agrees(pred, gold.place)


def _pred_key(pred: dict[str, object]) -> tuple[str, ...]:
    place = str(pred.get("place_id", "") or "") or fold(str(pred.get("place", "")))
    return (str(pred["kind"]), place, str(pred.get("side", "")), str(pred.get("date", "")))


@dataclass
class _Tally:
    gold: int = 0
    predicted: int = 0
    hits: int = 0
    false_alarms: int = 0

    def row(self, scope: str, key: str) -> dict[str, object]:
        """The scores row: counts, precision, recall, F1 (0..1, NaN if undefined)."""
        precision = self.hits / (self.hits + self.false_alarms) if self.predicted else math.nan
        recall = self.hits / self.gold if self.gold else math.nan
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision == precision and recall == recall and precision + recall
            else (0.0 if self.gold and self.predicted else math.nan)
        )
        return {"scope": scope, "key": key, "gold": self.gold, "predicted": self.predicted,
                "hits": self.hits, "misses": self.gold - self.hits if self.gold else 0,
                "false_alarms": self.false_alarms, "precision": _round(precision),
                "recall": _round(recall), "f1": _round(f1)}  # fmt: skip


def _round(value: float) -> float:
    return value if math.isnan(value) else round(value, 3)


def _band(confidence: object) -> str:
    try:
        c = float(confidence)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        c = math.nan
    if math.isnan(c):
        return "none"
    lows = [b for b in CONFIDENCE_BANDS if c >= b]
    return f"{lows[-1]:.2f}" if lows else f"{CONFIDENCE_BANDS[0]:.2f}"


class _Scorer:
    def __init__(self, outlets: dict[str, str]) -> None:
        self.outlets = outlets
        self.tallies: dict[tuple[str, str], _Tally] = {}
        self.errors: list[dict[str, object]] = []

    def tally(self, article: str, kind: str) -> list[_Tally]:
        """The tallies an event of ``article`` and ``kind`` counts in."""
        keys = [("overall", ""), ("kind", kind), ("article", article)]
        if article in self.outlets:
            keys.append(("outlet", self.outlets[article]))
        return [self.tallies.setdefault(k, _Tally()) for k in keys]

    def article(self, article: str, golds: list[_Gold], preds: list[dict[str, object]]) -> None:
        """Match one article's predictions to its gold events and count."""
        for g in golds:
            for t in self.tally(article, g.row["kind"]):
                t.gold += 1
        seen_false: set[tuple[str, ...]] = set()
        for p in preds:
            band = self.tallies.setdefault(("confidence", _band(p.get("confidence"))), _Tally())
            levels = [(_agrees(p, g), g) for g in golds]
            matching = [g for level, g in levels if level]
            # A gold event named as the prediction names it before one only nearby: two
            # villages 2 km apart are two gold events, not one event twice.
            fresh = max(
                ((level, -k, g) for k, (level, g) in enumerate(levels) if level and not g.hit),
                key=lambda x: x[:2],
                default=(0, 0, None),
            )[2]
            if fresh is not None:
                fresh.hit = True
                for t in [*self.tally(article, str(p["kind"])), band]:
                    t.predicted += 1
                    t.hits += 1
            elif not matching and _pred_key(p) not in seen_false:
                seen_false.add(_pred_key(p))
                for t in [*self.tally(article, str(p["kind"])), band]:
                    t.predicted += 1
                    t.false_alarms += 1
                self.errors.append({"error": "false_alarm", "article": article,
                                    **{c: p.get(c, "") for c in _ERROR_COLUMNS[2:9]}})  # fmt: skip
        for g in golds:
            if not g.hit:
                self.errors.append({"error": "miss", "article": article, **g.row,
                                    "confidence": "", "sentence": ""})  # fmt: skip

    def result(self) -> Evaluation:
        """The :class:`Evaluation` of everything counted."""
        order = {"overall": 0, "kind": 1, "outlet": 2, "confidence": 3, "article": 4}
        rows = [t.row(scope, key) for (scope, key), t in self.tallies.items()]
        rows.sort(key=lambda r: (order[str(r["scope"])], str(r["key"])))
        if not any(r["scope"] == "overall" for r in rows):
            rows.insert(0, _Tally().row("overall", ""))
        scores = pd.DataFrame(rows, columns=_SCORE_COLUMNS)
        errors = pd.DataFrame(self.errors, columns=_ERROR_COLUMNS, dtype=object).fillna("")
        return Evaluation(scores, errors)


def evaluate(
    pred: TableSource,
    gold: TableSource,
    *,
    gazetteer: Gazetteer | None | Literal[False] = None,
    articles: TableSource | None = None,
    split: str | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float = 0.0,
) -> Evaluation:
    """Score predicted events (``frontline extract --format csv``) against gold events.

    Parameters
    ----------
    pred : path or DataFrame
        An event table (columns ``article, kind, place, side, date``; ``place_id``, ``lat``,
        ``lon``, ``confidence``, ``sentence`` used when present). Article ids may carry the
        file suffix (``a001.txt`` matches gold ``a001``).
    gold : path or DataFrame
        Columns ``article, kind, place, side, date, date_precision`` (``note`` optional).
        An empty gold side accepts any predicted side.
    gazetteer : Gazetteer, optional
        Resolves gold place names to ids and points. Default: the shipped gazetteer;
        ``False``: match by folded name only.
    articles : path or DataFrame, optional
        Article table (``article`` and ``outlet`` columns, optional ``split``): adds per-outlet
        scores and restricts scoring to its articles (also those without predictions).
    split : str, optional
        With ``articles``: score only its rows whose ``split`` equals this.
    kinds : iterable of str, optional
        Kinds to score; default: the kinds in the gold table.
    min_confidence : float
        Predictions below this confidence (0..1) are ignored.

    Returns
    -------
    Evaluation
        Scores (precision, recall, F1 in 0..1, NaN when undefined) and every error.
    """
    gaz = _gazetteer(gazetteer)
    gold_df = _read_gold(gold)
    pred_df = _read_table(pred, "prediction", _PRED_COLUMNS)
    if gold_df.empty and kinds is None:
        raise BadInputError(
            "the gold table has no events: nothing to score (give --kind to count every "
            "prediction of a kind as a false alarm)",
            None if isinstance(gold, pd.DataFrame) else Path(gold),
        )
    gold_df = gold_df.assign(article=[_article_key(a) for a in gold_df["article"]])
    pred_df = pred_df.assign(
        article=[_article_key(a) for a in pred_df["article"]],
        kind=[_PRED_KIND_AS.get(k, k) for k in pred_df["kind"]],
    )
    wanted = set(kinds) if kinds is not None else set(gold_df["kind"])
    if unknown := sorted(wanted - set(KINDS)):
        raise BadInputError(f"unknown kind {unknown[0]!r}; kinds: {', '.join(KINDS)}")
    outlets: dict[str, str] = {}
    scope: set[str] | None = None
    if articles is not None:
        table = _read_table(articles, "articles", ("article",))
        if split is not None:
            if "split" not in table.columns:
                raise BadInputError("articles table has no 'split' column")
            splits = sorted(set(table["split"]))
            if split not in splits:
                # A misspelt split scored nothing and printed dashes.
                raise BadInputError(
                    f"no article has split {split!r} (splits: {', '.join(splits)})",
                    None if isinstance(articles, pd.DataFrame) else Path(articles),
                )
            table = table[table["split"] == split]
        keys = [_article_key(a) for a in table["article"]]
        scope = set(keys)
        if "outlet" in table.columns:
            outlets = dict(zip(keys, table["outlet"].astype(str), strict=True))
    if "confidence" in pred_df.columns and min_confidence > 0:
        conf = pd.to_numeric(pred_df["confidence"], errors="coerce").fillna(0.0)
        pred_df = pred_df[conf >= min_confidence]
    pred_df = pred_df[pred_df["kind"].isin(wanted)]
    gold_df = gold_df[gold_df["kind"].isin(wanted)]
    if scope is not None:
        gold_df = gold_df[gold_df["article"].isin(scope)]
        pred_df = pred_df[pred_df["article"].isin(scope)]
    scorer = _Scorer(outlets)
    cache: dict[str, _GoldPlace] = {}
    for article in sorted(set(gold_df["article"]) | set(pred_df["article"]) | (scope or set())):
        golds = []
        for row in gold_df[gold_df["article"] == article].to_dict("records"):
            name = str(row["place"])
            if name not in cache:
                cache[name] = _gold_place(name, gaz)
            golds.append(_Gold({str(k): str(v) for k, v in row.items()}, cache[name]))
        preds = [
            {str(k): v for k, v in r.items()}
            for r in pred_df[pred_df["article"] == article].to_dict("records")
        ]
        scorer.article(article, golds, preds)
    return scorer.result()


def _gazetteer(value: Gazetteer | None | Literal[False]) -> Gazetteer | None:
    if value is False:
        return None
    if value is None:
        from frontline.reference.gazetteer import Gazetteer

        return Gazetteer.load()
    return value


def format_evaluation(
    result: Evaluation, fmt: Literal["table", "csv", "json"] = "table", *, errors: bool = True
) -> str:
    """Render an :class:`Evaluation`: ``table`` (scores, then errors with their sentences),
    ``csv`` (the scores) or ``json`` (``{"scores": [...], "errors": [...]}``).

    Returns
    -------
    str
    """
    if fmt == "csv":
        return str(csv_safe(result.scores).to_csv(index=False, lineterminator="\n"))
    if fmt == "json":
        payload = {
            "scores": json.loads(result.scores.to_json(orient="records")),
            "errors": json.loads(result.errors.to_json(orient="records")) if errors else [],
        }
        return json.dumps(payload, indent=1, ensure_ascii=False) + "\n"
    lines = [result.scores.to_string(index=False, na_rep="-")]
    if errors and len(result.errors):
        lines.append("")
        for e in result.errors.to_dict("records"):
            head = (f"{e['error'].upper():11} {e['article']} {e['kind']} {e['place']} "
                    f"{e['side'] or '?'} {e['date']}")  # fmt: skip
            if e["error"] == "miss":
                lines.append(f"{head} ({e['date_precision']}) {e['note']}".rstrip())
            else:
                lines.append(f"{head} conf={e['confidence']}")
                lines.append("    " + " ".join(str(e["sentence"]).split())[:300])
    return "\n".join(lines) + "\n"
