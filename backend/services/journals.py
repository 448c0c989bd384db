"""Reading the journals: filters and pages. Nobody edits or deletes entries here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from backend.models import AuditEvent, SignInEvent
from backend.services.audit import Entry, entry

PAGE = 50
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    who: str = ""  # login for sign-ins, actor for data actions
    kind: str = ""  # event kind or action

    def apply(self, query, who_field: str, kind_field: str):
        if self.since:
            query = query.filter(created_at__gte=datetime.combine(self.since, time(), UTC))
        if self.until:
            query = query.filter(
                created_at__lt=datetime.combine(self.until + timedelta(days=1), time(), UTC))
        for field, value in ((who_field, self.who), (kind_field, self.kind)):
            if value:  # no longer than the column: the ORM refuses a longer value outright
                limit = query.model._meta.fields_map[field].max_length
                query = query.filter(**{field: value[:limit]})
        return query


@dataclass(frozen=True)
class SignIn:
    created_at: datetime
    login: str
    account_id: int | None
    kind: str
    address: str | None


@dataclass(frozen=True)
class Page:
    total: int
    entries: list


def _sign_ins(filters: Filters):
    return filters.apply(SignInEvent.all(), "login", "kind").order_by("-id")


def _data_actions(filters: Filters):
    return filters.apply(AuditEvent.all(), "actor", "action").order_by("-id")


def _sign_in(row: SignInEvent) -> SignIn:
    return SignIn(row.created_at, row.login, row.account_id, row.kind, row.address)


async def sign_ins_page(filters: Filters, page: int) -> Page:
    """Sign-ins, newest first, PAGE to a page."""
    query = _sign_ins(filters)
    rows = await query.offset(page * PAGE).limit(PAGE)
    return Page(await query.count(), [_sign_in(row) for row in rows])


async def data_actions_page(filters: Filters, page: int) -> Page:
    """Actions with personal data, newest first, PAGE to a page."""
    query = _data_actions(filters)
    rows = await query.offset(page * PAGE).limit(PAGE)
    return Page(await query.count(), [entry(row) for row in rows])


async def all_sign_ins(filters: Filters) -> list[SignIn]:
    """Every matching sign-in, for an export (at most EXPORT_LIMIT)."""
    return [_sign_in(row) for row in await _sign_ins(filters).limit(EXPORT_LIMIT)]


async def all_data_actions(filters: Filters) -> list[Entry]:
    """Every matching action, for an export (at most EXPORT_LIMIT)."""
    return [entry(row) for row in await _data_actions(filters).limit(EXPORT_LIMIT)]
