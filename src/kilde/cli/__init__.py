"""The `kilde` command. Each subcommand lives in its own module here and is a thin wrapper."""

from __future__ import annotations

import click

from kilde import __version__
from kilde.cli.analyze import analyze_command
from kilde.cli.archive import ingest_command, search_command, speakers_command, stats_command
from kilde.cli.batch import batch_command
from kilde.cli.evaluate import evaluate_command
from kilde.cli.labelstudio import labelstudio_config_command, labelstudio_import_command
from kilde.cli.model import model_group
from kilde.cli.serve import serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kilde")
def main() -> None:
    """kilde reads Danish news and records who said what.

    \b
    Examples:
      kilde analyze article.txt                    # readable summary
      kilde analyze dir/ --format jsonl > out.jsonl
      cat article.txt | kilde analyze - --format json
    """


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of kilde's analysis output."""
    import json

    from kilde.article import analysis_json_schema

    click.echo(json.dumps(analysis_json_schema(), ensure_ascii=False, indent=2))


main.add_command(analyze_command)
main.add_command(schema_command)
main.add_command(ingest_command)
main.add_command(search_command)
main.add_command(speakers_command)
main.add_command(stats_command)
main.add_command(model_group)
main.add_command(batch_command)
main.add_command(evaluate_command)
main.add_command(labelstudio_import_command)
main.add_command(labelstudio_config_command)
main.add_command(serve_command)
