"""`copp restore`: every check of the file comes before the database is touched, and the
restore itself is one transaction (PostgreSQL) or one backup-API copy (SQLite)."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from backend.backups import database
from backend.backups.crypto import DecryptionError, decrypt
from backend.backups.files import BLOCK, chunks, manifest_path, open_private, sha256_of
from backend.backups.manifest import Manifest, ManifestError, code_migrations


class RestoreError(Exception):
    """One line saying why nothing was restored; the database is as it was."""


@dataclass(frozen=True)
class RestoreReport:
    file: str
    schema: str | None
    code_schema: str
    counts: dict[str, int]  # restored rows per table
    differences: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)

    @property
    def migrate_needed(self) -> bool:
        return self.schema != self.code_schema


async def restore(data: Path, db_url: str, *, force: bool = False,
                  passphrase: str | None = None) -> RestoreReport:
    if data.name.endswith(".json"):
        data = data.with_name(data.name.removesuffix(".json"))
    manifest = await asyncio.to_thread(_checked, data)
    backend = database.backend_of(db_url)
    if manifest.backend != backend:
        raise RestoreError(f"a {manifest.backend} backup cannot be restored into {backend}")
    code_schema = _check_schema(manifest.schema)
    if manifest.encrypted and not passphrase:
        raise RestoreError("the backup is encrypted: set COPP_BACKUP_PASSPHRASE")
    if backend == "postgres":
        await _refuse_non_empty_postgres(db_url, force)
    else:
        _refuse_non_empty_sqlite(database.sqlite_path(db_url), force)
    with tempfile.TemporaryDirectory(prefix="copp-restore-") as scratch:
        plain = data
        if manifest.encrypted:
            plain = Path(scratch) / "plain"
            await asyncio.to_thread(_decrypt, data, plain, passphrase)
        if backend == "postgres":
            await _validate_dump(plain)
            counts = await _restore_postgres(plain, db_url)
        else:
            counts = await asyncio.to_thread(
                _restore_sqlite, plain, database.sqlite_path(db_url), force)
    differences = {table: (manifest.tables.get(table), counts.get(table))
                   for table in sorted(set(manifest.tables) | set(counts))
                   if manifest.tables.get(table) != counts.get(table)}
    return RestoreReport(data.name, manifest.schema, code_schema, counts, differences)


def _checked(data: Path) -> Manifest:
    if not data.is_file():
        raise RestoreError(f"no such file: {data}")
    try:
        manifest = Manifest.read(manifest_path(data))
    except ManifestError as exc:
        raise RestoreError(f"{data.name}: {exc}") from None
    size = data.stat().st_size
    if size != manifest.size:
        raise RestoreError(f"{data.name} is truncated or damaged: {size} bytes, "
                           f"the manifest says {manifest.size}")
    if sha256_of(data) != manifest.sha256:
        raise RestoreError(f"{data.name} is damaged: its sha256 differs from the manifest's")
    return manifest


def _check_schema(schema: str | None) -> str:
    known = code_migrations()
    if schema is None:
        raise RestoreError("the backup holds no migrated schema")
    if schema not in known:
        if schema > known[-1]:
            raise RestoreError(f"the backup's schema {schema} is newer than this code's "
                               f"{known[-1]}: restore it with the newer version of copp")
        raise RestoreError(f"the backup's schema {schema} is unknown to this code")
    return known[-1]


def _not_empty(tables: list[str]) -> RestoreError:
    return RestoreError(f"the database is not empty ({len(tables)} tables): "
                        "add --force to replace its content")


async def _refuse_non_empty_postgres(db_url: str, force: bool) -> None:
    try:
        conn = await database.pg_connect(db_url)
    except Exception as exc:  # asyncpg raises many kinds; one line is what we keep
        raise RestoreError(f"cannot connect to PostgreSQL: {type(exc).__name__}") from None
    try:
        tables = await database.pg_tables(conn)
    finally:
        await conn.close()
    if tables and not force:
        raise _not_empty(tables)


def _refuse_non_empty_sqlite(path: Path, force: bool) -> None:
    if not path.exists() or force:
        return
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = database.sqlite_tables(conn)
    except sqlite3.DatabaseError:
        raise RestoreError(f"{path} is not an SQLite database; not replacing it") from None
    finally:
        conn.close()
    if tables:
        raise _not_empty(tables)


def _decrypt(data: Path, plain: Path, passphrase: str) -> None:
    try:
        with os.fdopen(open_private(plain), "wb") as out:
            for block in decrypt(chunks(data), passphrase):
                out.write(block)
    except DecryptionError as exc:
        raise RestoreError(f"{data.name}: {exc}") from None


def _tools() -> None:
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise RestoreError(f"{tool} is not installed (Debian: postgresql-client)")


async def _spawn(*command: str, stdout=asyncio.subprocess.DEVNULL, **kwargs):
    return await asyncio.create_subprocess_exec(*command, stdout=stdout,
                                                stderr=asyncio.subprocess.PIPE, **kwargs)


async def _validate_dump(plain: Path) -> None:
    _tools()
    process = await _spawn("pg_restore", "--list", str(plain))
    await process.communicate()
    if process.returncode:
        raise RestoreError("the file is not a PostgreSQL dump")


async def _restore_postgres(plain: Path, db_url: str) -> dict[str, int]:
    """pg_restore writes SQL, we pass it to psql inside one transaction that first empties
    the schema, and commit only when pg_restore has written all of it: a failure anywhere
    leaves the database as it was."""
    consumer = await _spawn("psql", "--no-psqlrc", "--quiet", "--no-password",
                            "--set=ON_ERROR_STOP=1", stdin=asyncio.subprocess.PIPE,
                            env=database.pg_environment(db_url))
    producer = await _spawn("pg_restore", "--no-owner", "--no-acl", "--file=-", str(plain),
                            stdout=asyncio.subprocess.PIPE)
    psql_errors = asyncio.create_task(consumer.stderr.read())
    dump_errors = asyncio.create_task(producer.stderr.read())
    try:
        consumer.stdin.write(b"BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\n"
                             b"CREATE SCHEMA public;\n")
        while block := await producer.stdout.read(BLOCK):
            consumer.stdin.write(block)
            await consumer.stdin.drain()
        if await producer.wait() == 0:
            consumer.stdin.write(b"COMMIT;\n")
            await consumer.stdin.drain()
    except (BrokenPipeError, ConnectionResetError):
        pass  # psql stopped at an error: its message says which
    finally:
        if producer.returncode is None:
            producer.kill()
            await producer.wait()
        consumer.stdin.close()  # without a COMMIT, psql's end rolls the transaction back
        await consumer.wait()
    await dump_errors
    if consumer.returncode:
        raise RestoreError("the restore failed and was rolled back: "
                           f"{_error_line(await psql_errors)}")
    if producer.returncode:
        raise RestoreError("pg_restore could not read the whole dump; nothing was changed")
    conn = await database.pg_connect(db_url)
    try:
        return await database.pg_counts(conn)
    finally:
        await conn.close()


def _error_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").splitlines()
    for line in lines:  # DETAIL lines may quote a row's values: only the ERROR line is shown
        if "ERROR:" in line:
            return line.split("ERROR:", 1)[1].strip()
    return lines[0] if lines else "no message"


def _restore_sqlite(plain: Path, target: Path, force: bool) -> dict[str, int]:
    try:
        source = sqlite3.connect(plain.resolve().as_uri() + "?mode=ro", uri=True)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RestoreError("the file is a damaged SQLite database")
    except sqlite3.DatabaseError:
        raise RestoreError("the file is not an SQLite database") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.close(open_private(target))
        destination = sqlite3.connect(target)
        try:
            if database.sqlite_tables(destination) and not force:
                raise _not_empty(database.sqlite_tables(destination))
            source.backup(destination)  # replaces every page of the target at once
            return database.sqlite_counts(destination)
        except sqlite3.DatabaseError as exc:
            raise RestoreError(f"{target} could not be replaced: {exc}") from None
        finally:
            destination.close()
    finally:
        source.close()
