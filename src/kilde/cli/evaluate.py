"""`kilde evaluate`: score kilde (or any predictions) against a gold directory."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("evaluate")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("predictions", required=False, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--show-errors", is_flag=True, help="List missed, spurious, misattributed quotes.")
@click.option(
    "--model",
    type=click.Path(exists=True, file_okay=False),
    help="spaCy pipeline directory to analyse articles with.",
)
def evaluate_command(
    gold_dir: str, predictions: str | None, as_json: bool, show_errors: bool, model: str | None
) -> None:
    """Score predictions against GOLD_DIR (<id>.json files, the eval GUIDELINES.md format).

    PREDICTIONS is a JSON Lines file (`kilde analyze … --format jsonl`), or a directory
    (or file) of articles that kilde analyses first. Without it, the `articles` directory
    beside GOLD_DIR is analysed. The metrics are those of the eval score.py.
    """
    from kilde.evaluate import evaluate, load_gold_dir, load_predictions

    golds = load_gold_dir(gold_dir)
    if not golds:
        raise click.UsageError(f"no *.json gold files in {gold_dir}")
    source = Path(predictions) if predictions else Path(gold_dir).parent / "articles"
    if not source.exists():
        raise click.UsageError(f"give PREDICTIONS (no articles directory at {source})")
    if source.is_file() and source.suffix == ".jsonl" and _is_prediction_file(source):
        records = load_predictions(source)
    else:
        records = _analyse(str(source), model)
    result = evaluate(golds, records, show_errors=show_errors)
    for line in result.errors:
        click.echo(line)
    if as_json:
        click.echo(json.dumps(result.scores))
    else:
        for key, value in result.scores.items():
            click.echo(f"{key:22} {value}")


def _is_prediction_file(path: Path) -> bool:
    """A JSONL file whose first record has kilde's output fields (not an input archive)."""
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(record, dict) and "quotes" in record
    return False


def _analyse(source: str, model: str | None) -> list[dict]:
    """Analyse every article under `source` (all languages); failures go to stderr."""
    from kilde.ingest import IngestFailure, read_inputs
    from kilde.pipeline import analyze_many, load

    def articles():
        for item in read_inputs([source]):
            if isinstance(item, IngestFailure):
                click.echo(f"error: {item.source}: {item.reason}", err=True)
            else:
                yield item

    nlp = load(model) if model else None
    return [a.model_dump(mode="json") for a in analyze_many(articles(), nlp=nlp)]
