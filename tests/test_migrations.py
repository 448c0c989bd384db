"""Migrations: each one goes up, down and up again (stairway), and they match the models."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest
from tortoise import connections

from backend import db
from tests.conftest import create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(p.stem for p in (ROOT / "migrations").glob("[0-9]*.py"))


async def tables(url: str) -> set[str]:
    await db.init(url)
    conn = connections.get("default")
    if url.startswith("postgres"):
        rows = await conn.execute_query_dict(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type='table'")
    await connections.close_all()
    return {row["name"] for row in rows} - {"tortoise_migrations", "sqlite_sequence"}


@pytest.fixture(params=["postgres", "sqlite"])
async def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'stairway.sqlite3'}"
        return
    url = await create_pg_database()
    yield url
    await drop_pg_database(url)


async def test_stairway_up_down_up(empty_database):
    url = empty_database
    previous = "__first__"
    for name in MIGRATIONS:
        await db.migrate(url, f"models.{name}")
        after_up = await tables(url)
        assert {"users", "consents", "inbox_updates"} <= after_up
        await db.migrate(url, f"models.{previous}", "backward")
        if previous == "__first__":
            assert await tables(url) == set()
        await db.migrate(url, f"models.{name}")
        assert await tables(url) == after_up
        previous = name


def test_models_and_migrations_agree(tmp_path):
    for part in ("backend", "migrations"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    env = {**os.environ, "PYTHONPATH": str(tmp_path),
           "COPP_DATABASE_URL": f"sqlite://{tmp_path / 'x.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "tortoise", "makemigrations"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, check=True)
    assert "No changes detected" in result.stdout, result.stdout


@pytest.mark.parametrize("table", ["audit_events", "sign_in_events"])
async def test_journals_are_append_only_in_the_database(mode, table):
    from tortoise.exceptions import OperationalError

    from backend.models import SignInEvent
    from backend.services import audit

    await audit.log("test", "x.done", "user", 1)
    await SignInEvent.create(login="x", kind="login_ok")
    conn = connections.get("default")
    for statement in (f"UPDATE {table} SET created_at = created_at",  # noqa: S608
                      f"DELETE FROM {table}"):  # noqa: S608
        # tortoise wraps SQLite's error; asyncpg's RaiseError comes through as it is
        with pytest.raises((OperationalError, asyncpg.exceptions.RaiseError),
                           match="append-only"):
            await conn.execute_script(statement)
    assert await conn.execute_query_dict(f"SELECT COUNT(*) AS n FROM {table}") == [{"n": 1}]
