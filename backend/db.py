"""Database configuration and the connection context every entry point uses."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate as migrate_api

MODELS = ["backend.models"]


def tortoise_config(db_url: str) -> dict:
    return {
        "connections": {"default": db_url},
        "apps": {"models": {"models": MODELS, "migrations": "migrations"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_directory(db_url: str) -> None:
    if db_url.startswith("sqlite://"):
        Path(db_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)


# Read by the `tortoise` CLI through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("COPP_DATABASE_URL") or "sqlite://data/copp.sqlite3")


@contextlib.asynccontextmanager
async def database(db_url: str) -> AsyncIterator[None]:
    _ensure_directory(db_url)
    await Tortoise.init(config=tortoise_config(db_url))
    try:
        yield
    finally:
        await connections.close_all()


@contextlib.asynccontextmanager
async def migrated(db_url: str) -> AsyncIterator[None]:
    """Apply pending migrations, then connect: what every command-line entry point needs."""
    await migrate(db_url)
    async with database(db_url):
        yield


async def migrate(db_url: str, target: str | None = None, direction: str = "both") -> None:
    """Apply (or, with direction='backward', unapply) migrations up to `target`."""
    _ensure_directory(db_url)
    await migrate_api(config=tortoise_config(db_url), target=target, direction=direction)
    await connections.close_all()


def dialect() -> str:
    return connections.get("default").capabilities.dialect


def placeholders(count: int) -> list[str]:
    """Parameter markers for raw SQL on the current engine."""
    if dialect() == "postgres":
        return [f"${i}" for i in range(1, count + 1)]
    return ["?"] * count
