"""`kilde ingest`, `kilde search`, `kilde speakers`, `kilde stats`: the archive commands."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from kilde.store import Archive, ArchiveVersionError
from kilde.store.stats import STATS_FIELDS

FORMATS = click.Choice(["table", "csv", "json"])
db_option = click.option(
    "--db",
    "target",
    envvar="KILDE_DB",
    default="kilde.db",
    show_default=True,
    help="Archive: a SQLite file path or a postgresql:// URL (env KILDE_DB).",
)
format_option = click.option(
    "--format",
    "output_format",
    type=FORMATS,
    default="table",
    show_default=True,
    help="table: readable; csv or json: for other programs.",
)


@contextmanager
def open_archive(target: str, create: bool = False) -> Iterator[Archive]:
    """Open the archive or exit clearly (a missing file is an error unless `create`)."""
    is_url = "://" in target
    if not create and not is_url and not Path(target).exists():
        raise click.ClickException(
            f"no archive at {target} (create one with `kilde ingest … --db {target}`)"
        )
    try:
        archive = Archive.open(target, notify=lambda m: click.echo(f"kilde: {m}", err=True))
    except ArchiveVersionError as error:
        raise click.ClickException(str(error)) from error
    except Exception as error:
        if type(error).__module__.startswith(("psycopg", "sqlite3")):
            raise click.ClickException(f"cannot open archive {target}: {error}") from error
        raise
    try:
        yield archive
    finally:
        archive.close()


def emit(
    rows: list[dict[str, Any]], columns: list[str], output_format: str, title: str = ""
) -> None:
    """Write rows as a rich table, CSV or JSON to standard output."""
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    flat = [{c: _flat(row.get(c)) for c in columns} for row in rows]
    if output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
        return
    table = Table(title=title or None, show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in flat:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    Console().print(table)


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(
            f"{v['name']} ({v['quotes']})" if isinstance(v, dict) and "name" in v else str(v)
            for v in value
        )
    if isinstance(value, float):
        return round(value, 4)
    return value


# -- ingest ----------------------------------------------------------------------------------


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--workers", type=click.IntRange(min=1), help="Analysis processes (default: all cores)."
)
@click.option(
    "--model",
    envvar="KILDE_MODEL",
    help="spaCy pipeline directory to analyse with, or `blank` (tokenizer + attribution only, "
    "fast; for tests). Default: the shipped model (env KILDE_MODEL).",
)
@click.option(
    "--languages",
    default="all",
    show_default=True,
    help="Comma-separated ISO 639-1 codes (da, nb, nn, sv, en, de; `no` = nb+nn) of the "
    "languages to store; articles detected as another language are reported and not stored. "
    "`all` stores every article with its detected language.",
)
def ingest_command(
    inputs: tuple[str, ...],
    target: str,
    workers: int | None,
    model: str | None,
    languages: str,
) -> None:
    """Analyse articles and store them in the archive.

    INPUTS are files, directories or `-`. Articles already in the archive (same text) are
    skipped, so an interrupted ingest is resumed by running the same command again. A
    document that cannot be read or analysed is recorded with its reason (see the
    ingest_errors table) and the command exits with status 1 at the end.
    """
    from kilde.ingest import expand_paths
    from kilde.ingest.language import parse_language_list
    from kilde.store.ingest import default_workers, ingest

    errors = Console(stderr=True)
    paths = list(expand_paths(inputs))
    total = len(paths) if paths and all(p.lower().endswith(".txt") for p in paths) else None
    workers = workers or default_workers()
    with open_archive(target, create=True) as archive:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        progress = Progress(
            SpinnerColumn(),
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s"),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
            disable=not errors.is_terminal,
        )
        task = progress.add_task("ingest", total=total, rate=0.0, errors=0)

        def show(report) -> None:
            progress.update(
                task, completed=report.seen, rate=report.articles_per_second, errors=report.failed
            )

        with progress:
            report = ingest(
                archive,
                paths,
                workers=workers,
                model=model,
                languages=parse_language_list(languages),
                on_progress=show,
            )
    for source, language in report.other_languages[:20]:
        errors.print(
            f"[yellow]warning:[/yellow] {source}: not stored: language is {language!r} "
            f"(--languages {languages})",
            highlight=False,
            soft_wrap=True,
        )
    for failure in report.failures[:20]:
        errors.print(
            f"[red]error:[/red] {failure.source}: {failure.reason}", highlight=False, soft_wrap=True
        )
    if len(report.failures) > 20:
        errors.print(
            f"… and {len(report.failures) - 20} more (see the ingest_errors table)", soft_wrap=True
        )
    errors.print(
        f"stored {report.stored} article(s), {report.words} words in {report.seconds:.1f} s "
        f"({report.articles_per_second:.1f} articles/s, {report.words_per_second:.0f} words/s, "
        f"{report.workers} worker(s)); skipped {report.skipped} already stored"
        + (f", {len(report.other_languages)} in other languages" if report.other_languages else "")
        + f"; {report.failed} failed",
        highlight=False,
        soft_wrap=True,
    )
    if report.interrupted:
        errors.print(
            "interrupted: run the same command again to resume", highlight=False, soft_wrap=True
        )
        sys.exit(128 + (report.stop_signal or 2))
    if report.failed:
        sys.exit(1)


# -- search ----------------------------------------------------------------------------------

SEARCH_COLUMNS = [
    "date",
    "outlet",
    "speaker",
    "speaker_type",
    "gender",
    "kind",
    "text",
    "article_id",
]


@click.command("search")
@click.argument("query", required=False)
@click.option("--speaker", help="Speaker name or alias (part of it), e.g. Frederiksen.")
@click.option(
    "--speaker-type",
    type=click.Choice(["person", "organization", "anonymous", "document", "unknown"]),
)
@click.option("--gender", type=click.Choice(["f", "m", "unknown"]))
@click.option("--outlet", help="Outlet exactly as stored, e.g. politiken.dk.")
@click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="From this period on.")
@click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Up to and including this period.")
@click.option(
    "--place",
    help="Quotes about this place: mentioned in the quote (city, region or country, by "
    "name or ISO code) or named as a location in the article.",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@format_option
@db_option
def search_command(
    query: str | None, limit: int, offset: int, output_format: str, target: str, **filters: Any
) -> None:
    """Find quotes: Danish full-text QUERY (stemmed: `soldat` finds `soldaterne`) and filters."""
    with open_archive(target) as archive:
        try:
            page = archive.search(query, limit=limit, offset=offset, **filters)
        except ValueError as error:
            raise click.BadParameter(str(error)) from error
    rows = [asdict(hit) for hit in page.items]
    emit(
        rows,
        SEARCH_COLUMNS if output_format == "table" else list(rows[0]) if rows else SEARCH_COLUMNS,
        output_format,
        title=f"{len(rows)} quote(s)" + (" (more with --offset)" if page.has_more else ""),
    )


# -- speakers --------------------------------------------------------------------------------

SPEAKER_COLUMNS = [
    "id",
    "name",
    "type",
    "gender",
    "quotes",
    "articles",
    "roles",
    "first_date",
    "last_date",
]


@click.command("speakers")
@click.option(
    "--top", type=click.IntRange(1, 1000), default=20, show_default=True, help="How many."
)
@click.option("--name", help="Only speakers whose name contains this.")
@click.option(
    "--type",
    "speaker_type",
    type=click.Choice(["person", "organization", "anonymous", "document", "unknown"]),
)
@click.option("--gender", type=click.Choice(["f", "m", "unknown"]))
@format_option
@db_option
def speakers_command(
    top: int,
    name: str | None,
    speaker_type: str | None,
    gender: str | None,
    output_format: str,
    target: str,
) -> None:
    """The most-quoted people and organisations, with counts, roles and gender."""
    with open_archive(target) as archive:
        page = archive.speakers(limit=top, name=name, speaker_type=speaker_type, gender=gender)
    rows = [asdict(s) for s in page.items]
    emit(rows, SPEAKER_COLUMNS, output_format, title="speakers")


# -- stats -----------------------------------------------------------------------------------

STATS_COLUMNS = [
    "articles",
    "wire_share",
    "quotes",
    "speakers",
    "women_share",
    "men_share",
    "unknown_gender_share",
    "anonymous_share",
    "top_women",
    "top_men",
]


@click.command("stats")
@click.option(
    "--by",
    "by",
    type=click.Choice(["outlet", "month", "year"]),
    multiple=True,
    help="Group by (repeatable: --by outlet --by month).",
)
@click.option("--outlet", help="Only this outlet.")
@click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]")
@click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]")
@click.option(
    "--speaker-id",
    "speaker_id",
    type=click.IntRange(min=1),
    metavar="ID",
    help="Only this speaker's quotes and the articles they are quoted in.",
)
@format_option
@db_option
def stats_command(
    by: tuple[str, ...],
    outlet: str | None,
    date_from: str | None,
    date_to: str | None,
    speaker_id: int | None,
    output_format: str,
    target: str,
) -> None:
    """Source diversity: quotes by women/men/unknown gender, anonymous and wire shares.

    Shares are fractions of all quotes in the group (wire: of articles). Gender comes
    only from evidence in the text; unknown stays unknown.
    """
    with open_archive(target) as archive:
        try:
            rows = archive.stats(
                by=by,
                outlet=outlet,
                date_from=date_from,
                date_to=date_to,
                speaker_id=speaker_id,
            )
        except ValueError as error:
            raise click.BadParameter(str(error)) from error
    columns = list(by) + (STATS_COLUMNS if output_format == "table" else STATS_FIELDS)
    emit(rows, columns, output_format, title="source diversity")
