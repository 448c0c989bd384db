"""Residents: who they are per channel, their language, consents and mailing choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend import consent
from backend.db import placeholders
from backend.errors import ServiceError
from backend.models import Consent, Municipality, Registration, SurveyResponse, User
from backend.programs.places import place_label
from backend.services import audit
from backend.settings import LOCALES

SEEN_RESOLUTION = timedelta(hours=1)
AGE_GROUPS = ("14-17", "18-24", "25-34", "35-49", "50+")


@dataclass(frozen=True)
class UserInfo:
    """What dialogs may know about a resident. Plain values only."""

    id: int
    platform: str
    locale: str | None
    pd_consent: bool | None
    subscribed: bool
    created_at: datetime
    municipality_id: int | None = None
    age_group: str | None = None
    has_contact: bool = False  # name and phone are known; their values stay in the database

    @property
    def actor(self) -> str:
        return f"user:{self.id}"


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        platform=user.platform,
        locale=user.locale,
        pd_consent=user.pd_consent,
        subscribed=user.subscribed,
        created_at=user.created_at,
        municipality_id=user.municipality_id,
        age_group=user.age_group,
        has_contact=bool(user.full_name and user.phone),
    )


async def _by_account(platform: str, external_id: str) -> User | None:
    """User.get_or_none(platform=…, external_id=…) in fixed SQL: tortoise builds a query's
    SQL anew on each call, most of the cost of this lookup made for every update."""
    platform_mark, id_mark = placeholders(2)
    sql = f"SELECT * FROM users WHERE platform = {platform_mark} AND external_id = {id_mark}"  # noqa: S608
    rows = await connections.get("default").execute_query_dict(sql, [platform, external_id])
    return User._init_from_db(**rows[0]) if rows else None


async def resolve_user(platform: str, external_id: str, now: datetime) -> UserInfo:
    """Find the resident behind a channel account, creating the record on first contact."""
    user = await _by_account(platform, external_id)
    if user is None:
        try:
            async with in_transaction():
                user = await User.create(platform=platform, external_id=external_id)
                await audit.log("system", "user.created", "user", user.id, channel=platform)
        except IntegrityError:  # the same account's first two updates raced
            user = await User.get(platform=platform, external_id=external_id)
    elif user.blocked_at is not None:  # they wrote again: the bot is no longer blocked
        await User.filter(id=user.id).update(blocked_at=None, last_seen_at=now)
    elif now - user.last_seen_at > SEEN_RESOLUTION:
        await User.filter(id=user.id).update(last_seen_at=now)
    return _info(user)


async def find_user(platform: str, external_id: str) -> UserInfo | None:
    """The resident behind a channel account, or None: nobody is created."""
    user = await _by_account(platform, external_id)
    return _info(user) if user else None


async def set_blocked(platform: str, external_id: str, blocked: bool,
                      now: datetime | None = None) -> None:
    """The resident blocked the bot (or closed messages), or allowed them again. Journaled."""
    async with in_transaction():
        user = await User.get_or_none(platform=platform, external_id=external_id)
        if user is None or (user.blocked_at is not None) == blocked:
            return
        await User.filter(id=user.id).update(blocked_at=(now or datetime.now(UTC)) if blocked
                                             else None)
        await audit.log("system", "bot.blocked" if blocked else "bot.unblocked", "user",
                        user.id, channel=platform)


async def get_user(user_id: int) -> UserInfo:
    return _info(await User.get(id=user_id))


async def set_locale(user_id: int, locale: str) -> UserInfo:
    if locale not in LOCALES:
        raise ServiceError("unknown_locale")
    await User.filter(id=user_id).update(locale=locale)
    return await get_user(user_id)


async def record_consent(
    user_id: int, purpose: str, granted: bool, *, locale: str, channel: str, evidence: str | None
) -> UserInfo:
    """Store the answer with the version and hash of the text the resident saw."""
    async with in_transaction():
        user = await User.get(id=user_id).select_for_update()
        if not granted and user.pd_consent is False:
            raise ServiceError("consent_already_withdrawn")
        await Consent.create(
            user_id=user_id,
            purpose=purpose,
            version=consent.VERSIONS[purpose],
            text_hash=consent.text_hash(purpose, locale),
            locale=locale,
            granted=granted,
            channel=channel,
            evidence=evidence,
        )
        if purpose == consent.PROCESSING:
            # Without consent we keep only what needs none: the profile goes.
            cleared = {} if granted else dict.fromkeys(PROFILE_FIELDS)
            await User.filter(id=user_id).update(pd_consent=granted, **cleared)
        action = "consent.granted" if granted else "consent.refused"
        if not granted and user.pd_consent:
            action = "consent.withdrawn"
        await audit.log(f"user:{user_id}", action, "user", user_id, channel=channel)
    return await get_user(user_id)


async def set_subscribed(user_id: int, subscribed: bool) -> UserInfo:
    """`/stop` and its undo: mailings only, service messages still arrive. Mailings go
    only to those who consented: turning them on without consent is refused."""
    async with in_transaction():
        if subscribed and not (await User.get(id=user_id).select_for_update()).pd_consent:
            raise ServiceError("consent_required")
        await User.filter(id=user_id).update(subscribed=subscribed)
        action = "mailings.resumed" if subscribed else "mailings.stopped"
        await audit.log(f"user:{user_id}", action, "user", user_id)
    return await get_user(user_id)


@dataclass(frozen=True)
class Place:
    """A municipality: «Вельский», its kind and its centre «Вельск»."""

    id: int
    name: str
    kind: str
    centre: str


async def list_municipalities() -> list[Place]:
    return [Place(m.id, m.name, m.kind, m.centre)
            for m in await Municipality.filter(in_public_filters=True).order_by("position")]


PROFILE_FIELDS = ("municipality_id", "full_name", "phone", "age_group")


async def set_profile(user_id: int, *, channel: str, **values: str | int) -> UserInfo:
    """Name, phone, age group or place, given for a service; only with consent, journaled."""
    if not values or set(values) - set(PROFILE_FIELDS):
        raise ValueError(f"profile fields are {PROFILE_FIELDS}")
    if values.get("age_group", AGE_GROUPS[0]) not in AGE_GROUPS:
        raise ValueError("unknown age group")
    async with in_transaction():
        user = await User.get(id=user_id).select_for_update()
        if not user.pd_consent:
            raise ServiceError("consent_required")
        if "municipality_id" in values:
            await Municipality.get(id=values["municipality_id"])
        await User.filter(id=user_id).update(**values)
        await audit.log(f"user:{user_id}", "pd.changed", "user", user_id, channel=channel)
    return await get_user(user_id)


@dataclass(frozen=True)
class ConsentInfo:
    """One answer to a consent request, as it was given."""

    purpose: str
    version: str
    granted: bool
    channel: str
    locale: str
    created_at: datetime


def consent_info(row: Consent) -> ConsentInfo:
    return ConsentInfo(row.purpose, row.version, row.granted, row.channel, row.locale,
                       row.created_at)



@dataclass(frozen=True)
class PersonalData:
    """Everything the platform holds about one resident, for /mydata."""

    user: UserInfo
    external_id: str
    consents: list[ConsentInfo]
    municipality: str | None
    full_name: str | None = None
    phone: str | None = None
    lists: frozenset[str] = frozenset()  # which of LISTS hold something of the resident


# What else /mydata lists: each is read only when it holds something, found in one query.
LISTS = {"career_results": "", "applications": "", "registrations": "",
         "survey_responses": " AND status = 'complete'", "program_subscriptions": "",
         "consultations": ""}


async def _lists_held(user_id: int) -> frozenset[str]:
    marks = placeholders(len(LISTS))
    held = ", ".join(  # table names and parameter markers only, no data
        f"EXISTS (SELECT 1 FROM {table} WHERE user_id = {mark}{extra}) AS {table}"  # noqa: S608
        for (table, extra), mark in zip(LISTS.items(), marks, strict=True))
    sql = f"SELECT {held}"
    rows = await connections.get("default").execute_query_dict(sql, [user_id] * len(LISTS))
    return frozenset(table for table, held in rows[0].items() if held)


async def view_personal_data(user_id: int, *, channel: str) -> PersonalData:
    """Read a resident's data for themselves; the read itself is journaled.

    The journal entry is written after the reads and before anything is shown: if it
    fails, nothing is shown (no transaction needed for that, and none is taken)."""
    user = await User.get(id=user_id)
    consents = await Consent.filter(user_id=user_id).order_by("-created_at", "-id")
    lists = await _lists_held(user_id)
    await audit.log(f"user:{user_id}", "pd.viewed", "user", user_id, channel=channel)
    return PersonalData(_info(user), user.external_id, [consent_info(c) for c in consents],
                        await municipality_name(user.municipality_id), user.full_name,
                        user.phone, lists)


async def municipality_name(municipality_id: int | None) -> str | None:
    """As people say it: «Вельский округ», «Котлас»."""
    if municipality_id is None:
        return None
    found = await Municipality.filter(id=municipality_id).first().values("name", "kind")
    return place_label(found["name"], found["kind"]) if found else None


@dataclass(frozen=True)
class Footprint:
    """A thing the resident did with us: an event registration or a survey answered."""

    title: str
    moment: datetime  # the event's start, or when the survey was answered
    status: str = ""


async def footprints(user_id: int) -> tuple[list[Footprint], list[Footprint]]:
    """The resident's event registrations and their non-anonymous survey answers, newest
    first. An anonymous survey's answers carry no user id, so they never show here."""
    registrations = await Registration.filter(user_id=user_id).order_by(
        "-event__starts_at").prefetch_related("event")
    responses = await SurveyResponse.filter(user_id=user_id, status="complete").order_by(
        "-completed_at").prefetch_related("survey")
    return ([Footprint(r.event.title, r.event.starts_at, r.status) for r in registrations],
            [Footprint(r.survey.title, r.completed_at) for r in responses])


async def withdrawn_at(user_id: int) -> datetime | None:
    """When consent given before was withdrawn; None if it is in force or was never given."""
    latest = await Consent.filter(user_id=user_id, purpose=consent.PROCESSING).order_by(
        "-id").first()
    if latest is None or latest.granted:
        return None
    given = await Consent.filter(user_id=user_id, purpose=consent.PROCESSING, granted=True,
                                 id__lt=latest.id).exists()
    return latest.created_at if given else None
