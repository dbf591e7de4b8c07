"""Settings, loaded once: the environment beats `.env`; tokens are secrets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom.errors import UserError


class Settings(BaseSettings):
    """Every setting Wiredesk reads, each listed in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = Field(default=None, description="Bot token (xoxb-...).")
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Signing secret, for HTTP mode."
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="App-level token (xapp-...); when set, Socket Mode is used."
    )
    slack_api_url: str | None = Field(
        default=None, description="Web API base URL, for a local stand-in (default: Slack's)."
    )
    wiredesk_db: str = Field(default="wiredesk.db", description="SQLite database file.")
    port: int = Field(default=3000, ge=1, le=65535, description="HTTP port for HTTP mode.")
    host: str = Field(
        default="0.0.0.0",
        min_length=1,
        description="Address the HTTP server binds in HTTP mode: 0.0.0.0 (every interface, so "
        "that Slack or a proxy can reach it), or 127.0.0.1 behind a reverse proxy or tunnel "
        "on the same machine.",
    )
    wiredesk_threads: int = Field(
        default=8,
        ge=1,
        le=256,
        description="HTTP server threads in HTTP mode: requests answered at once (others queue).",
    )
    wiredesk_verifiers: str = Field(
        default="",
        description="Who may set verdicts: Slack user ids (U...) and user-group ids (S...), "
        "separated by commas or spaces. Empty: nobody.",
    )
    wiredesk_wire_channels: str = Field(
        default="",
        description="Channel ids (C... or G...) whose messages become bulletins as they are "
        "posted, edited and deleted, and where reactions set verdicts.",
    )
    wiredesk_verify_emoji: str = Field(
        default="white_check_mark", description="Reaction that marks a message verified."
    )
    wiredesk_false_emoji: str = Field(default="x", description="Reaction that marks it false.")
    wiredesk_watch_interval: float = Field(
        default=10,
        gt=0,
        le=1440,
        description="Minutes between two messages about one watched topic (news arriving "
        "in between waits, and goes out together in the next).",
    )
    wiredesk_digest_channel: str = Field(
        default="", description="Channel id (C...) for the daily digest; empty: no digest."
    )
    wiredesk_digest_time: str = Field(
        default="08:00", description="When the digest is due (HH:MM)."
    )
    wiredesk_timezone: str = Field(default="UTC", description="IANA time zone of the digest time.")
    wiredesk_digest_grace_hours: float = Field(
        default=6, ge=0, le=24, description="How late a missed digest may still be posted."
    )
    wiredesk_org_name: str = Field(
        default="Wiredesk newsroom", description="The newsroom named as author in exports."
    )
    wiredesk_browse_url: str = Field(
        default="",
        description="The database's address in `wiredesk browse` (as it prints it); when set, "
        "`item N` in answers and the digest links to the item's row. Empty: no links.",
    )

    wiredesk_fetch_allow: str = Field(
        default="",
        description="Private hosts, addresses or networks (10.0.0.0/8) that sources added from "
        "Slack may reach, separated by commas or spaces. Empty: public addresses only.",
    )

    @property
    def fetch_allow(self) -> tuple[str, ...]:
        """WIREDESK_FETCH_ALLOW as a tuple of host names, addresses and networks."""
        return tuple(_ids(self.wiredesk_fetch_allow))

    @property
    def verifier_ids(self) -> list[str]:
        """WIREDESK_VERIFIERS as a list of ids."""
        return _ids(self.wiredesk_verifiers)

    @property
    def wire_channel_ids(self) -> list[str]:
        """WIREDESK_WIRE_CHANNELS as a list of channel ids."""
        return _ids(self.wiredesk_wire_channels)

    @property
    def watch_interval(self) -> timedelta:
        """WIREDESK_WATCH_INTERVAL as a duration."""
        return timedelta(minutes=self.wiredesk_watch_interval)

    @field_validator("wiredesk_digest_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        try:
            hours, minutes = (int(part) for part in value.strip().split(":"))
        except ValueError:
            raise ValueError(f"use HH:MM, such as 08:00 (got {value!r})") from None
        if not (0 <= hours < 24 and 0 <= minutes < 60):
            raise ValueError(f"use HH:MM between 00:00 and 23:59 (got {value!r})")
        return f"{hours:02d}:{minutes:02d}"

    @field_validator("wiredesk_timezone")
    @classmethod
    def _time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"use an IANA time zone name such as Europe/Kyiv (got {value!r})"
            ) from None
        return value.strip()

    @property
    def digest_clock(self) -> tuple[int, int]:
        """WIREDESK_DIGEST_TIME as (hours, minutes)."""
        hours, minutes = self.wiredesk_digest_time.split(":")
        return int(hours), int(minutes)

    @field_validator("wiredesk_verify_emoji", "wiredesk_false_emoji")
    @classmethod
    def _emoji_name(cls, value: str) -> str:
        return value.strip().strip(":")

    @field_validator("wiredesk_browse_url")
    @classmethod
    def _browse_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                "use the http(s) address `wiredesk browse` prints, such as "
                f"http://127.0.0.1:8001/wiredesk (got {value!r})"
            )
        if parts.query or parts.fragment or any(ch in value for ch in ' <>|"\t\n'):
            raise ValueError(
                f"use the database's address without ?, #, spaces, <, >, | or quotes (got {value!r})"
            )
        return value.rstrip("/")

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                "use an http(s) address such as https://slack.com/api/, or leave it unset for "
                f"Slack's own (got {value[:60]!r})"
            )
        return value if value.endswith("/") else value + "/"

    @field_validator("slack_bot_token", "slack_app_token", "slack_signing_secret", mode="before")
    @classmethod
    def _copied_whole(cls, value: object) -> object:
        """Spaces around a token are taken off; one inside it, a line break or a character
        outside ASCII means it was not copied whole (and the Web API cannot send it)."""
        if not isinstance(value, str):
            return value
        value = value.strip()
        if any(not ("!" <= ch <= "~") for ch in value):
            raise ValueError(
                "it holds a space, a line break or a character outside ASCII, which a Slack "
                f"token never does (got a value of {len(value)} characters, not shown): copy "
                "it again from the Slack app's settings"
            )
        return value

    def require_slack(self) -> None:
        """Stop with a message naming what is missing for `wiredesk run`."""
        missing = []
        if not self.slack_bot_token or not self.slack_bot_token.get_secret_value():
            missing.append("SLACK_BOT_TOKEN (the bot token, xoxb-...)")
        if not self.slack_app_token and not self.slack_signing_secret:
            missing.append(
                "SLACK_SIGNING_SECRET (for HTTP mode) or SLACK_APP_TOKEN (xapp-..., for Socket Mode)"
            )
        if self.slack_app_token and not self.slack_app_token.get_secret_value().startswith("xapp-"):
            missing.append("a valid SLACK_APP_TOKEN: it must start with xapp-")
        if missing:
            raise UserError(
                "Cannot start the Slack bot: set "
                + "; ".join(missing)
                + " in the environment or in .env (see .env.example)."
            )


def _ids(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if part]


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env`, with explicit overrides on top."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except UnicodeDecodeError:
        raise _unreadable_dotenv() from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: "
            + e["msg"].removeprefix("Value error, ")
            # a validator of ours names the value itself; pydantic's own messages do not
            + ("" if "(got " in e["msg"] else f" (got {str(e.get('input'))[:40]!r})")
            for e in error.errors()
        )
        raise UserError(
            f"Invalid setting: {problems}. Fix it in the environment or .env."
        ) from None


def _unreadable_dotenv() -> UserError:
    """The error for a `.env` that is not UTF-8 (saved in Windows-1251, say), naming where."""
    env_file = Path(str(Settings.model_config.get("env_file") or ".env"))
    try:
        data = env_file.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        where = f" (line {line}, byte 0x{data[error.start]:02x})"
    except OSError:
        where = ""
    else:
        where = ""
    return UserError(
        f"Cannot read {env_file}: it is not UTF-8 text{where}; save it as UTF-8, or set "
        "these settings in the environment instead."
    )
