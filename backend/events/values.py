"""What services hand out about events and registrations: plain values, no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class EventInfo:
    id: int
    kind: str
    title: str
    description: str
    audience: str
    municipality_id: int | None  # None: online
    competency_id: int | None
    venue: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int
    registration_deadline: datetime
    cancellation_deadline: datetime
    min_age: int | None
    max_age: int | None
    approval_required: bool
    questions: tuple[str, ...]
    reminder_hours: tuple[int, ...]
    offer_hours: int
    survey_url: str
    status: str  # draft, published, cancelled
    organization_id: int | None
    questions_en: tuple[str, ...] = ()  # English versions: one for each question, or none

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True)
class RegistrationInfo:
    id: int
    event_id: int
    user_id: int
    status: str  # confirmed, pending, waiting, offered, cancelled, declined, expired
    ticket: str
    answers: tuple[str, ...]
    waiting_since: datetime | None
    offer_until: datetime | None
    checked_in_at: datetime | None
    created_at: datetime
    event: EventInfo | None = None  # when the caller needs the event too


@dataclass(frozen=True)
class Registrant(RegistrationInfo):
    """A registration as staff see it: with the person's name, phone and age group."""

    full_name: str | None = None
    phone: str | None = None
    age_group: str | None = None


def _values(cls: type, row: object, **extra) -> dict:
    names = [f.name for f in fields(cls) if f.name not in extra]
    values = {name: getattr(row, name) for name in names if hasattr(row, name)}
    return {**values, **extra}


def event_info(row: object) -> EventInfo:
    """An Event row as plain values."""
    return EventInfo(**_values(EventInfo, row, questions=tuple(row.questions),
                               questions_en=tuple(row.questions_en),
                               reminder_hours=tuple(row.reminder_hours)))


def registration_info(row: object, event: EventInfo | None = None) -> RegistrationInfo:
    """A Registration row as plain values, with its event if given."""
    return RegistrationInfo(**_values(RegistrationInfo, row, answers=tuple(row.answers),
                                      event=event))


def registrant(row: object) -> Registrant:
    """A Registration row with its prefetched user, for staff."""
    user = row.user
    return Registrant(**_values(Registrant, row, answers=tuple(row.answers), event=None,
                                full_name=user.full_name, phone=user.phone,
                                age_group=user.age_group))


@dataclass(frozen=True)
class EventDraft:
    """An event as staff filled it in; None where a value could not be read."""

    kind: str
    status: str
    title: str
    description: str
    audience: str
    venue: str
    online_url: str
    survey_url: str
    municipality_id: int | None  # None: online
    competency_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    registration_deadline: datetime | None
    cancellation_deadline: datetime | None
    capacity: int | None
    min_age: int | None
    max_age: int | None
    offer_hours: int | None
    reminder_hours: tuple[int, ...]
    questions: tuple[str, ...]
    approval_required: bool
    questions_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """Something to pick from a list: its id and its name."""

    id: int
    name: str
