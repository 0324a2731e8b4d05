"""The `kilde` command as a whole: help, lazy subcommands."""

from importlib import import_module

from click.testing import CliRunner

from kilde.cli import COMMANDS, main


def test_every_listed_command_resolves_to_a_command_of_that_name():
    for name, (module, attribute, _) in COMMANDS.items():
        assert getattr(import_module(module), attribute).name == name


def test_top_level_help_lists_commands_with_a_line_each():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["nonsense"])
    assert result.exit_code == 2
    assert "No such command" in result.output
