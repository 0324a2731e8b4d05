"""`kilde analyze`: articles in, who-said-what out (table, JSON or JSON Lines)."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from kilde.article import Analysis
from kilde.ingest import IngestFailure, expand_paths, read_inputs


@click.command("analyze")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="table: readable summary; json: one object (an array for several inputs); "
    "jsonl: one object per line.",
)
@click.option("--model", type=click.Path(exists=True, file_okay=False), help="Use another spaCy pipeline directory.")
def analyze_command(inputs: tuple[str, ...], output_format: str, model: str | None) -> None:
    """Find the quotes, speakers and entities in Danish news articles.

    INPUTS are text files (the crawled-page form: optional ` date YYYY-MM` header,
    paragraphs, optional closing byline), directories (every *.txt inside, recursively),
    or `-` for standard input. A file that cannot be read is reported on stderr and
    skipped; the command then exits with status 1 after processing the rest.
    """
    from kilde.analyze import analyze_many, load

    errors = Console(stderr=True, soft_wrap=True)
    nlp = load(model) if model else None
    failures: list[IngestFailure] = []

    def articles():
        for item in read_inputs(inputs):
            if isinstance(item, IngestFailure):
                failures.append(item)
                errors.print(f"[red]error:[/red] {item.source}: {item.reason}", highlight=False)
                continue
            for warning in item.warnings:
                errors.print(f"[yellow]warning:[/yellow] {item.path}: {warning}", highlight=False)
            yield item

    total = sum(1 for _ in expand_paths(inputs))
    results = analyze_many(articles(), nlp=nlp)
    if output_format == "jsonl":
        for analysis in _with_progress(results, total, errors):
            sys.stdout.write(analysis.to_json() + "\n")
    elif output_format == "json":
        collected = list(_with_progress(results, total, errors))
        if total == 1:
            for analysis in collected:
                sys.stdout.write(analysis.to_json(indent=2) + "\n")
        else:
            sys.stdout.write("[\n" + ",\n".join(a.to_json(indent=2) for a in collected) + "\n]\n")
    else:
        console = Console()
        for analysis in results:
            render_table(analysis, console)
    if failures:
        errors.print(f"{len(failures)} of {total} input(s) failed", highlight=False)
        sys.exit(1)


def _with_progress(results, total: int, console: Console):
    """Yield results, showing a progress bar on stderr for many inputs on a terminal."""
    if total < 5 or not console.is_terminal:
        yield from results
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("analysing", total=total)
        for analysis in results:
            progress.advance(task)
            yield analysis


def render_table(analysis: Analysis, console: Console) -> None:
    """Print one analysis as a readable summary."""
    meta = [analysis.path or analysis.id]
    if analysis.date:
        meta.append(f"date {analysis.date}")
    if analysis.bylines:
        meta.append("byline " + "/".join(analysis.bylines))
    console.print(" · ".join(meta), style="bold", highlight=False)
    table = Table(show_lines=True, expand=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker")
    table.add_column("cue / medium")
    table.add_column("quote", ratio=3)
    for quote in analysis.quotes:
        speaker = quote.speaker
        who = speaker.name or "?"
        details = ", ".join(x for x in (speaker.type, speaker.role, speaker.gender) if x)
        table.add_row(
            quote.kind,
            f"{who}\n[dim]{details}[/dim]",
            " / ".join(x for x in (quote.cue, quote.medium) if x),
            quote.text if len(quote.text) <= 300 else quote.text[:297] + "…",
        )
    console.print(table)
    if analysis.entities:
        names: dict[str, list[str]] = {}
        for entity in analysis.entities:
            bucket = names.setdefault(entity.label, [])
            if entity.text not in bucket:
                bucket.append(entity.text)
        for label, items in names.items():
            console.print(f"[bold]{label}[/bold]: " + ", ".join(items), highlight=False)
    console.print()
