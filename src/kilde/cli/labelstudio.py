"""`kilde labelstudio-import`: a Label Studio export back into gold JSON files."""

from __future__ import annotations

import click


@click.command("labelstudio-import")
@click.argument("export_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "gold_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory to write <id>.json gold files to (created if missing).",
)
def labelstudio_import_command(export_file: str, gold_dir: str) -> None:
    """Convert EXPORT_FILE (Label Studio's JSON export of tasks made with
    `kilde analyze --format labelstudio`) into gold files in the eval GUIDELINES.md format.

    Each task's latest non-cancelled annotation becomes `<id>.json`; tasks without one are
    reported on stderr. Score kilde on them with `kilde evaluate GOLD_DIR ARTICLES`.
    The labelling interface to use in Label Studio is printed by `kilde labelstudio-config`.
    """
    from kilde.export.labelstudio import import_export_file

    written, problems = import_export_file(export_file, gold_dir)
    for problem in problems:
        click.echo(f"warning: {export_file}: {problem}", err=True)
    click.echo(f"{written} gold file(s) written to {gold_dir}", err=True)
    if not written:
        raise SystemExit(1)


@click.command("labelstudio-config")
def labelstudio_config_command() -> None:
    """Print the Label Studio labelling interface (XML) that kilde's tasks are made for."""
    from kilde.export.labelstudio import LABEL_CONFIG

    click.echo(LABEL_CONFIG, nl=False)
