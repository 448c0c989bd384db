"""Broadcasts: compose, start (one recipient row each, in one transaction), schedule, pause,
test, and the report. Delivering the rows is `broadcasts_delivery`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.i18n import written
from backend.models import Broadcast, BroadcastRecipient
from backend.services import audit, chat_links, outbox
from backend.services.broadcasts_audience import Audience, members

STATES = ("pending", "sending", "sent", "failed", "blocked", "unknown")
IMAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class BroadcastInfo:
    """A broadcast as staff see it (its picture only as whether there is one)."""

    id: int
    title: str
    text: str
    status: str
    button: dict | None
    has_image: bool
    audience: Audience
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    text_en: str = ""


@dataclass(frozen=True)
class Message:
    """What a sender delivers: the text, its button (a deep link) and picture."""

    id: int
    text: str
    button: dict | None  # {"label", "link"}, and "label_en" where staff wrote one
    image: bytes | None
    text_en: str = ""

    def version(self, locale: str) -> Message:
        """The message as a resident of this language reads it."""
        button = self.button and {"label": written(self.button["label"],
                                                   self.button.get("label_en", ""), locale),
                                   "link": self.button["link"]}
        return replace(self, text=written(self.text, self.text_en, locale), button=button)


def _info(row: Broadcast) -> BroadcastInfo:
    return BroadcastInfo(row.id, row.title, row.text, row.status, row.button, bool(row.image),
                         Audience.from_json(row.audience), row.scheduled_at, row.started_at,
                         row.finished_at, row.created_at, row.text_en)


async def list_broadcasts(limit: int = 100) -> list[BroadcastInfo]:
    return [_info(row) for row in await Broadcast.all().order_by("-id").limit(limit)]


async def find_broadcast(broadcast_id: int) -> BroadcastInfo | None:
    row = await Broadcast.get_or_none(id=broadcast_id)
    return _info(row) if row else None


async def get_message(broadcast_id: int) -> Message:
    row = await Broadcast.get(id=broadcast_id)
    return Message(row.id, row.text, row.button, row.image, row.text_en)


async def create(*, actor: str, title: str, text: str, audience: Audience,
                 button: dict | None = None, image: bytes | None = None,
                 text_en: str = "") -> BroadcastInfo:
    title, text, text_en = title.strip(), text.strip(), text_en.strip()
    if not 1 <= len(text) <= 4000 or not 1 <= len(title) <= 200 or len(text_en) > 4000:
        raise ServiceError("broadcast_text")
    if image is not None and (len(image) > IMAGE_BYTES or not image.startswith(
            (b"\x89PNG", b"\xff\xd8\xff"))):
        raise ServiceError("broadcast_image")
    async with in_transaction():
        broadcast = await Broadcast.create(title=title, text=text, text_en=text_en,
                                           audience=audience.as_json(),
                                           button=button, image=image, created_by=actor)
        await audit.log(actor, "broadcast.created", "broadcast", broadcast.id)
    return _info(broadcast)


async def start(broadcast_id: int, *, actor: str, now: datetime) -> int:
    """Write the recipients and begin sending; returns how many there are."""
    async with in_transaction():
        broadcast = await Broadcast.filter(id=broadcast_id).select_for_update().first()
        if broadcast is None or broadcast.status not in ("draft", "scheduled"):
            raise ServiceError("broadcast_state")
        people = await members(Audience.from_json(broadcast.audience))
        await BroadcastRecipient.bulk_create(
            [BroadcastRecipient(broadcast_id=broadcast.id, user_id=user_id, platform=platform,
                                address=address, locale=locale or "ru")
             for user_id, platform, address, locale in people],
            batch_size=1000)
        await Broadcast.filter(id=broadcast.id).update(status="sending", started_at=now)
        await audit.log(actor, "broadcast.started", "broadcast", broadcast.id)
    return len(people)


async def schedule(broadcast_id: int, at: datetime, *, actor: str, now: datetime) -> None:
    if at <= now:
        raise ServiceError("broadcast_past")
    async with in_transaction():
        changed = await Broadcast.filter(id=broadcast_id, status__in=("draft", "scheduled")) \
            .update(status="scheduled", scheduled_at=at)
        if not changed:
            raise ServiceError("broadcast_state")
        await audit.log(actor, "broadcast.scheduled", "broadcast", broadcast_id)


async def start_due(now: datetime) -> int:
    """Start the scheduled broadcasts whose time has come (the scheduler calls it)."""
    started = 0
    for broadcast_id in await Broadcast.filter(status="scheduled", scheduled_at__lte=now) \
            .values_list("id", flat=True):
        try:
            await start(broadcast_id, actor="system:schedule", now=now)
            started += 1
        except ServiceError:  # another worker started it
            continue
    return started


_MOVES = {"pause": (("sending",), "paused"), "resume": (("paused",), "sending"),
          "cancel": (("draft", "scheduled", "sending", "paused"), "cancelled")}


async def control(broadcast_id: int, move: str, *, actor: str) -> None:
    """pause, resume or cancel."""
    sources, target = _MOVES[move]
    async with in_transaction():
        changed = await Broadcast.filter(id=broadcast_id, status__in=sources).update(
            status=target)
        if not changed:
            raise ServiceError("broadcast_state")
        await audit.log(actor, f"broadcast.{move}", "broadcast", broadcast_id)


# ---- progress and report ---------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    total: int
    by_state: dict[str, int]
    rate: float | None  # messages a second so far
    finish_at: datetime | None  # expected, at that rate

    @property
    def remaining(self) -> int:
        return self.by_state.get("pending", 0) + self.by_state.get("sending", 0)


async def progress(broadcast: BroadcastInfo, now: datetime) -> Progress:
    rows = await BroadcastRecipient.filter(broadcast_id=broadcast.id).annotate(
        n=Count("id")).group_by("state").values_list("state", "n")
    by_state = {state: 0 for state in STATES} | dict(rows)
    total = sum(by_state.values())
    done = by_state["sent"]
    rate = finish = None
    if broadcast.started_at and done:
        elapsed = ((broadcast.finished_at or now) - broadcast.started_at).total_seconds()
        rate = done / elapsed if elapsed > 0 else None
    remaining = by_state["pending"] + by_state["sending"]
    if rate and remaining and broadcast.status == "sending":
        finish = now + timedelta(seconds=remaining / rate)
    return Progress(total, by_state, rate, finish)


async def send_test(broadcast_id: int, account_id: int, *, actor: str, now: datetime) -> None:
    """The message as residents will get it, to each chat the staff account linked (never to
    an address typed in a form). Journaled per chat, ids only."""
    chats = await chat_links.linked(account_id)
    if not chats:
        raise ServiceError("broadcast_test_unlinked")
    broadcast = await Broadcast.get(id=broadcast_id)
    async with in_transaction():
        for platform, address in chats.items():
            await outbox.enqueue(platform, address, broadcast.text,
                                 f"broadcast-test:{broadcast_id}:{platform}:{now.timestamp()}",
                                 button=broadcast.button, image=broadcast.image)
            await audit.log(actor, "broadcast.tested", "broadcast", broadcast_id,
                            channel=platform)


async def reasons(broadcast_id: int) -> list[tuple[str, str, int]]:
    """(state, reason, how many) of what did not go as planned, most frequent first."""
    rows = await BroadcastRecipient.filter(
        broadcast_id=broadcast_id, state__in=("failed", "blocked", "unknown")).annotate(
        n=Count("id")).group_by("state", "error").values_list("state", "error", "n")
    return sorted(((state, error or "", n) for state, error, n in rows), key=lambda r: -r[2])
