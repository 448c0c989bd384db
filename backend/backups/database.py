"""What backups need to know of a database, read without tortoise: its connection parameters,
its tables and their row counts, the last migration applied."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

import asyncpg

MIGRATIONS_TABLE = "tortoise_migrations"
_LAST_MIGRATION = f"SELECT MAX(name) AS name FROM {MIGRATIONS_TABLE} WHERE app = 'models'"  # noqa: S608


def backend_of(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite://") else "postgres"


def sqlite_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite://").split("?", 1)[0])


def pg_parameters(db_url: str) -> dict[str, str | int]:
    parts = urlsplit(db_url)
    return {"host": parts.hostname or "localhost", "port": parts.port or 5432,
            "user": unquote(parts.username or ""), "password": unquote(parts.password or ""),
            "database": unquote(parts.path.lstrip("/"))}


def pg_environment(db_url: str) -> dict[str, str]:
    """For pg_dump, pg_restore and psql: the connection in PG* variables, never on the
    command line where `ps` would show a password."""
    params = pg_parameters(db_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(PGHOST=str(params["host"]), PGPORT=str(params["port"]),
               PGDATABASE=str(params["database"]))
    if params["user"]:
        env["PGUSER"] = str(params["user"])
    if params["password"]:
        env["PGPASSWORD"] = str(params["password"])
    return env


async def pg_connect(db_url: str) -> asyncpg.Connection:
    params = pg_parameters(db_url)
    return await asyncpg.connect(**{k: v for k, v in params.items() if v != ""})


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def pg_tables(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                            "ORDER BY tablename")
    return [row["tablename"] for row in rows]


async def pg_counts(conn: asyncpg.Connection) -> dict[str, int]:
    return {table: await conn.fetchval(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608
            for table in await pg_tables(conn)}


async def pg_schema(conn: asyncpg.Connection) -> str | None:
    if MIGRATIONS_TABLE not in await pg_tables(conn):
        return None
    return await conn.fetchval(_LAST_MIGRATION)


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return [row[0] for row in rows]


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT COUNT(*) FROM {_quoted(table)}").fetchone()[0]  # noqa: S608
            for table in sqlite_tables(conn)}


def sqlite_schema(conn: sqlite3.Connection) -> str | None:
    if MIGRATIONS_TABLE not in sqlite_tables(conn):
        return None
    return conn.execute(_LAST_MIGRATION).fetchone()[0]
