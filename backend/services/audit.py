"""Journal of every action with personal data (regulation 3.4, FSTEC RSB.3).

Call inside the transaction of the action it records, so both land or neither does.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q

from backend.models import AuditEvent


@dataclass(frozen=True)
class Entry:
    """One line of the journal, as it was written."""

    created_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    channel: str | None
    address: str | None


def entry(row: AuditEvent) -> Entry:
    return Entry(row.created_at, row.actor, row.action, row.object_type, row.object_id,
                 row.channel, row.address)


async def log(
    actor: str,
    action: str,
    object_type: str,
    object_id: object,
    *,
    channel: str | None = None,
    address: str | None = None,
) -> None:
    """Record who did what to which record. Never pass personal values here, only ids."""
    await AuditEvent.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        channel=channel,
        address=address,
    )


async def log_each(actor: str, action: str, object_type: str, object_ids: Collection[object], *,
                   address: str | None = None) -> None:
    """One entry per record (each person on a list that was read), written in one statement."""
    if object_ids:
        await AuditEvent.bulk_create([
            AuditEvent(actor=actor, action=action, object_type=object_type, object_id=str(i),
                       address=address) for i in object_ids])


async def list_for(object_type: str, object_id: object) -> list[Entry]:
    """Entries on one record, oldest first."""
    rows = await AuditEvent.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "id")
    return [entry(row) for row in rows]


async def list_for_any(records: dict[str, Collection[object]]) -> list[Entry]:
    """Entries on any of these records ({object_type: ids}), oldest first."""
    wanted = [Q(object_type=kind, object_id__in=[str(i) for i in ids])
              for kind, ids in records.items() if ids]
    if not wanted:
        return []
    return [entry(row) for row in
            await AuditEvent.filter(Q(*wanted, join_type="OR")).order_by("id")]
