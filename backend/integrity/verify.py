"""`copp verify`: every kept backup against its manifest, and both journals against their seals.

A finding names what is wrong and where: a journal and a row id, or a backup file. Personal data
never appears: journal rows are named by id only.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from backend.backups.files import MANIFEST_SUFFIX, manifest_path, sha256_of, stamp_of
from backend.backups.manifest import Manifest, ManifestError
from backend.integrity.chain import BATCH, JOURNALS, Journal, link, rows
from backend.models import JournalSeal

CHANGED = "changed"
DELETED = "deleted"
OUT_OF_ORDER = "inserted out of order"


@dataclass(frozen=True)
class Finding:
    subject: str  # a journal's table, or "backup"
    where: str  # the row id, or the backup file's path
    kind: str  # changed, deleted, inserted out of order, …

    def __str__(self) -> str:
        return f"{self.subject} {self.where}: {self.kind}"


@dataclass
class JournalReport:
    table: str
    sealed: int = 0
    unsealed: int = 0  # newer than the last seal: the sealer has not reached them yet
    head: tuple[int, str] | None = None  # the last seal's row id and digest
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    journals: list[JournalReport]
    backups: int  # backup files checked
    backup_findings: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        return [f for j in self.journals for f in j.findings] + self.backup_findings

    @property
    def heads(self) -> dict[str, list]:
        return {j.table: list(j.head) for j in self.journals if j.head}


async def walk(journal: Journal) -> JournalReport:
    """Recompute each seal from the previous seal and the row as it is now, in seal order.
    Each link is checked against the stored previous digest, so one edit names one row."""
    report = JournalReport(journal.table)
    previous, mark, after = journal.genesis, 0, 0
    while seals := await JournalSeal.filter(journal=journal.table, id__gt=after).order_by(
            "id").limit(BATCH).values_list("id", "row_id", "digest"):
        upto = max(row_id for _, row_id, _ in seals)
        found = {row[0]: row for row in await rows(journal, mark, upto)}
        for _, row_id, digest in seals:
            row = found.pop(row_id, None)
            if row_id <= mark:
                report.findings.append(Finding(journal.table, str(row_id), "sealed out of order"))
            elif row is None:
                report.findings.append(Finding(journal.table, str(row_id), DELETED))
            elif link(previous, journal, row) != digest:
                report.findings.append(Finding(journal.table, str(row_id), CHANGED))
            previous, mark = digest, max(mark, row_id)
        report.findings.extend(Finding(journal.table, str(row_id), OUT_OF_ORDER)
                               for row_id in sorted(found))
        report.sealed += len(seals)
        after = seals[-1][0]
    report.findings.sort(key=lambda f: int(f.where))
    report.unsealed = await journal.model.filter(id__gt=mark).count()
    if report.sealed:
        report.head = (mark, previous)
    return report


def check_backups(directories: list[Path]) -> tuple[int, list[Finding]]:
    """Each backup's data file against the sha256 and size in its manifest."""
    checked, findings = 0, []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.name.endswith(MANIFEST_SUFFIX):
                data = path.with_name(path.name.removesuffix(MANIFEST_SUFFIX))
                if stamp_of(data.name) and not data.exists():
                    findings.append(Finding("backup", str(data), "deleted (its manifest is left)"))
                continue
            if stamp_of(path.name) is None:
                continue
            checked += 1
            try:
                manifest = Manifest.read(manifest_path(path))
            except ManifestError as exc:
                findings.append(Finding("backup", str(path), str(exc)))
                continue
            if path.stat().st_size != manifest.size or sha256_of(path) != manifest.sha256:
                findings.append(Finding("backup", str(path),
                                        f"{CHANGED} (sha256 differs from its manifest)"))
    return checked, findings


async def chain_heads_kept(journals: list[JournalReport],
                           earlier: dict[str, list]) -> list[Finding]:
    """The heads the previous verification saw must still be in the chains: a chain cut back
    (newest rows and their seals deleted) or rewritten loses them."""
    findings = []
    for report in journals:
        if report.table not in earlier:
            continue
        row_id, digest = earlier[report.table]
        if not await JournalSeal.filter(journal=report.table, row_id=row_id,
                                        digest=digest).exists():
            findings.append(Finding(report.table, str(row_id),
                                    "seal of the last verification is gone (chain cut or "
                                    "rewritten)"))
    return findings


async def verify(backup_dirs: list[Path], earlier_heads: dict[str, list] | None = None) -> Report:
    journals = [await walk(journal) for journal in JOURNALS]
    for finding in await chain_heads_kept(journals, earlier_heads or {}):
        next(j for j in journals if j.table == finding.subject).findings.append(finding)
    checked, backup_findings = await asyncio.to_thread(check_backups, backup_dirs)
    return Report(journals, checked, backup_findings)


def summary(report: Report) -> list[str]:
    lines = [f"{j.table}: {j.sealed} rows sealed, {j.unsealed} not sealed yet"
             + (f"; chain head {j.head[0]} {j.head[1]}" if j.head else "")
             for j in report.journals]
    lines.append(f"backups: {report.backups} checked")
    count = len(report.findings)
    lines.append(f"{count} finding{'s' if count != 1 else ''}" if count else "all well")
    return lines
