"""The daily run (worker) and `copp backup` without --to: back up into the configured
directory, keep what the retention rule keeps, copy to the removable medium."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from backend.backups.dump import Backup, BackupError, make_backup
from backend.backups.medium import CopyResult, copy_to_medium
from backend.backups.retention import prune
from backend.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyResult:
    backup: Backup | None
    problem: str | None = None  # the backup failed
    copy: CopyResult | None = None  # None: no medium configured
    removed: tuple[str, ...] = ()


async def run_daily(settings: Settings) -> DailyResult:
    try:
        backup = await make_backup(settings.database, settings.backups, settings.passphrase)
    except BackupError as exc:
        log.error("ALERT: backup failed: %s", exc)
        return DailyResult(None, str(exc))
    log.info("backups: %s written, %d bytes, sha256 %s", backup.path.name,
             backup.manifest.size, backup.manifest.sha256)
    removed = tuple(await asyncio.to_thread(prune, settings.backups))
    copy = None
    if settings.backup_copy_dir:
        copy = await asyncio.to_thread(copy_to_medium, backup.path, settings.backup_copy_dir)
    return DailyResult(backup, None, copy, removed)
