"""Consultations: a resident's conversation with the Center's consultants, in their messenger.

A resident's message comes in through the inbox (the dialog calls `ask` or `write`); a
consultant's reply is written with its outbox notice in one transaction, so it is sent once and
never lost, each reply its own notice in the order written. Staff are told of a new
conversation in their chat by number and link only. Every read by staff is journaled; the texts
are personal data, erased by anonymization.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.functions import Count, Max
from tortoise.transactions import in_transaction

from backend import i18n
from backend.consultations import hours
from backend.errors import ServiceError
from backend.i18n import N_
from backend.models import (
    CannedAnswer,
    Consultation,
    ConsultationMessage,
    OutboxMessage,
    StaffAccount,
    User,
)
from backend.roles import PERMISSIONS
from backend.services import audit, outbox

ANSWER = "consultations.answer"  # the permission of consultants
NOTICE_KEY = "consultation:"  # an outbox key: the staff chat's notice of conversation <id>
REPLY_KEY = "consultation-message:"  # a reply's notice to the resident
MAX_TEXT = 4000  # a Telegram message holds 4096 characters, with our heading
MAX_FILE = 900 * 1024  # the panel's request body is limited to 1 MiB (backend/app.py)
MAX_FILE_NAME = 200
FILTERS = ("all", "mine", "unassigned", "longest", "closed")
RATINGS = (1, 2, 3, 4, 5)
DIALOG = "consultations"  # the dialog that opens for a notice's button


@dataclass(frozen=True)
class Promise:
    """Who answers and when: within working hours a wait in minutes, else the opening."""

    open_now: bool
    minutes: int
    opens_at: datetime


@functools.cache
def _calendar() -> tuple[hours.Calendar, int]:
    from backend.settings import Settings

    settings = Settings()
    return (hours.load(settings.consultation_calendar or hours.SHIPPED),
            settings.consultation_reply_minutes)


def promise(now: datetime) -> Promise:
    calendar, minutes = _calendar()
    if calendar.is_open(now):
        return Promise(True, minutes, now)
    return Promise(False, minutes, calendar.next_opening(now))


@dataclass(frozen=True)
class Message:
    id: int
    author: str  # resident, staff, note
    staff_login: str | None
    text: str
    file_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class Summary:
    """A conversation as the inbox lists it."""

    id: int
    user_id: int
    channel: str
    status: str
    assignee_login: str | None
    assignee_id: int | None
    created_at: datetime
    last_message_at: datetime
    waiting_since: datetime | None
    newest: str  # the newest message, shortened
    rating: int | None


@dataclass(frozen=True)
class Conversation:
    summary: Summary
    messages: list[Message]


def _clean(text: str) -> str:
    return text.replace("\x00", "").strip()


def _checked_text(text: str, *, required: bool = True) -> str:
    text = _clean(text)
    if required and not text:
        raise ServiceError("consultation_text_empty")
    if len(text) > MAX_TEXT:
        raise ServiceError("consultation_text_too_long", max=MAX_TEXT)
    return text


# ---- residents -------------------------------------------------------------------------


async def open_one(user_id: int) -> int | None:
    """The number of the resident's open conversation, if there is one."""
    found = await Consultation.filter(user_id=user_id, status="open").order_by("-id").first()
    return found.id if found else None


async def ask(user_id: int, text: str, *, channel: str, now: datetime | None = None
              ) -> tuple[int, bool]:
    """The resident's question: a new conversation, or a message to the open one. Its number,
    and True if new. Needs consent: the conversation is personal data."""
    now = now or datetime.now(UTC)
    text = _checked_text(text)
    async with in_transaction():
        user = await User.get(id=user_id).select_for_update()
        if not user.pd_consent:
            raise ServiceError("consent_required")
        existing = await Consultation.filter(user_id=user_id, status="open").first()
        if existing:
            await _resident_says(existing, text, now)
            return existing.id, False
        consultation = await Consultation.create(user_id=user_id, channel=channel,
                                                 created_at=now, last_message_at=now,
                                                 waiting_since=now, changed_at=now)
        await ConsultationMessage.create(consultation=consultation, author="resident",
                                         text=text, created_at=now)
        await audit.log(f"user:{user_id}", "consultation.opened", "consultation",
                        consultation.id, channel=channel)
        await outbox.enqueue("telegram", outbox.STAFF, "", f"{NOTICE_KEY}{consultation.id}")
    return consultation.id, True


async def write(user_id: int, text: str, now: datetime | None = None) -> int | None:
    """A message to the resident's open conversation; None when none is open."""
    now = now or datetime.now(UTC)
    text = _checked_text(text)
    async with in_transaction():
        consultation = await Consultation.filter(user_id=user_id, status="open") \
            .select_for_update().first()
        if consultation is None:
            return None
        if not await User.filter(id=user_id, pd_consent=True).exists():
            raise ServiceError("consent_required")  # withdrawn while the conversation was open
        await _resident_says(consultation, text, now)
    return consultation.id


async def _resident_says(consultation: Consultation, text: str, now: datetime) -> None:
    await ConsultationMessage.create(consultation=consultation, author="resident", text=text,
                                     created_at=now)
    await Consultation.filter(id=consultation.id).update(
        last_message_at=now, waiting_since=consultation.waiting_since or now, changed_at=now)


async def rate(user_id: int, consultation_id: int, score: int) -> bool:
    """The resident's 1–5 for a closed conversation of theirs; False if it is not one."""
    if score not in RATINGS:
        return False
    async with in_transaction():
        updated = await Consultation.filter(id=consultation_id, user_id=user_id,
                                            status="closed").update(rating=score,
                                                                   changed_at=datetime.now(UTC))
        if updated:
            await audit.log(f"user:{user_id}", "consultation.rated", "consultation",
                            consultation_id)
    return bool(updated)


@dataclass(frozen=True)
class Held:
    """A conversation as /mydata and the export show it to its resident."""

    id: int
    status: str
    created_at: datetime
    messages: int
    rating: int | None


async def of_user(user_id: int) -> list[Held]:
    rows = await Consultation.filter(user_id=user_id).order_by("-id")
    counts = dict(await ConsultationMessage.filter(
        consultation__user_id=user_id, author__in=("resident", "staff"))
        .annotate(n=Count("id")).group_by("consultation_id").values_list("consultation_id", "n"))
    return [Held(row.id, row.status, row.created_at, counts.get(row.id, 0), row.rating)
            for row in rows]


async def export_of(user_id: int) -> list[dict]:
    """Every conversation of the resident with its messages (not staff notes), for the export."""
    found = []
    for consultation in await Consultation.filter(user_id=user_id).order_by("id"):
        messages = await ConsultationMessage.filter(
            consultation_id=consultation.id, author__in=("resident", "staff")).order_by("id")
        found.append({
            "number": consultation.id, "status": consultation.status,
            "channel": consultation.channel, "at": consultation.created_at.isoformat(),
            "rating": consultation.rating,
            "messages": [{"from": m.author, "text": m.text, "file": m.file_name,
                          "at": m.created_at.isoformat()} for m in messages]})
    return found


async def erase(user_id: int) -> None:
    """Anonymization: the texts and files go, and the notices not sent yet; times stay for the
    statistics. Call inside the anonymizing transaction."""
    ids = await Consultation.filter(user_id=user_id).values_list("id", flat=True)
    if ids:
        await ConsultationMessage.filter(consultation_id__in=ids).update(
            text="", file=None, file_name=None)
    await OutboxMessage.filter(user_id=user_id, key__startswith=REPLY_KEY).update(
        text="", image=None, filename=None)
    await OutboxMessage.filter(user_id=user_id, key__startswith=REPLY_KEY,
                               status="pending").update(status="failed", error="anonymized")


# ---- staff -------------------------------------------------------------------------------


async def consultants() -> list[tuple[int, str]]:
    """Accounts that may answer: (id, login)."""
    return [(row.id, row.login) for row in await StaffAccount.filter(
        role__in=sorted(PERMISSIONS[ANSWER]), is_blocked=False).order_by("login")]


async def _logins(ids: set[int]) -> dict[int, str]:
    ids.discard(None)
    if not ids:
        return {}
    return dict(await StaffAccount.filter(id__in=ids).values_list("id", "login"))


def _short(text: str, file_name: str | None) -> str:
    text = " ".join(text.split()) or (f"📎 {file_name}" if file_name else "")
    return text if len(text) <= 120 else text[:119] + "…"


async def _summaries(rows: list[Consultation]) -> list[Summary]:
    logins = await _logins({row.assignee_id for row in rows})
    newest: dict[int, tuple[str, str | None]] = {}
    if rows:
        ids = await ConsultationMessage.filter(
            consultation_id__in=[row.id for row in rows], author__in=("resident", "staff")) \
            .annotate(last=Max("id")).group_by("consultation_id").values_list("last", flat=True)
        for consultation_id, text, file_name in await ConsultationMessage.filter(
                id__in=list(ids)).values_list("consultation_id", "text", "file_name"):
            newest[consultation_id] = (text, file_name)
    return [Summary(row.id, row.user_id, row.channel, row.status, logins.get(row.assignee_id),
                    row.assignee_id, row.created_at, row.last_message_at, row.waiting_since,
                    _short(*newest[row.id]) if row.id in newest else "", row.rating)
            for row in rows]


async def inbox(view: str, account_id: int, *, address: str | None,
                resident_id: int | None = None, limit: int = 50) -> list[Summary]:
    """Open conversations, newest message first; `mine`, `unassigned`, `longest` waiting
    first, or `closed` ones. A resident's own, all of them, when `resident_id` is given.
    The list shows each one's newest message: journaled as a read of each."""
    found = Consultation.all()
    if resident_id is not None:
        found = found.filter(user_id=resident_id)
    elif view == "closed":
        found = found.filter(status="closed")
    else:
        found = found.filter(status="open")
        if view == "mine":
            found = found.filter(assignee_id=account_id)
        elif view == "unassigned":
            found = found.filter(assignee_id__isnull=True)
    if view == "longest" and resident_id is None:
        found = found.filter(waiting_since__isnull=False).order_by("waiting_since", "id")
    else:
        found = found.order_by("-last_message_at", "-id")
    shown = await _summaries(await found.limit(limit))
    await audit.log_each(f"staff:{account_id}", "pd.viewed", "consultation",
                         [summary.id for summary in shown], address=address)
    return shown


async def latest_change() -> tuple[int, datetime | None]:
    """A stamp that moves whenever a conversation gets a message or changes (both read by an
    index), for the live list."""
    last = await ConsultationMessage.all().order_by("-id").limit(1).values_list("id", flat=True)
    changed = await Consultation.all().order_by("-changed_at").limit(1) \
        .values_list("changed_at", flat=True)
    return (last[0] if last else 0), (changed[0] if changed else None)


async def _get(consultation_id: int) -> Consultation:
    consultation = await Consultation.get_or_none(id=consultation_id)
    if consultation is None:
        raise ServiceError("consultation_not_found")
    return consultation


def _message(row: ConsultationMessage, logins: dict[int, str]) -> Message:
    return Message(row.id, row.author, logins.get(row.staff_id), row.text, row.file_name,
                   row.created_at)


async def view(consultation_id: int, *, actor: str, address: str | None) -> Conversation:
    """A conversation with its messages and notes; the read is journaled."""
    async with in_transaction():
        consultation = await _get(consultation_id)
        rows = await ConsultationMessage.filter(consultation_id=consultation_id).order_by("id")
        await audit.log(actor, "pd.viewed", "consultation", consultation_id, address=address)
    logins = await _logins({row.staff_id for row in rows})
    summary = (await _summaries([consultation]))[0]
    return Conversation(summary, [_message(row, logins) for row in rows])


async def follow(consultation_id: int, *, actor: str, address: str | None) -> None:
    """A live feed of the conversation is opened: journaled like a view."""
    async with in_transaction():
        await _get(consultation_id)
        await audit.log(actor, "pd.viewed", "consultation", consultation_id, channel="live",
                        address=address)


async def messages_after(consultation_id: int, after: int) -> list[Message]:
    rows = await ConsultationMessage.filter(consultation_id=consultation_id, id__gt=after) \
        .order_by("id")
    logins = await _logins({row.staff_id for row in rows})
    return [_message(row, logins) for row in rows]


async def file_of(consultation_id: int, message_id: int, *, actor: str,
                  address: str | None) -> tuple[str, bytes]:
    async with in_transaction():
        row = await ConsultationMessage.get_or_none(id=message_id, consultation_id=consultation_id)
        if row is None or row.file is None:
            raise ServiceError("consultation_not_found")
        await audit.log(actor, "pd.viewed", "consultation", consultation_id, address=address)
    return row.file_name or "file", bytes(row.file)


def _reply_text(locale: str, number: int, text: str) -> str:
    heading = i18n.gettext(locale, N_("💬 The Center's consultant, question No. {number}:"))
    return heading.format(number=number) + ("\n\n" + text if text else "")


async def reply(consultation_id: int, text: str, *, account_id: int, address: str | None,
                file: tuple[str, bytes] | None = None, now: datetime | None = None) -> int:
    """A consultant's answer, queued to the resident's messenger with it; the message id."""
    now = now or datetime.now(UTC)
    text = _checked_text(text, required=file is None)
    if file is not None:
        name, data = file
        name = _clean(name.replace("/", "_").replace("\\", "_"))[:MAX_FILE_NAME] or "file"
        if not data:
            raise ServiceError("consultation_file_empty")
        if len(data) > MAX_FILE:
            raise ServiceError("consultation_file_too_big", max=MAX_FILE // 1024)
        file = (name, data)
    async with in_transaction():
        consultation = await Consultation.filter(id=consultation_id).select_for_update().first()
        if consultation is None:
            raise ServiceError("consultation_not_found")
        if consultation.status != "open":
            raise ServiceError("consultation_closed")
        user = await User.get(id=consultation.user_id)
        if user.anonymized_at:
            raise ServiceError("resident_anonymized")
        message = await ConsultationMessage.create(
            consultation_id=consultation_id, author="staff", staff_id=account_id, text=text,
            file_name=file[0] if file else None, file=file[1] if file else None, created_at=now)
        changes = {"last_message_at": now, "waiting_since": None, "changed_at": now}
        if consultation.first_reply_at is None:
            changes["first_reply_at"] = now
        if consultation.assignee_id is None:
            changes["assignee_id"] = account_id
        await Consultation.filter(id=consultation_id).update(**changes)
        await audit.log(f"staff:{account_id}", "consultation.replied", "consultation",
                        consultation_id, address=address)
        if user.platform in outbox.MESSENGERS:
            locale = user.locale or "ru"
            await outbox.enqueue(
                user.platform, user.external_id, _reply_text(locale, consultation_id, text),
                f"{REPLY_KEY}{message.id}", user_id=user.id,
                button={"label": i18n.gettext(locale, N_("↩️ Reply")), "link": DIALOG},
                image=file[1] if file else None, filename=file[0] if file else None)
    return message.id


async def note(consultation_id: int, text: str, *, account_id: int, address: str | None,
               now: datetime | None = None) -> None:
    """An internal note: staff see it, the resident never does."""
    text = _checked_text(text)
    async with in_transaction():
        await _get(consultation_id)
        await ConsultationMessage.create(consultation_id=consultation_id, author="note",
                                         staff_id=account_id, text=text,
                                         created_at=now or datetime.now(UTC))
        await audit.log(f"staff:{account_id}", "consultation.noted", "consultation",
                        consultation_id, address=address)


async def assign(consultation_id: int, assignee_id: int | None, *, actor: str,
                 address: str | None) -> None:
    """Give the conversation to a consultant (None: to nobody)."""
    if assignee_id is not None and assignee_id not in dict(await consultants()):
        raise ServiceError("consultation_assignee_unknown")
    async with in_transaction():
        await _get(consultation_id)
        await Consultation.filter(id=consultation_id).update(assignee_id=assignee_id,
                                                             changed_at=datetime.now(UTC))
        await audit.log(actor, "consultation.assigned", "consultation", consultation_id,
                        address=address)


async def close(consultation_id: int, *, actor: str, address: str | None,
                now: datetime | None = None) -> None:
    """Close it; the resident is asked for a one-tap rating."""
    now = now or datetime.now(UTC)
    async with in_transaction():
        consultation = await Consultation.filter(id=consultation_id).select_for_update().first()
        if consultation is None:
            raise ServiceError("consultation_not_found")
        if consultation.status == "closed":
            return
        await Consultation.filter(id=consultation_id).update(status="closed", closed_at=now,
                                                             waiting_since=None, changed_at=now)
        await audit.log(actor, "consultation.closed", "consultation", consultation_id,
                        address=address)
        user = await User.get(id=consultation.user_id)
        if user.platform in outbox.MESSENGERS and not user.anonymized_at:
            locale = user.locale or "ru"
            text = i18n.gettext(locale, N_(
                "Your question No. {number} is closed. How helpful was the answer? "
                "One tap: 1 is poor, 5 is excellent.")).format(number=consultation_id)
            buttons = [{"label": str(score), "link": f"{DIALOG}-r{consultation_id}.{score}"}
                       for score in RATINGS]
            await outbox.enqueue(user.platform, user.external_id, text,
                                 f"consultation-closed:{consultation_id}:{now.timestamp()}",
                                 user_id=user.id, button=buttons)


async def reopen(consultation_id: int, *, actor: str, address: str | None) -> None:
    async with in_transaction():
        consultation = await Consultation.filter(id=consultation_id).select_for_update().first()
        if consultation is None:
            raise ServiceError("consultation_not_found")
        user = await User.get(id=consultation.user_id)
        if user.anonymized_at:
            raise ServiceError("resident_anonymized")
        if consultation.status == "open":
            return
        if await Consultation.filter(user_id=consultation.user_id, status="open").exists():
            raise ServiceError("consultation_another_open")
        await Consultation.filter(id=consultation_id).update(status="open", closed_at=None,
                                                             changed_at=datetime.now(UTC))
        await audit.log(actor, "consultation.reopened", "consultation", consultation_id,
                        address=address)


async def staff_notice(key: str, locale: str, panel_url: str | None) -> str:
    """What the staff chat reads of a new conversation: its number and a link, nothing else."""
    number = int(key.removeprefix(NOTICE_KEY))
    text = i18n.gettext(locale, N_("New question to the consultants, No. {number}.")).format(
        number=number)
    if panel_url:
        text += f"\n{panel_url.rstrip('/')}/admin/inbox/{number}"
    return text


# ---- canned answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Canned:
    id: int
    title: str
    text: str


async def canned_answers() -> list[Canned]:
    return [Canned(row.id, row.title, row.text)
            for row in await CannedAnswer.all().order_by("title")]


async def save_canned(canned_id: int | None, title: str, text: str, *, actor: str) -> None:
    title, text = _clean(title), _clean(text)
    if not title or not text:
        raise ServiceError("canned_incomplete")
    if len(title) > 100 or len(text) > MAX_TEXT:
        raise ServiceError("consultation_text_too_long", max=MAX_TEXT)
    async with in_transaction():
        clash = CannedAnswer.filter(title=title)
        if canned_id is not None:
            clash = clash.filter(~Q(id=canned_id))
        if await clash.exists():
            raise ServiceError("canned_exists")
        if canned_id is None:
            await CannedAnswer.create(title=title, text=text, updated_by=actor)
        elif not await CannedAnswer.filter(id=canned_id).update(title=title, text=text,
                                                                updated_by=actor):
            raise ServiceError("consultation_not_found")


async def delete_canned(canned_id: int) -> None:
    await CannedAnswer.filter(id=canned_id).delete()
