"""An upgrade whose migration fails leaves the database at the version the running code has.

tortoise runs each migration in a transaction of its own (PostgreSQL and SQLite both roll DDL
back) and records it as applied only after that transaction commits."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from backend import db
from tests.conftest import create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parents[2]
LATEST = sorted(p.stem for p in (ROOT / "migrations").glob("[0-9]*.py"))[-1]
FAILING = f'''
from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "{LATEST}")]
    operations = [
        ops.CreateModel(name="UpgradeProbe", fields=[("id", fields.IntField(primary_key=True))],
                        options={{"table": "upgrade_probe", "app": "models", "pk_attr": "id"}},
                        bases=["Model"]),
        ops.RunSQL("ALTER TABLE users ADD COLUMN upgrade_probe INTEGER"),
        ops.RunSQL("UPDATE users SET no_such_column = 1"),  # the mistake
    ]
'''
# As our own migrations run trigger SQL (0005, 0018): execute_script. On SQLite that is
# sqlite3's executescript, which COMMITs first: there the migration is not atomic.
FAILING_SCRIPT = f'''
from tortoise import migrations
from tortoise.migrations import operations as ops


async def forward(apps, schema_editor):
    await schema_editor.client.execute_query("CREATE TABLE upgrade_probe (id INTEGER)")
    await schema_editor.client.execute_script(
        "ALTER TABLE users ADD COLUMN upgrade_probe INTEGER;")
    await schema_editor.client.execute_query("UPDATE users SET no_such_column = 1")


class Migration(migrations.Migration):
    dependencies = [("models", "{LATEST}")]
    operations = [ops.RunPython(forward)]
'''


@pytest.fixture(params=["postgres", "sqlite"])
async def database(request, sqlite_url):
    if request.param == "sqlite":
        yield sqlite_url
        return
    url = await create_pg_database()
    await db.migrate(url)
    yield url
    await drop_pg_database(url)


async def schema(url: str) -> tuple[str, bool, bool]:
    """(last migration applied, upgrade_probe exists, users.upgrade_probe exists)"""
    last = "SELECT name FROM tortoise_migrations ORDER BY id DESC LIMIT 1"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            return (conn.execute(last).fetchone()[0],
                    bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'upgrade_probe'"
                                      ).fetchall()),
                    any(row[1] == "upgrade_probe"
                        for row in conn.execute("PRAGMA table_info(users)")))
    conn = await asyncpg.connect(url)
    try:
        return (await conn.fetchval(last),
                await conn.fetchval("SELECT to_regclass('upgrade_probe') IS NOT NULL"),
                await conn.fetchval("SELECT EXISTS (SELECT 1 FROM information_schema.columns "
                                    "WHERE table_name = 'users' AND column_name = "
                                    "'upgrade_probe')"))
    finally:
        await conn.close()


@pytest.mark.parametrize("script", [False, True], ids=["operations", "execute_script"])
async def test_a_failed_migration_leaves_the_previous_version(database, tmp_path, script):
    shutil.copytree(ROOT / "migrations", tmp_path / "migrations")  # the new release's
    (tmp_path / "migrations" / "9999_upgrade_fails.py").write_text(
        FAILING_SCRIPT if script else FAILING)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("COPP_")},
           "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "COPP_DATABASE_URL": database}
    result = subprocess.run([sys.executable, "-m", "backend", "migrate"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "no_such_column" in result.stderr
    if script and database.startswith("sqlite"):  # committed half-way: not recorded, kept
        assert await schema(database) == (LATEST, True, True)
        return
    assert await schema(database) == (LATEST, False, False)
    # the running (old) code still finds its schema current
    result = subprocess.run([sys.executable, "-m", "backend", "migrate"], cwd=ROOT,
                            env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
