"""Settings from COPP_* environment variables and an optional .env file."""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org"
VK_API = "https://api.vk.ru"
LOCALES = ("ru", "en")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COPP_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str | None = None
    data_dir: Path = Path("data")
    redis_url: str | None = None

    telegram_token: str | None = None
    telegram_api_url: str = TELEGRAM_API
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: str | None = None
    telegram_rate: float = 25.0  # broadcast messages a second (Telegram: 30 free, 1,000 paid)

    vk_token: str | None = None
    vk_group_id: int | None = None
    vk_api_url: str = VK_API
    vk_mode: Literal["callback", "longpoll"] = "longpoll"
    vk_secret: str | None = None
    vk_confirmation: str | None = None
    vk_rate: float = 20.0  # API calls a second for broadcasts, each to up to 100 residents

    webchat: bool = True  # the web chat (/widget.js, /webchat/ws); COPP_WEBCHAT=false turns it off
    webchat_rate: float = 4.0  # frames a second one chat may send, after a burst of 5× that
    webchat_connections: int = 20  # chats open at once from one address

    # A Telegram chat (a group of the Center's staff) told of new applications, by number only.
    staff_telegram_chat: str | None = None

    # Consultations: the production calendar (JSON: holidays, working weekend days) and the
    # wait promised within working hours.
    consultation_calendar: Path | None = None
    consultation_reply_minutes: int = 30

    http_host: str = "127.0.0.1"
    http_port: int = 8080
    public_url: str | None = None
    default_locale: Literal["ru", "en"] = "ru"
    # The public site: the key signing its residents' cookies (else one kept in the data
    # directory), and the bot the home page links to for the career test.
    site_secret: SecretStr | None = None
    telegram_bot_username: str | None = None

    session_ttl_hours: int = 24
    resume_after_minutes: int = 30
    inbox_lease_seconds: int = 60
    admin_idle_minutes: int = 30
    admin_session_hours: int = 12
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    password_min_length: int = 12
    password_history: int = 5
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    # Who may read /metrics: these addresses (IPs or networks, comma-separated), or anyone
    # presenting the token as "Authorization: Bearer <token>".
    metrics_allow: str = "127.0.0.1,::1"
    metrics_token: SecretStr | None = None

    backup_dir: Path | None = None  # default: <data dir>/backups
    backup_copy_dir: Path | None = None  # the removable medium, e.g. /media/backup/copp
    backup_hour: int = 3  # the worker's daily backup, Moscow time
    backup_passphrase: SecretStr | None = None  # encrypts the backups when set

    @field_validator("telegram_api_url", "vk_api_url", "public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/") if value else value

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgres://", "postgresql://", "sqlite://")):
            raise ValueError("must start with postgres://, postgresql:// or sqlite://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("http_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError("must be a port number 0-65535")
        return value

    @field_validator("session_ttl_hours", "resume_after_minutes", "inbox_lease_seconds",
                     "admin_idle_minutes", "admin_session_hours", "lockout_attempts",
                     "lockout_minutes", "password_min_length", "consultation_reply_minutes")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("must be a positive number")
        return value

    @field_validator("webchat_rate", "webchat_connections")
    @classmethod
    def _webchat_limit(cls, value: float) -> float:
        if not 0 < value <= 10_000:
            raise ValueError("must be more than 0 and at most 10000")
        return value

    @field_validator("consultation_calendar")
    @classmethod
    def _calendar_readable(cls, value: Path | None) -> Path | None:
        if value is not None:
            from backend.consultations import hours

            try:
                hours.load(value)
            except (OSError, ValueError, TypeError, AttributeError) as exc:
                raise ValueError(f"not a readable calendar file ({exc})") from None
        return value

    @field_validator("backup_hour")
    @classmethod
    def _hour(cls, value: int) -> int:
        if not 0 <= value <= 23:
            raise ValueError("must be an hour 0-23")
        return value

    @field_validator("backup_passphrase")
    @classmethod
    def _passphrase(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value and value.get_secret_value() else None

    @field_validator("metrics_allow")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                try:
                    ipaddress.ip_network(part.strip(), strict=False)
                except ValueError:
                    raise ValueError(f"{part.strip()!r} is not an IP address or network") from None
        return value

    @field_validator("telegram_bot_username")
    @classmethod
    def _bot_username(cls, value: str | None) -> str | None:
        value = (value or "").removeprefix("@") or None
        if value is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", value):
            raise ValueError("must be a Telegram bot's username, such as copp29_bot")
        return value

    @field_validator("metrics_token", "site_secret")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value and value.get_secret_value() else None

    @field_validator("staff_telegram_chat")
    @classmethod
    def _chat_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"-?\d{1,20}", value):
            raise ValueError("must be a Telegram chat id, a number such as -1001234567890")
        return value

    @field_validator("telegram_rate", "vk_rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if not 0 < value <= 1000:
            raise ValueError("must be more than 0 and at most 1000 a second")
        return value

    @model_validator(mode="after")
    def _channels_complete(self) -> Settings:
        if self.staff_telegram_chat and not self.telegram_token:
            raise ValueError("COPP_STAFF_TELEGRAM_CHAT: needs COPP_TELEGRAM_TOKEN")
        if self.telegram_token and self.telegram_mode == "webhook":
            if not self.public_url:
                raise ValueError("COPP_PUBLIC_URL: required when COPP_TELEGRAM_MODE=webhook")
            secret = self.telegram_webhook_secret or ""
            if not _SECRET_TOKEN.match(secret):
                raise ValueError(
                    "COPP_TELEGRAM_WEBHOOK_SECRET: required in webhook mode, "
                    "1-256 characters of A-Z a-z 0-9 _ -"
                )
        if self.vk_token:
            if not self.vk_group_id:
                raise ValueError("COPP_VK_GROUP_ID: required when COPP_VK_TOKEN is set")
            if self.vk_mode == "callback" and not (self.vk_secret and self.vk_confirmation):
                raise ValueError(
                    "COPP_VK_SECRET and COPP_VK_CONFIRMATION: both required when "
                    "COPP_VK_MODE=callback"
                )
        return self

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite://{(self.data_dir / 'copp.sqlite3').as_posix()}"

    @property
    def backups(self) -> Path:
        return self.backup_dir or self.data_dir / "backups"

    @property
    def passphrase(self) -> str | None:
        return self.backup_passphrase.get_secret_value() if self.backup_passphrase else None

    @property
    def metrics_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(part.strip(), strict=False)
                     for part in self.metrics_allow.split(",") if part.strip())

    @property
    def inbox_lease(self) -> timedelta:
        return timedelta(seconds=self.inbox_lease_seconds)

    @property
    def embedded(self) -> bool:
        return self.redis_url is None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read settings; raise ConfigError with one line naming the variable."""
        try:
            return cls(**overrides)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = "".join(str(part) for part in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            if field:
                raise ConfigError(f"COPP_{field.upper()}: {message}") from None
            raise ConfigError(message) from None
