"""`kilde batch`: archive-scale runs on Dask distributed, partitions in, Parquet tables out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from kilde.batch import BatchReport

SHOWN_FAILURES = 20


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Results directory (created; re-running into it skips finished partitions).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["parquet"]),
    default="parquet",
    show_default=True,
    help="Output format of the tables.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Use a running Dask cluster (e.g. tcp://host:8786) instead of a local one.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Local worker processes (one thread each)  [default: all cores]",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Times a failed partition is retried before it is recorded as failed.",
)
@click.option("--force", is_flag=True, help="Reprocess partitions that are already finished.")
@click.option(
    "--languages",
    default="all",
    show_default=True,
    help="Comma-separated ISO 639-1 codes (da, nb, nn, sv, en, de; `no` = nb+nn) of the "
    "languages to analyse; documents detected as another language are reported, recorded in "
    "the manifest and not analysed. `all` analyses every document.",
)
@click.option("--model", help="Use another spaCy pipeline directory (must exist on the workers).")
def batch_command(
    inputs: tuple[str, ...],
    out: str,
    output_format: str,
    scheduler: str | None,
    workers: int | None,
    retries: int,
    force: bool,
    languages: str,
    model: str | None,
) -> None:
    """Analyse an archive on a Dask cluster and write Parquet tables.

    Each INPUT is one partition, the unit of work: a file (.jsonl, .jsonl.gz, .txt, or any
    format `kilde analyze` reads) or a directory of .txt files. Every worker loads the
    pipeline once; partitions are spread over the workers.

    \b
    Output in --out (one file per input partition in each table; schema in docs/batch.md):
      articles/  quotes/  speakers/  entities/     *.parquet
      manifest.jsonl   journal of runs and partitions (input, outputs, counts, status,
                       duration, failures)
      manifest.json    summary: totals, partitions, failures

    \b
    A document that cannot be read or analysed is recorded in the manifest, not fatal;
    a failing partition is retried (--retries), then recorded as failed; a re-run skips
    the partitions that finished and whose input is unchanged. The exit status is 1 if
    any document or partition failed. Documents in a language outside --languages are
    listed in the manifest (other_languages), not analysed, and not counted as failures.

    \b
    Examples:
      kilde batch corpus/*.jsonl.gz --out results/                 # local, all cores
      kilde batch corpus/*.jsonl.gz --out results/ --languages da  # Danish only
      kilde batch /shared/corpus/*.jsonl.gz --out /shared/results/ \\
            --scheduler tcp://host:8786                            # existing cluster
      duckdb -c "SELECT count(*) FROM 'results/quotes/*.parquet'"
    """
    from kilde.batch import run_batch
    from kilde.ingest.language import parse_language_list

    if scheduler:  # remote workers have another working directory
        inputs = tuple(str(Path(item).resolve()) for item in inputs)
    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "partitions · {task.fields[articles]:,} articles · {task.fields[failed]} failures"
        ),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=errors,
        disable=not errors.is_terminal,
    )
    task = progress.add_task("analysing", total=None, articles=0, failed=0)
    totals = {"articles": 0, "failed": 0}

    def on_start(to_do: int, skipped: int) -> None:
        if skipped:
            errors.print(f"skipping {skipped} finished partition(s)")
        progress.update(task, total=to_do)

    def on_result(record: dict[str, Any]) -> None:
        totals["articles"] += record.get("articles", 0)
        totals["failed"] += len(record.get("failures", [])) + (record["status"] != "done")
        progress.update(task, advance=1, **totals)
        if record["status"] != "done":
            errors.print(f"[red]error:[/red] partition {record['input']}: {record['error']}")

    try:
        with progress:
            report = run_batch(
                inputs,
                out,
                scheduler=scheduler,
                workers=workers,
                model=model,
                retries=retries,
                force=force,
                languages=parse_language_list(languages),
                on_start=on_start,
                on_result=on_result,
            )
    except KeyboardInterrupt:
        errors.print(
            "interrupted: finished partitions are kept; run the same command again to resume"
        )
        sys.exit(130)
    print_summary(report, Console(highlight=False, soft_wrap=True), errors, languages)
    if not report.ok:
        sys.exit(1)


def print_summary(
    report: BatchReport, console: Console, errors: Console, languages: str = "all"
) -> None:
    """The closing summary (on `console`); documents left out for their language and
    failed documents (on `errors`)."""
    seconds = max(report.processing_s, 1e-9)
    articles, words = report.total("articles"), report.total("words")
    other = report.other_languages
    for item in other[:SHOWN_FAILURES]:
        errors.print(
            f"[yellow]warning:[/yellow] {item['source']}: not analysed: language is "
            f"{item['language']!r} (--languages {languages})"
        )
    if len(other) > SHOWN_FAILURES:
        errors.print(f"… and {len(other) - SHOWN_FAILURES} more (see manifest.json)")
    console.print(
        f"[bold]kilde batch[/bold]: {report.partitions} partition(s): {len(report.done)} "
        f"processed, {len(report.skipped)} skipped, {len(report.failed)} failed; "
        f"{articles:,} articles"
        + (f" ({len(other):,} more in other languages, not analysed)" if other else "")
        + f", {words:,} words, {report.total('quotes'):,} quotes, "
        f"{report.total('entities'):,} entities in {report.duration_s:.1f} s "
        f"(starting workers and loading the pipeline {report.startup_s:.1f} s; then "
        f"{articles / seconds:,.1f} articles/s, {words / seconds:,.0f} words/s"
        f"{f' on {report.workers} workers' if report.workers else ''}) → {report.results_dir}"
    )
    failures = report.document_failures
    for failure in failures[:SHOWN_FAILURES]:
        errors.print(f"[red]error:[/red] {failure['source']}: {failure['reason']}")
    if len(failures) > SHOWN_FAILURES:
        errors.print(f"… and {len(failures) - SHOWN_FAILURES} more (see manifest.json)")
