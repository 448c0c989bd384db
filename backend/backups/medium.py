"""The copy on the removable medium, read back from the device and checked by sha256.
A missing, read-only or full medium is an alert (a log line and the result), never a crash."""

from __future__ import annotations

import errno
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from backend.backups.files import (
    chunks,
    manifest_path,
    open_private,
    sha256_of,
    sync_directory,
    write_private,
)
from backend.backups.manifest import Manifest, ManifestError
from backend.backups.retention import prune

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopyResult:
    ok: bool
    problem: str | None = None  # one line, for the log and the dashboard
    removed: tuple[str, ...] = ()


def copy_to_medium(data: Path, medium: Path) -> CopyResult:
    partial = medium / f".{data.name}.partial"
    try:
        manifest = Manifest.read(manifest_path(data))
        if not medium.is_dir():
            return _alert(f"the medium {medium} is missing (not mounted?)")
        partial.unlink(missing_ok=True)
        with os.fdopen(open_private(partial), "wb") as out:
            for block in chunks(data):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
            # forget the cached pages, so the check below reads what the device holds
            os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        if sha256_of(partial) != manifest.sha256:
            partial.unlink(missing_ok=True)
            return _alert(f"the copy on {medium} differs from the backup (bad medium?)")
        write_private(manifest_path(medium / data.name), manifest.to_json())
        os.replace(partial, medium / data.name)
        sync_directory(medium)
        removed = tuple(prune(medium))
    except ManifestError as exc:
        return _alert(str(exc))
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        return _alert(f"the medium {medium} {_reason(exc)}")
    log.info("backups: %s copied to %s and checked", data.name, medium)
    return CopyResult(True, removed=removed)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "is read-only or not writable"
    if exc.errno == errno.ENOENT:
        return "is missing (not mounted?)"
    return f"failed: {exc.strerror or exc}"


def _alert(problem: str) -> CopyResult:
    log.warning("ALERT: backup copy not made: %s", problem)
    return CopyResult(False, problem)
