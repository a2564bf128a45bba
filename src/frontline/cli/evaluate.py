"""``frontline evaluate``: score extracted events against hand-annotated gold events."""

from __future__ import annotations

import click

__all__ = ["evaluate_cmd"]


@click.command("evaluate")
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: scores then every miss and false alarm; csv: scores; json: both.",
)
@click.option(
    "--articles",
    type=click.Path(exists=True, dir_okay=False),
    help="Article table (article,outlet[,split]): per-outlet scores; only its articles count.",
)
@click.option("--split", help="With --articles: score only rows whose split is this (dev, test).")
@click.option("--kind", "kinds", multiple=True, help="Kind to score (repeat); default: gold's.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Ignore predictions below this confidence (0..1).")  # fmt: skip
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Also write every miss and false alarm to this CSV (atomically).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(), help="Write here (atomically); default stdout.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(exists=True), help="Gazetteer CSV.")
def evaluate_cmd(
    pred: str,
    gold: str,
    fmt: str,
    articles: str | None,
    split: str | None,
    kinds: tuple[str, ...],
    min_confidence: float,
    errors_path: str | None,
    output: str | None,
    gazetteer_path: str | None,
) -> None:
    """Score PRED (an event table from `frontline extract --format csv`) against GOLD.

    GOLD has columns article,kind,place,side,date,date_precision[,note]. A prediction hits
    a gold event of the same article on the same kind and side, a date agreeing to the gold
    precision (day, week = +-7 days, month, year) and the same place (gazetteer id, <= 3 km,
    or folded name). Prints precision, recall and F1 overall, per kind, per outlet, per
    confidence band and per article, then every miss and false alarm with its sentence.
    """
    from frontline.events.evaluate import evaluate, format_evaluation

    gazetteer = None
    if gazetteer_path:
        from frontline.reference.gazetteer import Gazetteer

        gazetteer = Gazetteer.load(gazetteer_path)
    if output or errors_path:
        from frontline._io import refuse_overwriting_inputs

        inputs = [pred, gold, *([articles] if articles else [])]
        for target in (output, errors_path):
            if target:
                refuse_overwriting_inputs(target, inputs)
    result = evaluate(
        pred,
        gold,
        gazetteer=gazetteer,
        articles=articles,
        split=split,
        kinds=kinds or None,
        min_confidence=min_confidence,
    )
    text = format_evaluation(result, fmt)  # type: ignore[arg-type]
    from frontline._io import atomic_write, csv_safe

    if errors_path:
        atomic_write(errors_path, csv_safe(result.errors).to_csv(index=False, lineterminator="\n"))
    if output:
        atomic_write(output, text)
        click.echo(f"wrote the evaluation to {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
