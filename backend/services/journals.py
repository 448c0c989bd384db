"""Reading the journals: filters and pages. Nobody edits or deletes entries here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from backend.models import AuditEvent, SignInEvent

PAGE = 50


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


def sign_ins(filters: Filters):
    return filters.apply(SignInEvent.all(), "login", "kind").order_by("-id")


def data_actions(filters: Filters):
    return filters.apply(AuditEvent.all(), "actor", "action").order_by("-id")

