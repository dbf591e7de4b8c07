"""The docs stay honest: manifest commands have listeners and README entries; .env.example
lists exactly the settings.

PyYAML is not a dependency, so the manifest is read with a small line parser that knows the
shape of ``features.slash_commands`` (a list of flat mappings) and nothing more.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.support import slack_app
from tests.support.signed import post_signed, slash_command_body
from tests.support.slack_app import SECRET, Desk

# The app fixtures (see tests/support/slack_app.py), made visible to this module's tests.
clean_env, standin, serve_desk, desk = (
    slack_app.clean_env,
    slack_app.standin,
    slack_app.serve_desk,
    slack_app.desk,
)

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "manifest.yml"
README = ROOT / "README.md"
ENV_EXAMPLE = ROOT / ".env.example"


def _scalar(value: str) -> str | bool:
    value = re.sub(r"\s+#.*$", "", value).strip()
    if value[:1] in {'"', "'"} and value[-1:] == value[:1]:
        return value[1:-1]
    return {"true": True, "false": False}.get(value, value)


def slash_commands(text: str) -> list[dict[str, str | bool]]:
    """The entries of ``features.slash_commands`` in a manifest's YAML text."""
    commands: list[dict[str, str | bool]] = []
    lines = text.splitlines()
    start = next(
        (n for n, line in enumerate(lines) if re.match(r"^\s+slash_commands:\s*$", line)), None
    )
    if start is None:
        return commands
    indent = len(lines[start]) - len(lines[start].lstrip())
    for line in lines[start + 1 :]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break  # the next key of `features`
        item = re.match(r"^\s*-\s+(\w+):\s*(.*)$", line)
        field = re.match(r"^\s+(\w+):\s*(.*)$", line)
        if item:
            commands.append({item[1]: _scalar(item[2])})
        elif field and commands:
            commands[-1][field[1]] = _scalar(field[2])
    return commands


def test_manifest_parser_reads_a_list_of_commands() -> None:
    text = (
        "features:\n"
        "  slash_commands:\n"
        "    - command: /a\n"
        '      usage_hint: "TOPIC | help"  # hint\n'
        "      should_escape: true\n"
        "      # url: https://x\n"
        "    - command: /b\n"
        "      should_escape: false\n"
        "  shortcuts: []\n"
        "should_escape: true\n"
    )
    assert slash_commands(text) == [
        {"command": "/a", "usage_hint": "TOPIC | help", "should_escape": True},
        {"command": "/b", "should_escape": False},
    ]


@pytest.fixture(scope="module")
def commands() -> list[dict[str, str | bool]]:
    found = slash_commands(MANIFEST.read_text(encoding="utf-8"))
    assert found, "manifest.yml declares no slash commands"
    return found


def test_every_command_escapes_user_text(commands: list[dict]) -> None:
    for command in commands:
        assert command.get("should_escape") is True, command


def test_every_command_is_well_formed(commands: list[dict]) -> None:
    names = [c["command"] for c in commands]
    assert len(names) == len(set(names))
    for command in commands:
        assert re.fullmatch(r"/[a-z0-9_-]{1,31}", command["command"]), command
        assert command.get("description"), command


def test_every_command_has_a_listener(desk: Desk, commands: list[dict]) -> None:
    for command in commands:
        body = slash_command_body("help", command=command["command"])
        status, _, _ = post_signed(desk.url, body, secret=SECRET)
        assert status == 200, f"{command['command']} has no listener"
    # A command the app does not know is answered 404, so the check above means something.
    status, _, _ = post_signed(desk.url, slash_command_body("x", command="/nope"), secret=SECRET)
    assert status == 404


def test_every_command_is_in_the_readme(commands: list[dict]) -> None:
    if not README.exists():
        pytest.skip("README.md does not exist yet")
    readme = README.read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"(?<![\w/]){re.escape(command['command'])}\b", readme), command


def test_manifest_grants_what_the_listeners_need() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    for scope in ("commands", "chat:write"):
        assert re.search(rf"^\s*-\s*{re.escape(scope)}\s*$", text, re.M), scope
    assert re.search(r"^\s*interactivity:\s*\n\s*is_enabled:\s*true\b", text, re.M)


def env_example_keys() -> list[str]:
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    return re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)=", text, re.M)


def test_env_example_lists_exactly_the_settings() -> None:
    keys = env_example_keys()
    assert len(keys) == len(set(keys)), keys
    assert set(keys) == {name.upper() for name in Settings.model_fields}


def test_env_example_documents_each_setting() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            assert n > 0 and lines[n - 1].startswith("#"), f"{line} has no comment above it"


@pytest.mark.usefixtures("clean_env")
def test_env_example_values_are_valid_settings() -> None:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Z_]+=.", line):
            key, value = line.split("=", 1)
            values[key.lower()] = value
    Settings(_env_file=None, **values)
