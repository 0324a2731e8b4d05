"""`kilde render`: a displaCy-style HTML page of the quotes and speakers in articles."""

from __future__ import annotations

import click

from kilde.cli.analyze import analyze_command


@click.command("render")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the page to this file instead of standard output.",
)
@click.option(
    "--languages",
    default="da",
    show_default=True,
    help="Languages to analyse, as for `kilde analyze`.",
)
@click.option(
    "--model",
    type=click.Path(exists=True, file_okay=False),
    help="Use another spaCy pipeline directory.",
)
@click.pass_context
def render_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str | None,
    languages: str,
    model: str | None,
) -> None:
    """Render articles as HTML with every quote marked and labelled with its speaker.

    \b
    Example:
      kilde render article.txt > article.html

    The same as `kilde analyze INPUTS --format html`.
    """
    ctx.invoke(
        analyze_command,
        inputs=inputs,
        output_format="html",
        output=output,
        input_format="auto",
        languages=languages,
        reference_date=None,
        model=model,
    )
