"""The journals' hash chains: each row, once committed, gets a seal (a JournalSeal row) whose
digest is sha256(the previous seal's digest + the row's every column), in id order.

Sealing runs in the worker, not at insert: chaining at insert would serialise every
transaction that writes a journal row. The sealer takes only rows older than a margin, so the
transactions that allocated their ids earlier have committed; a row that turns up below the
sealed mark later is never sealed, and `copp verify` names it "inserted out of order".
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from backend.models import AuditEvent, JournalSeal, SignInEvent

log = logging.getLogger(__name__)

MARGIN = timedelta(minutes=10)  # far longer than any transaction that writes a journal row
BATCH = 2000


@dataclass(frozen=True)
class Journal:
    table: str
    model: type[Model]
    # Every column, in this order, is hashed. Changing it breaks every existing seal: a new
    # column needs a new chain version, not an edit here (a test compares it with the model).
    columns: tuple[str, ...]

    @property
    def genesis(self) -> str:
        return hashlib.sha256(f"copp journal chain {self.table}".encode()).hexdigest()


JOURNALS = (
    Journal("audit_events", AuditEvent, ("id", "actor", "action", "object_type", "object_id",
                                         "channel", "address", "created_at")),
    Journal("sign_in_events", SignInEvent, ("id", "login", "account_id", "kind", "address",
                                            "created_at")),
)


def _value(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(journal: Journal, row: tuple) -> bytes:
    """The row as one JSON array in the journal's column order (UTF-8, no spaces)."""
    values = [journal.table, *(_value(value) for value in row)]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def link(previous: str, journal: Journal, row: tuple) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + canonical(journal, row)).hexdigest()


async def rows(journal: Journal, after: int, upto: int | None = None,
               limit: int | None = None) -> list[tuple]:
    """Rows with after < id (<= upto), in id order, as tuples in the journal's column order."""
    query = journal.model.filter(id__gt=after)
    if upto is not None:
        query = query.filter(id__lte=upto)
    query = query.order_by("id")
    if limit is not None:
        query = query.limit(limit)
    return [tuple(row) for row in await query.values_list(*journal.columns)]


async def head(journal: Journal) -> JournalSeal | None:
    return await JournalSeal.filter(journal=journal.table).order_by("-id").first()


async def seal(journal: Journal, now: datetime | None = None,
               margin: timedelta = MARGIN) -> int:
    """Seal the journal's rows after the last sealed one that are older than `margin`, in id
    order, stopping at the first younger row. Returns how many were sealed."""
    cutoff = (now or datetime.now(UTC)) - margin
    created = journal.columns.index("created_at")
    sealed = 0
    while True:
        try:
            async with in_transaction():
                last = await head(journal)
                previous, mark = (last.digest, last.row_id) if last else (journal.genesis, 0)
                batch = await rows(journal, mark, limit=BATCH)
                seals = []
                for row in batch:
                    if row[created] >= cutoff:
                        break
                    previous = link(previous, journal, row)
                    seals.append(JournalSeal(journal=journal.table, row_id=row[0],
                                             digest=previous))
                await JournalSeal.bulk_create(seals)
        except IntegrityError:  # another sealer sealed these rows first; its chain stands
            log.info("integrity: %s was being sealed by another worker", journal.table)
            return sealed
        sealed += len(seals)
        if len(seals) < BATCH:
            return sealed


async def seal_all(now: datetime | None = None, margin: timedelta = MARGIN) -> dict[str, int]:
    return {journal.table: await seal(journal, now, margin) for journal in JOURNALS}
