"""Database configuration and the connection context every entry point uses."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api import migrate as migrate_api

from backend import sqlite_engine

MODELS = ["backend.models"]
POOL = 20  # connections per process: enough for the updates one process has in flight


class _Connection(asyncpg.Connection):
    """Released to the pool without a reset query: we set no session state, take no session
    advisory locks and listen to nothing (asyncpg still rolls back an open transaction).
    The query cost a round trip on every release."""

    def get_reset_query(self) -> str:
        return ""


def _connection(db_url: str) -> str | dict:
    if db_url.startswith("sqlite://"):
        connection = expand_db_url(db_url)
        connection["engine"] = sqlite_engine.ENGINE  # migrations that run scripts stay atomic
        return connection
    if not db_url.startswith(("postgres://", "postgresql://")):
        return db_url
    connection = expand_db_url(db_url)
    connection["credentials"].setdefault("maxsize", POOL)  # ?maxsize= in the URL wins
    connection["credentials"]["connection_class"] = _Connection
    return connection


def tortoise_config(db_url: str) -> dict:
    return {
        "connections": {"default": _connection(db_url)},
        "apps": {"models": {"models": MODELS, "migrations": "migrations"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_directory(db_url: str) -> None:
    if db_url.startswith("sqlite://"):
        Path(db_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)


# Read by the `tortoise` CLI through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("COPP_DATABASE_URL") or "sqlite://data/copp.sqlite3")


async def init(db_url: str) -> None:
    """Connect tortoise to `db_url`."""
    _ensure_directory(db_url)
    _forget_sql()
    await Tortoise.init(config=tortoise_config(db_url))


def _forget_sql() -> None:
    """tortoise caches each model's INSERT by connection name, not by engine: after SQLite,
    its `?` placeholders would reach PostgreSQL in the same process."""
    EXECUTOR_CACHE.clear()


@contextlib.asynccontextmanager
async def database(db_url: str) -> AsyncIterator[None]:
    await init(db_url)
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


class MigrationFailed(Exception):
    """A migration raised: it is rolled back (each runs in a transaction of its own), those
    before it in the same run stay applied."""


async def migrate(db_url: str, target: str | None = None, direction: str = "both",
                  done: Callable[[str], object] | None = None) -> None:
    """Apply (or, with direction='backward', unapply) migrations up to `target`; `done` is
    told of each, e.g. `applied models.0018_journal_chain`."""
    _ensure_directory(db_url)
    _forget_sql()
    running: list[str] = []

    def progress(event: str, app: str, name: str) -> None:
        if event.endswith("_start"):
            running[:] = [f"{app}.{name}"]
            return
        running.clear()
        if done is not None:
            done(f"{'unapplied' if event.startswith('rollback') else 'applied'} {app}.{name}")

    try:
        await migrate_api(config=tortoise_config(db_url), target=target, direction=direction,
                          progress=progress)
    except Exception as exc:
        if not running:
            raise
        raise MigrationFailed(f"migration {running[0]} failed: {exc}") from exc
    finally:  # also after a failed migration: SQLite's open connection keeps the process alive
        await connections.close_all()


def dialect() -> str:
    return connections.get("default").capabilities.dialect


def placeholders(count: int) -> list[str]:
    """Parameter markers for raw SQL on the current engine."""
    if dialect() == "postgres":
        return [f"${i}" for i in range(1, count + 1)]
    return ["?"] * count
