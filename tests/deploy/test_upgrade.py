"""The README's "Upgrade", rehearsed with the real `copp` as processes: the old release serves,
`copp backup`, the new release's `copp migrate` fails half-way, the old one still answers on an
unchanged database; a corrected release migrates, the old one still serves, the new one starts;
going back, the old one starts on the newer schema and `--down` leaves the database as it was.

A release is a directory on PYTHONPATH holding its own `migrations` package, as each release in
/opt/copp/releases has its own code: `copp` imports the migrations it applies, and /readyz the
latest it expects, from there.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import asyncpg
import pytest

from backend.sqlite_engine import statements
from tests.backups.helpers import content, filled
from tests.conftest import create_pg_database, drop_pg_database
from tests.service import COPP, Service

ROOT = Path(__file__).resolve().parents[2]
LATEST = sorted(p.stem for p in (ROOT / "migrations").glob("[0-9]*.py"))[-1]
NEW = "9999_upgrade"
# A table by tortoise's operations, a column by a script (as our trigger migrations run SQL:
# on SQLite that was sqlite3's executescript, which used to COMMIT the migration so far).
MIGRATION = f'''
from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def forward(apps, schema_editor):
    await schema_editor.client.execute_script(
        "ALTER TABLE users ADD COLUMN upgrade_probe INTEGER;")
    {{mistake}}


async def backward(apps, schema_editor):
    await schema_editor.client.execute_script("ALTER TABLE users DROP COLUMN upgrade_probe;")


class Migration(migrations.Migration):
    dependencies = [("models", "{LATEST}")]
    operations = [
        ops.CreateModel(name="UpgradeProbe", fields=[("id", fields.IntField(primary_key=True))],
                        options={{{{"table": "upgrade_probe", "app": "models", "pk_attr": "id"}}}},
                        bases=["Model"]),
        ops.RunPython(forward, backward),
    ]
'''
MISTAKE = 'await schema_editor.client.execute_query("UPDATE users SET no_such_column = 1")'


def release(tmp_path: Path, name: str, mistake: str = "") -> str:
    """A new release's code: ours plus one migration; its PYTHONPATH."""
    shutil.copytree(ROOT / "migrations", tmp_path / name / "migrations")
    (tmp_path / name / "migrations" / f"{NEW}.py").write_text(
        MIGRATION.format(mistake=mistake))
    return f"{tmp_path / name}{os.pathsep}{ROOT}"


@pytest.fixture(params=["postgres", "sqlite"])
async def database(request, tmp_path):
    url = (await create_pg_database() if request.param == "postgres"
           else f"sqlite://{tmp_path / 'data' / 'copp.sqlite3'}")
    await filled(url)  # residents, programs, a journal row: content to compare
    yield url
    if request.param == "postgres":
        await drop_pg_database(url)


async def schema(url: str) -> tuple[str, bool, bool]:
    """(last migration applied, table upgrade_probe exists, column users.upgrade_probe exists)"""
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


def readyz(service: Service) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(service.url + "/readyz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


READY = {"status": "ready", "database": "ok", "store": "ok", "migrations": "ok"}


async def test_upgrade_rehearsed_a_failed_migration_a_good_one_and_going_back(
        database, tmp_path):
    settings = {"COPP_DATABASE_URL": database, "COPP_BACKUP_DIR": str(tmp_path / "backups")}
    base = {k: v for k, v in os.environ.items() if not k.startswith("COPP_")}

    def copp(pythonpath: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([COPP, *args], cwd=tmp_path, capture_output=True, text=True,
                              env={**base, **settings, "PYTHONPATH": pythonpath}, timeout=120)

    old = Service("web", cwd=str(tmp_path), PYTHONPATH=str(ROOT), **settings)
    new = Service("web", cwd=str(tmp_path), PYTHONPATH=release(tmp_path, "good"), **settings)
    again = Service("web", cwd=str(tmp_path), PYTHONPATH=str(ROOT), **settings)
    try:
        await old.start()
        assert readyz(old) == (200, READY)

        backup = copp(str(ROOT), "backup")  # step 2, with the running release's copp
        assert backup.returncode == 0, backup.stderr
        sha256, path = backup.stdout.strip().splitlines()[0].split("  ")
        assert (tmp_path / path).is_file() and len(sha256) == 64
        before = await content(database)  # with the backup's record in maintenance_runs

        failed = copp(release(tmp_path, "broken", MISTAKE), "migrate")  # step 3 fails
        assert failed.returncode == 1
        [line] = failed.stderr.splitlines()
        assert line.startswith(f"copp: migration models.{NEW} failed: ") and "no_such_col" in line
        assert readyz(old) == (200, READY)  # the old release serves on
        assert await schema(database) == (LATEST, False, False)
        assert await content(database) == before

        migrated = copp(new.env["PYTHONPATH"], "migrate")  # the corrected release
        assert migrated.returncode == 0, migrated.stderr
        assert migrated.stdout == f"applied models.{NEW}\n"
        assert await schema(database) == (NEW, True, True)
        assert readyz(old) == (200, {**READY, "newer_migrations": NEW})  # until switched

        await new.start()  # step 4
        assert readyz(new) == (200, READY)

        # step 5, going back: the old release restarts on the newer schema, then the new
        # release's copp unapplies its migration
        new.stop()
        old.stop()
        await again.start()
        assert readyz(again) == (200, {**READY, "newer_migrations": NEW})
        back = copp(new.env["PYTHONPATH"], "migrate", "--to", f"models.{LATEST}", "--down")
        assert back.returncode == 0, back.stderr
        assert back.stdout == f"unapplied models.{NEW}\n"
        assert await schema(database) == (LATEST, False, False)
        assert await content(database) == before
        assert readyz(again) == (200, READY)
    finally:
        outputs = [service.stop() for service in (old, new, again)]
    codes = [service.process.returncode for service in (old, new, again)]
    assert codes == [0, 0, 0], outputs  # each stopped by SIGTERM, cleanly


def test_a_script_is_split_into_whole_statements():
    script = """
        CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, 'no; never'); END;
        UPDATE a SET note = 'x;y';

        DROP INDEX IF EXISTS i"""
    assert list(statements(script)) == [
        "CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, 'no; never'); END;",
        "UPDATE a SET note = 'x;y';",
        "DROP INDEX IF EXISTS i;"]
    assert list(statements(" ;\n; ")) == []
