"""`copp backup`: a consistent copy of the database and its manifest, files created 0600."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from backend.backups import database
from backend.backups.crypto import Encryptor
from backend.backups.files import (
    BLOCK,
    chunks,
    data_name,
    manifest_path,
    open_private,
    private_directory,
    sync_directory,
    write_private,
)
from backend.backups.manifest import Manifest


class BackupError(Exception):
    """One line saying why no backup was made."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: Manifest


class _Sink:
    """Where the dump goes: encrypted if asked, counted and hashed as stored."""

    def __init__(self, fd: int, passphrase: str | None) -> None:
        self._file = os.fdopen(fd, "wb")
        self._encryptor = Encryptor(passphrase) if passphrase else None
        self.digest = hashlib.sha256()
        self.size = 0

    def _store(self, data: bytes) -> None:
        self._file.write(data)
        self.digest.update(data)
        self.size += len(data)

    def write(self, data: bytes) -> None:
        self._store(self._encryptor.update(data) if self._encryptor else data)

    def close(self) -> None:
        if self._encryptor:
            self._store(self._encryptor.finish())
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abort(self) -> None:
        self._file.close()


async def make_backup(db_url: str, directory: Path, passphrase: str | None = None,
                      now: datetime | None = None) -> Backup:
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    backend = database.backend_of(db_url)
    try:
        private_directory(directory)
        path = directory / data_name(created, backend, bool(passphrase))
        if path.exists():
            raise BackupError(f"{path} exists already")
        partial = directory / f".{path.name}.partial"
        partial.unlink(missing_ok=True)
        sink = _Sink(open_private(partial), passphrase)
    except OSError as exc:
        raise BackupError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    try:
        if backend == "postgres":
            schema, tables = await _dump_postgres(db_url, sink)
        else:
            schema, tables = await asyncio.to_thread(
                _dump_sqlite, database.sqlite_path(db_url), directory, sink)
        sink.close()
        manifest = Manifest(file=path.name, sha256=sink.digest.hexdigest(), size=sink.size,
                            created_at=created.isoformat().replace("+00:00", "Z"),
                            backend=backend, schema=schema, encrypted=bool(passphrase),
                            tables=tables)
        # The manifest first: a data file under its final name always has one.
        write_private(manifest_path(path), manifest.to_json())
        os.replace(partial, path)
        sync_directory(directory)
    except OSError as exc:
        sink.abort()
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    except BaseException:
        sink.abort()
        partial.unlink(missing_ok=True)
        raise
    return Backup(path, manifest)


async def _dump_postgres(db_url: str, sink: _Sink) -> tuple[str | None, dict[str, int]]:
    """pg_dump reads the snapshot this transaction exported, so the counts in the manifest
    are of exactly the rows in the dump, however busy the database is."""
    try:
        conn = await database.pg_connect(db_url)
    except Exception as exc:  # asyncpg raises many kinds; one line is what we keep
        raise BackupError(f"cannot connect to PostgreSQL: {type(exc).__name__}") from None
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            try:
                process = await asyncio.create_subprocess_exec(
                    "pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot}",
                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                    env=database.pg_environment(db_url))
            except FileNotFoundError:
                raise BackupError("pg_dump is not installed (Debian: postgresql-client)") \
                    from None
            errors = asyncio.create_task(process.stderr.read())
            while block := await process.stdout.read(BLOCK):
                sink.write(block)
            if await process.wait():
                raise BackupError(f"pg_dump failed: {_first_line(await errors)}")
            return await database.pg_schema(conn), await database.pg_counts(conn)
    finally:
        await conn.close()


def _dump_sqlite(path: Path, directory: Path, sink: _Sink) -> tuple[str | None, dict[str, int]]:
    if not path.is_file():
        raise BackupError(f"no database at {path}")
    copy = directory / f".{uuid.uuid4().hex}.sqlite3.tmp"
    os.close(open_private(copy))  # the backup API writes into this empty, private file
    try:
        source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            schema, tables = database.sqlite_schema(target), database.sqlite_counts(target)
        finally:
            source.close()
            target.close()
        for block in chunks(copy):
            sink.write(block)
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}-journal").unlink(missing_ok=True)
    return schema, tables


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[0].removeprefix("pg_dump: ") if lines else "no message"
