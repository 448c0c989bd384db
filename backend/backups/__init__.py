"""Backups of the database: `copp backup` and `copp restore`, and the worker's daily run.

A backup is two files side by side: the data file, which is exactly what PostgreSQL's
`pg_dump --format=custom` or SQLite's online backup wrote (so `pg_restore` or `sqlite3` can open
it without this code), optionally encrypted, and its manifest `<data file>.json`.
"""

from backend.backups.dump import Backup, BackupError, make_backup
from backend.backups.job import DailyResult, run_daily
from backend.backups.medium import CopyResult, copy_to_medium
from backend.backups.restore import RestoreError, RestoreReport, restore
from backend.backups.retention import choose_kept, prune

__all__ = ["Backup", "BackupError", "CopyResult", "DailyResult", "RestoreError",
           "RestoreReport", "choose_kept", "copy_to_medium", "make_backup", "prune", "restore",
           "run_daily"]
