"""The `kilde` command. Each subcommand lives in its own module here and is a thin wrapper.

Subcommands are imported only when used, so `kilde analyze` does not pay for the web
server's or the archive's imports.
"""

from __future__ import annotations

from importlib import import_module

import click

from kilde import __version__

# command name -> (module, attribute, one-line help shown by `kilde --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "analyze": (
        "kilde.cli.analyze",
        "analyze_command",
        "Find quotes, speakers and entities in articles.",
    ),
    "ingest": (
        "kilde.cli.archive",
        "ingest_command",
        "Analyse articles and store them in an archive.",
    ),
    "search": ("kilde.cli.archive", "search_command", "Search the quotes in an archive."),
    "speakers": (
        "kilde.cli.archive",
        "speakers_command",
        "The most-quoted speakers in an archive.",
    ),
    "stats": ("kilde.cli.archive", "stats_command", "Source-diversity statistics of an archive."),
    "serve": ("kilde.cli.serve", "serve_command", "Serve the REST API and web UI over an archive."),
    "batch": (
        "kilde.cli.batch",
        "batch_command",
        "Archive-scale runs on Dask, written as Parquet.",
    ),
    "model": ("kilde.cli.model", "model_group", "Inspect, evaluate and retrain the Danish model."),
    "evaluate": (
        "kilde.cli.evaluate",
        "evaluate_command",
        "Score predictions against gold annotations.",
    ),
    "labelstudio-import": (
        "kilde.cli.labelstudio",
        "labelstudio_import_command",
        "Turn a Label Studio export into gold files.",
    ),
    "labelstudio-config": (
        "kilde.cli.labelstudio",
        "labelstudio_config_command",
        "Print the Label Studio labelling setup.",
    ),
    "render": (
        "kilde.cli.render",
        "render_command",
        "Render articles as HTML with quotes and speakers marked.",
    ),
    "schema": ("kilde.cli", "schema_command", "Print the JSON Schema of the analysis output."),
}


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        return getattr(import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kilde")
def main() -> None:
    """kilde reads Danish news and records who said what.

    \b
    Examples:
      kilde analyze article.txt                    # readable summary
      kilde analyze dir/ --format jsonl > out.jsonl
      cat article.txt | kilde analyze - --format json
      kilde ingest dir/ --db kilde.db && kilde stats --by outlet
      kilde serve --db kilde.db                    # web UI on http://127.0.0.1:8000
    """


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of kilde's analysis output."""
    import json

    from kilde.article import analysis_json_schema

    click.echo(json.dumps(analysis_json_schema(), ensure_ascii=False, indent=2))
