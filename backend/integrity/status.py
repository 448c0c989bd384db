"""The last backup and the last verification, kept in the database for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backend.backups.job import DailyResult
from backend.integrity.verify import Report
from backend.models import MaintenanceRun

BACKUP = "backup"
VERIFY = "verify"
DUE = timedelta(hours=26)  # daily, with two hours to spare
FINDINGS_KEPT = 20


async def record_backup(result: DailyResult, now: datetime | None = None,
                        one_off_dir: Path | None = None) -> None:
    """`one_off_dir` (absolute): a `copp backup --to DIR`, made there without pruning or a copy."""
    details: dict = {"problem": result.problem}
    if result.backup:
        details |= {"file": result.backup.path.name, "size": result.backup.manifest.size}
    if one_off_dir is not None:
        details["to"] = str(one_off_dir)
    if result.copy is not None:
        details["medium"] = "ok" if result.copy.ok else result.copy.problem
    ok = result.backup is not None and (result.copy is None or result.copy.ok)
    await MaintenanceRun.create(kind=BACKUP, ok=ok, finished_at=now or datetime.now(UTC),
                                details=details)


async def record_verification(report: Report, now: datetime | None = None) -> None:
    findings = report.findings
    await MaintenanceRun.create(
        kind=VERIFY, ok=not findings, finished_at=now or datetime.now(UTC),
        details={"findings": len(findings), "lines": [str(f) for f in findings[:FINDINGS_KEPT]],
                 "heads": report.heads, "backups": report.backups})


async def last(kind: str) -> MaintenanceRun | None:
    return await MaintenanceRun.filter(kind=kind).order_by("-finished_at", "-id").first()


@dataclass(frozen=True)
class State:
    run: MaintenanceRun | None
    late: bool  # none in the last 26 hours

    @property
    def red(self) -> bool:
        return self.run is None or self.late or not self.run.ok


async def state(kind: str, now: datetime) -> State:
    run = await last(kind)
    return State(run, run is None or now - run.finished_at > DUE)
