"""Who a broadcast reaches: residents who agreed, did not send /stop and did not block the bot,
narrowed by channel, place, age group, test result, event, program or language."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from backend.models import Application, CareerResult, Event, Program, Registration, Survey, User
from backend.services import outbox


@dataclass(frozen=True)
class Audience:
    channels: tuple[str, ...] = ()
    municipalities: tuple[int, ...] = ()
    age_groups: tuple[str, ...] = ()
    career_types: tuple[str, ...] = ()  # a leading type of their latest test result
    event: int | None = None  # registered (seat holders) for this event …
    attended: bool = False  # … or only those who came
    program: int | None = None  # applied for this program
    locales: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()
                if v not in ((), None, False)}

    @classmethod
    def from_json(cls, values: dict) -> Audience:
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()
                 if k in cls.__dataclass_fields__}
        return cls(**known)


async def members(audience: Audience) -> list[tuple[int, str, str, str | None]]:
    """(user id, platform, chat address, language) of everyone the broadcast may reach."""
    channels = [c for c in audience.channels if c in outbox.MESSENGERS] or outbox.MESSENGERS
    found = (await _narrowed(audience, User.filter(
        subscribed=True, blocked_at__isnull=True, platform__in=list(channels))))
    return [tuple(row) for row in await found.order_by("id").values_list(
        "id", "platform", "external_id", "locale")]


async def admits(audience: Audience, user_id: int) -> bool:
    """Whether a resident belongs to the audience (a survey's: mailing choices aside)."""
    found = User.filter(id=user_id)
    if audience.channels:
        found = found.filter(platform__in=list(audience.channels))
    return await (await _narrowed(audience, found)).exists()


async def _narrowed(audience: Audience, found):
    found = found.filter(pd_consent=True, anonymized_at__isnull=True)
    if audience.municipalities:
        found = found.filter(municipality_id__in=list(audience.municipalities))
    if audience.age_groups:
        found = found.filter(age_group__in=list(audience.age_groups))
    if audience.locales:
        found = found.filter(locale__in=list(audience.locales))
    if audience.event is not None:
        registered = Registration.filter(event_id=audience.event, status="confirmed")
        if audience.attended:
            registered = registered.filter(checked_in_at__isnull=False)
        found = found.filter(id__in=await registered.values_list("user_id", flat=True))
    if audience.program is not None:
        found = found.filter(id__in=await Application.filter(
            program_id=audience.program).values_list("user_id", flat=True))
    if audience.career_types:
        found = found.filter(id__in=await _of_types(audience.career_types))
    return found


async def _of_types(types: tuple[str, ...]) -> list[int]:
    latest: dict[int, str] = {}
    for user_id, code in await CareerResult.all().order_by("id").values_list("user_id", "code"):
        latest[user_id] = code  # the last one wins
    return [user_id for user_id, code in latest.items()
            if set(code.split("-")[0]) & set(types)]


@dataclass(frozen=True)
class Target:
    """An event, program or survey a broadcast may narrow its audience to or link to."""

    id: int
    title: str
    starts_at: datetime | None = None
    code: str = ""


@dataclass(frozen=True)
class Targets:
    events: list[Target]  # the latest published, for the audience
    coming: list[Target]  # published and still ahead, for a button
    programs: list[Target]
    surveys: list[Target]


async def list_targets(now: datetime) -> Targets:
    """What the broadcast form offers to narrow to or link to."""
    events = Event.filter(status="published")
    return Targets(
        [Target(e.id, e.title, e.starts_at)
         for e in await events.order_by("-starts_at").limit(50)],
        [Target(e.id, e.title, e.starts_at)
         for e in await events.filter(starts_at__gt=now).order_by("starts_at")],
        [Target(p.id, p.title, code=p.code)
         for p in await Program.filter(status="published").order_by("title")],
        [Target(s.id, s.title) for s in await Survey.filter(status="published").order_by("-id")])
