"""Every command, and the group, explains itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from bot.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_expected_commands_exist() -> None:
    assert COMMANDS == [
        "ask",
        "backup",
        "browse",
        "console",
        "demo",
        "digest",
        "export",
        "flag",
        "history",
        "ingest",
        "run",
        "sources",
        "watch",
    ]


def test_every_subcommand_of_a_group_has_help(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        for sub_name, sub in getattr(command, "commands", {}).items():
            assert sub.help and sub.help.strip(), f"{name} {sub_name}"
            result = runner.invoke(cli, [name, sub_name, "--help"])
            assert result.exit_code == 0, result.output


def test_the_group_has_help_listing_every_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert "Wiredesk: who claims what about a topic" in result.stdout
    assert "--db PATH" in result.stdout
    for name in COMMANDS:
        summary = cli.commands[name].get_short_help_str(limit=45)
        assert summary
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(runner: CliRunner, name: str, flag: str) -> None:
    command = cli.commands[name]
    assert command.help and command.help.strip()
    result = runner.invoke(cli, [name, flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {name} ")
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()) in " ".join(result.stdout.split())
    assert result.stderr == ""


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help_text(name: str) -> None:
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help text"


def test_group_options_have_help_text() -> None:
    for param in cli.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{param.opts} has no help text"


def test_help_does_not_open_a_database(runner: CliRunner, tmp_path) -> None:
    for name in COMMANDS:
        assert runner.invoke(cli, ["--db", str(tmp_path / "x.db"), name, "--help"]).exit_code == 0
    assert not (tmp_path / "x.db").exists()


def test_help_names_only_readme_sections_that_exist(runner: CliRunner) -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (.+)$", readme, re.M))
    for name in COMMANDS:
        text = " ".join(runner.invoke(cli, [name, "--help"]).output.split())
        for section in re.findall(r'README, "([^"]+)"', text):
            assert section in headings, f"{name} --help names a README section {section!r}"


def test_backup_help_says_to_remove_the_old_wal_and_shm_files(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(cli, ["backup", "--help"]).output.split())
    assert "-wal" in text and "-shm" in text


def test_digest_help_gives_the_default_date_as_the_readme_does(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(cli, ["digest", "--help"]).output.split())
    assert "the most recent one due" in text and "default: today" not in text
