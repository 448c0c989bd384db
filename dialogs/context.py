"""What a step's getters and actions see: the resident, the answers so far, and text helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from backend import i18n
from backend.services.users import UserInfo


@dataclass
class Ctx:
    user: UserInfo
    channel: str
    now: datetime
    default_locale: str
    data: dict = field(default_factory=dict)
    arg: str | None = None
    evidence: str | None = None  # id of the update that carried the input, for consent records
    page: int = 0  # the page of a long list being shown
    kept: dict = field(default_factory=dict)  # what the screen loaded this turn (dialogs.once)

    @property
    def locale(self) -> str:
        return self.user.locale or self.default_locale

    def _(self, message: str) -> str:
        return i18n.gettext(self.locale, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return i18n.ngettext(self.locale, singular, plural, n)

    def datetime(self, moment: datetime) -> str:
        return i18n.local_datetime(moment, self.locale)

    def date(self, moment: datetime | date) -> str:
        return i18n.local_date(moment, self.locale)
