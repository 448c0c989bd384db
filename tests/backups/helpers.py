"""Databases of their own for backup tests (they wipe them), and their content by hash."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

from backend import db, demo
from backend.backups import database
from backend.services import audit
from tests.conftest import create_pg_database


async def new_database(backend: str, tmp_path, name: str = "source") -> str:
    if backend == "postgres":
        return await create_pg_database()
    return f"sqlite://{tmp_path / name / 'copp.sqlite3'}"


async def copy_of(template: str, tmp_path, name: str) -> str:
    """A new database with the template's content (migrating and seeding take seconds)."""
    if template.startswith("sqlite://"):
        path = tmp_path / name / "copp.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(database.sqlite_path(template), path)
        return f"sqlite://{path}"
    return await create_pg_database(template)


async def filled(url: str) -> None:
    await db.migrate(url)
    async with db.database(url):
        await demo.seed()
        await audit.log("test", "backup.tested", "user", 1)


def _digest(rows) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


async def content(url: str) -> dict[str, str]:
    """A hash per table over all its rows, ordered by id (by every column where none)."""
    if url.startswith("sqlite://"):
        conn = sqlite3.connect(database.sqlite_path(url))
        try:
            hashes = {}
            for table in database.sqlite_tables(conn):
                columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
                order = "id" if "id" in columns else ", ".join(f'"{c}"' for c in columns)
                hashes[table] = _digest(conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'))
            return hashes
        finally:
            conn.close()
    conn = await database.pg_connect(url)
    try:
        hashes = {}
        for table in await database.pg_tables(conn):
            columns = [r["column_name"] for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
                "AND table_schema = 'public' ORDER BY ordinal_position", table)]
            order = "id" if "id" in columns else ", ".join(f'"{c}"' for c in columns)
            hashes[table] = _digest(await conn.fetch(f'SELECT * FROM "{table}" ORDER BY {order}'))
        return hashes
    finally:
        await conn.close()


async def wipe(url: str) -> None:
    if url.startswith("sqlite://"):
        database.sqlite_path(url).unlink()
        return
    conn = await database.pg_connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
