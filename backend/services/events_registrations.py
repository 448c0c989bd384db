"""Staff read an event's registrations: the list, its export, the count at the door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from backend.events.values import Registrant, registrant
from backend.i18n import N_, TIMEZONE
from backend.models import Registration
from backend.services import audit

ORDER = {"confirmed": 0, "pending": 1, "offered": 2, "waiting": 3}  # seats, then the line
COLUMNS = (N_("No."), N_("Full name"), N_("Phone"), N_("Age"), N_("Status"), N_("Ticket"),
           N_("Checked in"), N_("Registered"), N_("Answers"))


@dataclass(frozen=True)
class Attendance:
    confirmed: int
    came: int


async def registrations(event_id: int, *, actor: str, address: str | None
                        ) -> list[Registrant]:
    """Everyone on the list, seats first, then the waiting list in its order; journaled."""
    return await _read(event_id, "pd.viewed", actor, address)


async def _read(event_id: int, action: str, actor: str, address: str | None
                ) -> list[Registrant]:
    """The list with names and phones, journaled for the event and for each person on it:
    their card shows who saw them, and where (their registration)."""
    async with in_transaction():
        rows = await Registration.filter(event_id=event_id).prefetch_related("user")
        await audit.log(actor, action, "event", event_id, address=address)
        await audit.log_each(actor, action, "registration", [r.id for r in rows],
                             address=address)
    return sorted((registrant(r) for r in rows), key=lambda r: (
        ORDER.get(r.status, 4), r.waiting_since or r.created_at, r.id))


def _local(moment: datetime | None) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") if moment else ""


async def export_rows(event_id: int, *, actor: str, address: str | None) -> list[list]:
    """The list as spreadsheet rows under COLUMNS; journaled as an export."""
    rows = await _read(event_id, "pd.exported", actor, address)
    return [[r.id, r.full_name or "", r.phone or "", r.age_group or "", r.status,
             r.ticket if r.status == "confirmed" else "", _local(r.checked_in_at),
             _local(r.created_at), " | ".join(r.answers)] for r in rows]


async def is_registered(event_id: int, registration_id: int) -> bool:
    """Whether the registration belongs to this event."""
    return await Registration.exists(id=registration_id, event_id=event_id)


async def attendance(event_id: int) -> Attendance:
    """Confirmed seats, and how many of them have come in."""
    found = Registration.filter(event_id=event_id)
    return Attendance(await found.filter(status="confirmed").count(),
                      await found.filter(checked_in_at__isnull=False).count())
