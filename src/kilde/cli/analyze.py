"""`kilde analyze`: articles in, who-said-what out (table, JSON or JSON Lines)."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from kilde.article import Analysis, Article
from kilde.export import EXPORT_FORMATS, FILE_ONLY_FORMATS
from kilde.ingest import INPUT_FORMATS, IngestFailure, expand_paths, read_inputs
from kilde.ingest.language import parse_language_list


@click.command("analyze")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "jsonl", *EXPORT_FORMATS]),
    default="table",
    show_default=True,
    help="table: readable summary; json: one object (an array for several inputs); "
    "jsonl: one object per line; jsonld: schema.org NewsArticle/Quotation; csv, parquet: "
    "one row per quote; ninjs: IPTC ninjs lines; labelstudio: Label Studio tasks.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output (required for parquet).",
)
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default="auto",
    show_default=True,
    help="Format of the inputs; auto tells each file's format from its content.",
)
@click.option(
    "--languages",
    default="da",
    show_default=True,
    help="Comma-separated ISO 639-1 codes of the languages to analyse (da, nb, nn, sv, en, "
    "de; `no` = nb+nn); `all` analyses every article. Others are skipped with a warning.",
)
@click.option(
    "--date",
    "reference_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Resolve relative dates (`sent tirsdag`, `i går`) against this day (YYYY-MM-DD) "
    "instead of the article's own date.",
)
@click.option(
    "--model",
    type=click.Path(exists=True, file_okay=False),
    help="Use another spaCy pipeline directory.",
)
def analyze_command(
    inputs: tuple[str, ...],
    output_format: str,
    output: str | None,
    input_format: str,
    languages: str,
    reference_date: datetime | None,
    model: str | None,
) -> None:
    """Find the quotes, speakers and entities in Danish news articles.

    INPUTS are files, directories (every supported file inside, recursively) or `-` for
    standard input. Formats: the crawled-page text form (optional ` date YYYY-MM` header,
    paragraphs, optional closing byline), JSON Lines (.jsonl, .jsonl.gz) and JSON records
    {id, url, date, title, text, outlet, bylines}, HTML pages, IPTC NewsML-G2 and NITF XML,
    and IPTC ninjs. A file or record that cannot be read is reported on stderr (file and
    line) and skipped; the command then exits with status 1 after processing the rest.
    Articles in a language outside --languages are skipped with a warning.
    """
    if output_format in FILE_ONLY_FORMATS and not output:
        raise click.UsageError(f"--format {output_format} needs --output FILE")
    allowed_languages = parse_language_list(languages)
    from kilde.pipeline import analyze_many, load

    errors = Console(stderr=True, soft_wrap=True)
    nlp = load(model) if model else None
    failures: list[IngestFailure] = []

    def articles():
        for item in read_inputs(inputs, input_format):
            if isinstance(item, IngestFailure):
                failures.append(item)
                errors.print(f"[red]error:[/red] {item.source}: {item.reason}", highlight=False)
                continue
            for warning in item.warnings:
                errors.print(f"[yellow]warning:[/yellow] {item.path}: {warning}", highlight=False)
            note = _language_check(item, allowed_languages)
            if note:
                errors.print(f"[yellow]warning:[/yellow] {item.path}: {note}", highlight=False)
                if note.startswith("skipped"):
                    continue
            yield item

    total = sum(1 for _ in expand_paths(inputs))
    results = analyze_many(
        articles(), nlp=nlp, reference_date=reference_date.date() if reference_date else None
    )
    if output_format in EXPORT_FORMATS:
        from kilde.export import write_analyses

        write_analyses(output_format, _with_progress(results, total, errors), output)
    elif output_format == "jsonl":
        for analysis in _with_progress(results, total, errors):
            sys.stdout.write(analysis.to_json() + "\n")
    elif output_format == "json":
        collected = list(_with_progress(results, total, errors))
        if total == 1 and len(collected) <= 1:  # several records in one file: an array
            for analysis in collected:
                sys.stdout.write(analysis.to_json(indent=2) + "\n")
        else:
            sys.stdout.write("[\n" + ",\n".join(a.to_json(indent=2) for a in collected) + "\n]\n")
    else:
        console = Console()
        for analysis in results:
            render_table(analysis, console)
    if failures:
        summary = f"{len(failures)} file(s) or record(s) of {total} input(s) failed"
        errors.print(summary, highlight=False)
        sys.exit(1)


def _language_check(article: Article, allowed: frozenset[str] | None) -> str | None:
    """Why an article is skipped (or analysed despite an undetermined language), or None."""
    if allowed is None:
        return None
    if article.language is None:
        return "language undetermined (too little text to tell); analysed anyway"
    if article.language not in allowed:
        wanted = ",".join(sorted(allowed))
        return f"skipped: language is {article.language!r}, not in --languages {wanted}"
    return None


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
    """Print one analysis as a readable summary: a block per quote, then the names."""
    meta = [analysis.path or analysis.id]
    if analysis.date:
        meta.append(f"date {analysis.date}")
    if analysis.language:
        meta.append(f"language {analysis.language}")
    if analysis.bylines:
        meta.append("byline " + "/".join(analysis.bylines))
    console.print(" · ".join(meta), style="bold", highlight=False)
    console.print(f"{len(analysis.quotes)} quote(s)", style="dim")
    for number, quote in enumerate(analysis.quotes, 1):
        speaker = quote.speaker
        details = ", ".join(x for x in (speaker.type, speaker.role, speaker.gender) if x)
        header = Text(f"{number:>3}. {quote.kind:<8} ")
        header.append(speaker.name or "?", style="bold cyan")
        header.append(f" ({details})" if details else "", style="dim")
        for label, value in (("cue", quote.cue), ("medium", quote.medium), ("via", quote.via)):
            if value:
                header.append(f" · {label} ", style="dim")
                header.append(value)
        console.print(header)
        text = quote.text if len(quote.text) <= 300 else quote.text[:297] + "…"
        console.print(Padding(Text(text), (0, 0, 0, 5)))
    names: dict[str, list[str]] = {}
    for entity in analysis.entities:
        bucket = names.setdefault(entity.label, [])
        if entity.text not in bucket:
            bucket.append(entity.text)
    for label, items in names.items():
        console.print(f"[bold]{label}[/bold]: " + ", ".join(items), highlight=False)
    console.print()
