"""Settings: the environment beats .env, tokens stay secret, .env.example stays honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import Settings, load_settings
from newsroom.errors import UserError

ENV_EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"
BOT_TOKEN = "xoxb-1111-2222-SeCrEtBoTtOkEn"
APP_TOKEN = "xapp-1-A111-3333-SeCrEtApPtOkEn"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def write_dotenv(folder: Path, **values: str) -> None:
    (folder / ".env").write_text(
        "".join(f"{name}={value}\n" for name, value in values.items()), encoding="utf-8"
    )


def test_defaults_without_environment_or_dotenv() -> None:
    settings = Settings()
    assert settings.wiredesk_db == "wiredesk.db"
    assert settings.port == 3000
    assert settings.slack_bot_token is None
    assert settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.slack_api_url is None


def test_dotenv_in_the_working_folder_is_read(tmp_path: Path) -> None:
    write_dotenv(tmp_path, WIREDESK_DB="from-dotenv.db", PORT="4000", SLACK_BOT_TOKEN=BOT_TOKEN)
    settings = Settings()
    assert settings.wiredesk_db == "from-dotenv.db"
    assert settings.port == 4000
    assert settings.slack_bot_token.get_secret_value() == BOT_TOKEN


def test_the_environment_beats_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dotenv(tmp_path, WIREDESK_DB="from-dotenv.db", PORT="4000")
    monkeypatch.setenv("WIREDESK_DB", "from-env.db")
    settings = Settings()
    assert settings.wiredesk_db == "from-env.db"
    assert settings.port == 4000  # not in the environment: .env still counts


def test_explicit_overrides_beat_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dotenv(tmp_path, WIREDESK_DB="from-dotenv.db")
    monkeypatch.setenv("WIREDESK_DB", "from-env.db")
    assert load_settings(wiredesk_db="from-flag.db").wiredesk_db == "from-flag.db"
    assert load_settings(wiredesk_db=None).wiredesk_db == "from-env.db"


def test_no_env_file_ignores_dotenv(tmp_path: Path) -> None:
    write_dotenv(tmp_path, WIREDESK_DB="from-dotenv.db")
    assert Settings(_env_file=None).wiredesk_db == "wiredesk.db"


def test_tokens_are_secrets_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    settings = Settings()
    for field in ("slack_bot_token", "slack_app_token", "slack_signing_secret"):
        assert isinstance(getattr(settings, field), SecretStr)
    shown = [repr(settings), str(settings), settings.model_dump_json(), repr(settings.model_dump())]
    for text in shown:
        for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
            assert secret not in text
    assert settings.slack_bot_token.get_secret_value() == BOT_TOKEN
    assert settings.slack_app_token.get_secret_value() == APP_TOKEN
    assert settings.slack_signing_secret.get_secret_value() == SIGNING_SECRET


def test_the_api_url_gets_a_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://localhost:8888/api")
    assert Settings().slack_api_url == "http://localhost:8888/api/"
    monkeypatch.setenv("SLACK_API_URL", "")
    assert Settings().slack_api_url is None


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_a_user_error(monkeypatch: pytest.MonkeyPatch, port: str) -> None:
    monkeypatch.setenv("PORT", port)
    with pytest.raises(UserError, match=r"(?si)^Invalid setting: .*\bport\b"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value"), [("WIREDESK_TIMEZONE", "Mars/Olympus"), ("PORT", "abc")]
)
def test_a_bad_setting_names_its_value_once(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(UserError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.count(f"(got {value!r})") == 1
    assert "Value error" not in message


def test_a_bad_setting_never_echoes_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(UserError) as caught:
        load_settings()
    assert BOT_TOKEN not in str(caught.value)


def env_example_names() -> list[str]:
    names = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=.*", line)
        assert match, f"not a NAME=value line in .env.example: {line!r}"
        names.append(match.group(1))
    return names


def test_env_example_lists_exactly_the_settings() -> None:
    names = env_example_names()
    assert len(names) == len(set(names)), "a setting is listed twice"
    assert set(names) == {name.upper() for name in Settings.model_fields}


def test_env_example_values_are_valid_defaults(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings()
    assert settings.wiredesk_db == Settings.model_fields["wiredesk_db"].default
    assert settings.port == Settings.model_fields["port"].default
    assert settings.slack_api_url is None


def test_every_setting_is_described() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


@pytest.mark.parametrize(
    ("values", "named", "not_named"),
    [
        (
            {},
            ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"],
            [],
        ),
        (
            {"slack_bot_token": BOT_TOKEN},
            ["SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"],
            ["SLACK_BOT_TOKEN"],
        ),
        (
            {"slack_signing_secret": SIGNING_SECRET},
            ["SLACK_BOT_TOKEN"],
            ["SLACK_SIGNING_SECRET"],
        ),
        (
            {"slack_bot_token": "", "slack_app_token": APP_TOKEN},
            ["SLACK_BOT_TOKEN"],
            ["SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"],
        ),
        (
            {"slack_bot_token": BOT_TOKEN, "slack_app_token": "xoxp-not-an-app-token"},
            ["SLACK_APP_TOKEN: it must start with xapp-"],
            ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "xoxp-not-an-app-token"],
        ),
    ],
)
def test_require_slack_names_what_is_missing(
    values: dict[str, str], named: list[str], not_named: list[str]
) -> None:
    settings = Settings(_env_file=None, **values)
    with pytest.raises(UserError) as caught:
        settings.require_slack()
    message = str(caught.value)
    assert message.startswith("Cannot start the Slack bot: set ")
    assert message.endswith(" in the environment or in .env (see .env.example).")
    for name in named:
        assert name in message
    for name in not_named:
        assert name not in message
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in message


@pytest.mark.parametrize(
    "values",
    [
        {"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET},
        {"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN},
    ],
    ids=["http", "socket-mode"],
)
def test_require_slack_accepts_a_complete_setup(values: dict[str, str]) -> None:
    Settings(_env_file=None, **values).require_slack()


def test_run_without_tokens_exits_2_naming_the_settings(wiredesk, db_path: Path) -> None:
    result = wiredesk("run")
    assert result.exit_code == 2, result.output
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.output


def test_a_dotenv_that_is_not_utf8_is_a_user_error(tmp_path: Path) -> None:
    # A .env saved in Windows-1251 (the newsroom's name in Cyrillic).
    (tmp_path / ".env").write_bytes("PORT=3000\nWIREDESK_ORG_NAME=Редакція\n".encode("cp1251"))
    with pytest.raises(UserError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith("Cannot read .env: it is not UTF-8 text")
    assert "line 2, byte 0xd0" in message and "save it as UTF-8" in message


def test_a_dotenv_that_is_not_utf8_exits_2(wiredesk, tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"WIREDESK_ORG_NAME=\xff\xfe\n")
    result = wiredesk("ask", "Kyiv")
    assert result.exit_code == 2, result.output
    assert "Cannot read .env: it is not UTF-8 text" in result.stderr


@pytest.mark.parametrize("url", ["notaurl", "ftp://files.example/api/", "https://"])
def test_an_api_url_that_is_no_web_address_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("SLACK_API_URL", url)
    with pytest.raises(UserError, match=r"^Invalid setting: SLACK_API_URL: use an http\(s\)"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxb-1111-2222-Сekret"),
        ("SLACK_BOT_TOKEN", "xoxb-1111 2222-SeCrEt"),
        ("SLACK_BOT_TOKEN", "xoxb-1111-2222\nSeCrEt"),
        ("SLACK_APP_TOKEN", "xapp-1-A111-3333-\u200bSeCrEt"),
        ("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5\u00a0SeCrEt"),
    ],
)
def test_a_token_that_was_not_copied_whole_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(UserError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"Invalid setting: {name}: ")
    assert "copy it again" in message
    assert value not in message and "SeCrEt" not in message and "Сekret" not in message


def test_spaces_around_a_token_are_taken_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", f"  {BOT_TOKEN}\t")
    assert load_settings().slack_bot_token.get_secret_value() == BOT_TOKEN
