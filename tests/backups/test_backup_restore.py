"""Backup → wipe → restore finds the same content, on PostgreSQL and SQLite; every bad file is
refused with the target database untouched."""

import asyncio
import hashlib
import json
import os
import stat

import pytest

from backend import db
from backend.backups import RestoreError, make_backup, restore
from backend.backups.files import manifest_path
from backend.backups.manifest import code_migrations
from backend.models import User
from backend.services import audit
from tests.backups.helpers import content, copy_of, filled, new_database, wipe
from tests.conftest import drop_pg_database

PASSPHRASE = "долгая фраза для резервных копий"


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """A migrated database with the demo data on each engine, copied for every test."""
    made = {}
    for backend in ("postgres", "sqlite"):
        url = asyncio.run(new_database(backend, tmp_path_factory.mktemp("template")))
        asyncio.run(filled(url))
        made[backend] = url
    yield made
    asyncio.run(drop_pg_database(made["postgres"]))


@pytest.fixture(params=["postgres", "sqlite"])
async def source(request, templates, tmp_path):
    url = await copy_of(templates[request.param], tmp_path, "source")
    yield url
    if request.param == "postgres":
        await drop_pg_database(url)


@pytest.fixture
async def target(source, templates, tmp_path):
    """A second database of the same engine, not empty."""
    backend = "postgres" if source.startswith("postgres") else "sqlite"
    url = await copy_of(templates[backend], tmp_path, "target")
    async with db.database(url):
        await audit.log("test", "target.differs", "user", 2)
    yield url
    if backend == "postgres":
        await drop_pg_database(url)


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
async def test_backup_wipe_restore_finds_identical_content(source, tmp_path, passphrase):
    before = await content(source)
    made = await make_backup(source, tmp_path / "backups", passphrase)
    await wipe(source)
    report = await restore(made.path, source, passphrase=passphrase)
    assert await content(source) == before
    assert report.differences == {}
    assert report.counts == made.manifest.tables
    assert not report.migrate_needed
    async with db.database(source):  # the sequences came back too: new rows get new ids
        assert (await User.create(platform="telegram", external_id="after-restore")).id > 60


async def test_files_are_private_and_the_manifest_describes_the_backup(source, tmp_path):
    made = await make_backup(source, tmp_path / "backups")
    for path in (made.path, manifest_path(made.path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    body = json.loads(manifest_path(made.path).read_text())
    data = made.path.read_bytes()
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["size"] == len(data)
    assert body["backend"] == ("postgres" if source.startswith("postgres") else "sqlite")
    assert body["schema"] == code_migrations()[-1]
    assert body["created_at"].endswith("Z")
    assert body["encrypted"] is False
    assert body["tables"]["users"] == 60 and body["tables"]["audit_events"] >= 1
    assert data.startswith(b"PGDMP" if source.startswith("postgres") else b"SQLite format 3")
    assert [p.name for p in (tmp_path / "backups").iterdir() if p.name.startswith(".")] == []


async def test_an_encrypted_backup_holds_no_plain_text(source, tmp_path):
    made = await make_backup(source, tmp_path / "backups", PASSPHRASE)
    data = made.path.read_bytes()
    assert made.path.name.endswith(".enc") and made.manifest.encrypted
    assert b"users" not in data and "демо".encode() not in data


def _corrupt(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path):
    path.write_bytes(path.read_bytes()[:-100])


def _truncate_with_matching_manifest(path):
    _truncate(path)
    body = json.loads(manifest_path(path).read_text())
    body.update(size=path.stat().st_size, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    manifest_path(path).write_text(json.dumps(body))


def _without_manifest(path):
    manifest_path(path).unlink()


def _foreign_with_manifest(path):
    path.write_bytes(b"just some text, not a backup\n" * 100)
    _truncate_with_matching_manifest(path)


@pytest.mark.parametrize("damage, message", [
    (_corrupt, "sha256 differs"),
    (_truncate, "truncated"),
    # the manifest edited too: the format's own checks still refuse it
    (_truncate_with_matching_manifest, "damaged SQLite|could not read the whole dump|"
                                       "encrypted backup is damaged"),
    (_without_manifest, "not a copp backup"),
    (_foreign_with_manifest, "not an SQLite database|not a PostgreSQL dump|"
                             "not an encrypted copp backup"),
])
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
async def test_a_bad_file_is_refused_and_the_database_is_untouched(
        source, target, tmp_path, damage, message, passphrase):
    made = await make_backup(source, tmp_path / "backups", passphrase)
    damage(made.path)
    before = await content(target)
    with pytest.raises(RestoreError, match=message):
        await restore(made.path, target, force=True, passphrase=passphrase)
    assert await content(target) == before


async def test_a_foreign_file_is_refused(source, target, tmp_path):
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(os.urandom(1000))
    before = await content(target)
    with pytest.raises(RestoreError, match="not a copp backup"):
        await restore(foreign, target, force=True)
    assert await content(target) == before


async def test_the_wrong_passphrase_is_refused(source, target, tmp_path):
    made = await make_backup(source, tmp_path / "backups", PASSPHRASE)
    before = await content(target)
    with pytest.raises(RestoreError, match="passphrase does not open"):
        await restore(made.path, target, force=True, passphrase="не та фраза")
    with pytest.raises(RestoreError, match="encrypted: set COPP_BACKUP_PASSPHRASE"):
        await restore(made.path, target, force=True)
    assert await content(target) == before


async def test_a_non_empty_database_is_replaced_only_with_force(source, target, tmp_path):
    made = await make_backup(source, tmp_path / "backups")
    before = await content(target)
    with pytest.raises(RestoreError, match="not empty .* --force"):
        await restore(made.path, target)
    assert await content(target) == before
    await restore(made.path, target, force=True)
    assert await content(target) == await content(source) != before


async def test_schema_versions(source, tmp_path):
    made = await make_backup(source, tmp_path / "backups")
    body = json.loads(manifest_path(made.path).read_text())
    body["schema"] = "9999_from_the_future"
    manifest_path(made.path).write_text(json.dumps(body))
    before = await content(source)
    with pytest.raises(RestoreError, match="newer than this code's"):
        await restore(made.path, source, force=True)
    assert await content(source) == before


async def test_an_older_schema_is_restored_and_migrate_is_asked_for(tmp_path):
    url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    previous = code_migrations()[-2]
    await db.migrate(url, f"models.{previous}")
    made = await make_backup(url, tmp_path / "backups")
    assert made.manifest.schema == previous
    await wipe(url)
    report = await restore(made.path, url)
    assert report.migrate_needed and report.schema == previous
    await db.migrate(url)  # and the migration goes on from there


async def test_a_postgres_backup_is_not_restored_into_sqlite(templates, tmp_path):
    made = await make_backup(templates["postgres"], tmp_path / "backups")
    with pytest.raises(RestoreError, match="postgres backup cannot be restored into sqlite"):
        await restore(made.path, f"sqlite://{tmp_path / 'x.sqlite3'}")
