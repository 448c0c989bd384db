"""Private files (0600 from the start, never widened later), names and checksums."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

BLOCK = 1 << 20
NAME = re.compile(r"^copp-(\d{8}T\d{6}Z)\.(dump|sqlite3)(\.enc)?$")
MANIFEST_SUFFIX = ".json"


def data_name(created_at: datetime, backend: str, encrypted: bool) -> str:
    stamp = created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    kind = "dump" if backend == "postgres" else "sqlite3"
    return f"copp-{stamp}.{kind}{'.enc' if encrypted else ''}"


def stamp_of(name: str) -> datetime | None:
    """The time in a backup's file name, or None for any other file."""
    match = NAME.match(name)
    if not match:
        return None
    return datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def manifest_path(data: Path) -> Path:
    return data.with_name(data.name + MANIFEST_SUFFIX)


def private_directory(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def open_private(path: Path) -> int:
    """A new file only its owner can read; fails if it exists."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def write_private(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a temporary name, then a rename)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    fd = open_private(partial)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while block := file.read(BLOCK):
            yield block


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    for block in chunks(path):
        digest.update(block)
    return digest.hexdigest()


def sync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
