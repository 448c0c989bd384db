"""Broadcasts: recipients are rows with a delivery state, claimed in batches under a lease.

Starting a broadcast writes one row per recipient in one transaction. A sender claims a batch
(SKIP LOCKED on PostgreSQL), which marks the rows `sending` before any call is made, and
records each outcome: sent, failed (with the reason, after a few tries), blocked, or unknown
when the answer to a sent message was lost. Rows of a sender that died go back to the queue
when their lease ends: nothing is lost, and what was in flight may arrive twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.db import dialect, placeholders
from backend.errors import ServiceError
from backend.models import Broadcast, BroadcastRecipient, User
from backend.services import audit, chat_links, outbox
from backend.services.broadcasts_audience import Audience, members

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 3
STATES = ("pending", "sending", "sent", "failed", "blocked", "unknown")
FINAL = ("sent", "failed", "blocked", "unknown")
IMAGE_BYTES = 1024 * 1024


async def create(*, actor: str, title: str, text: str, audience: Audience,
                 button: dict | None = None, image: bytes | None = None) -> Broadcast:
    title, text = title.strip(), text.strip()
    if not 1 <= len(text) <= 4000 or not 1 <= len(title) <= 200:
        raise ServiceError("broadcast_text")
    if image is not None and (len(image) > IMAGE_BYTES or not image.startswith(
            (b"\x89PNG", b"\xff\xd8\xff"))):
        raise ServiceError("broadcast_image")
    async with in_transaction():
        broadcast = await Broadcast.create(title=title, text=text, audience=audience.as_json(),
                                           button=button, image=image, created_by=actor)
        await audit.log(actor, "broadcast.created", "broadcast", broadcast.id)
    return broadcast


async def start(broadcast_id: int, *, actor: str, now: datetime) -> int:
    """Write the recipients and begin sending; returns how many there are."""
    async with in_transaction():
        broadcast = await Broadcast.filter(id=broadcast_id).select_for_update().first()
        if broadcast is None or broadcast.status not in ("draft", "scheduled"):
            raise ServiceError("broadcast_state")
        people = await members(Audience.from_json(broadcast.audience))
        await BroadcastRecipient.bulk_create(
            [BroadcastRecipient(broadcast_id=broadcast.id, user_id=user_id, platform=platform,
                                address=address) for user_id, platform, address in people],
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


# ---- the sender's side -------------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    id: int
    broadcast_id: int
    user_id: int
    address: str
    attempts: int


async def claim(platform: str, limit: int, lease: timedelta = LEASE) -> list[Delivery]:
    """Mark up to `limit` rows of running broadcasts `sending`, before any call is made."""
    now = datetime.now(UTC)
    until, channel, expired, size = placeholders(4)
    skip = " FOR UPDATE OF r SKIP LOCKED" if dialect() == "postgres" else ""
    rows = await connections.get("default").execute_query_dict(
        "UPDATE broadcast_recipients SET state = 'sending', attempts = attempts + 1, "  # noqa: S608
        f"lease_until = {until} WHERE id IN (SELECT r.id FROM broadcast_recipients r "
        "JOIN broadcasts b ON b.id = r.broadcast_id WHERE b.status = 'sending' "
        f"AND r.platform = {channel} AND (r.state = 'pending' OR (r.state = 'sending' "
        f"AND r.lease_until < {expired})) ORDER BY r.id LIMIT {size}{skip}) "
        "RETURNING id, broadcast_id, user_id, address, attempts",
        [now + lease, platform, now, limit])
    return sorted((Delivery(r["id"], r["broadcast_id"], r["user_id"], r["address"],
                            r["attempts"]) for r in rows), key=lambda d: d.id)


async def sent(ids: list[int]) -> None:
    await BroadcastRecipient.filter(id__in=ids).update(state="sent", sent_at=datetime.now(UTC),
                                                       lease_until=None, error=None)


async def retry_later(ids: list[int], reason: str, *, counts: bool = True) -> None:
    """Back to the queue (flood control does not use up a try); failed after MAX_ATTEMPTS."""
    if counts:
        await BroadcastRecipient.filter(id__in=ids, attempts__gte=MAX_ATTEMPTS).update(
            state="failed", error=reason[:200], lease_until=None)
    else:
        await BroadcastRecipient.filter(id__in=ids).update(attempts=0)
    await BroadcastRecipient.filter(id__in=ids, state="sending").update(
        state="pending", error=reason[:200], lease_until=None)


async def finished(ids: list[int], state: str, reason: str) -> None:
    """failed: no retry can help; unknown: the call went out and its answer was lost, so
    sending again could send twice."""
    await BroadcastRecipient.filter(id__in=ids).update(state=state, error=reason[:200],
                                                       lease_until=None)


async def blocked(deliveries: list[Delivery], reason: str) -> None:
    """The resident blocked the bot: marked, and off every future mailing."""
    now = datetime.now(UTC)
    async with in_transaction():
        await BroadcastRecipient.filter(id__in=[d.id for d in deliveries]).update(
            state="blocked", error=reason[:200], lease_until=None)
        for delivery in deliveries:
            changed = await User.filter(id=delivery.user_id, blocked_at__isnull=True).update(
                blocked_at=now, subscribed=False)
            if changed:
                await audit.log("system", "bot.blocked", "user", delivery.user_id)


async def finish_done(now: datetime) -> int:
    """Broadcasts with nothing left to send are done."""
    finished = 0
    for broadcast_id in await Broadcast.filter(status="sending").values_list("id", flat=True):
        left = await BroadcastRecipient.filter(broadcast_id=broadcast_id,
                                               state__in=("pending", "sending")).exists()
        if not left:
            finished += await Broadcast.filter(id=broadcast_id, status="sending").update(
                status="done", finished_at=now)
    return finished


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


async def progress(broadcast: Broadcast, now: datetime) -> Progress:
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
