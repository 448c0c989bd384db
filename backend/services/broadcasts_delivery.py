"""Delivering a broadcast: recipients are rows with a delivery state, claimed under a lease.

A sender claims a batch (SKIP LOCKED on PostgreSQL), which marks the rows `sending` before any
call is made, and records each outcome: sent, failed (with the reason, after a few tries),
blocked, or unknown when the answer to a sent message was lost. Rows of a sender that died go
back to the queue when their lease ends: nothing is lost, and what was in flight may arrive
twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from backend.leases import lease_batch
from backend.models import Broadcast, BroadcastRecipient, User
from backend.services import audit

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Delivery:
    id: int
    broadcast_id: int
    user_id: int
    address: str
    attempts: int
    locale: str = "ru"


async def claim(platform: str, limit: int, lease: timedelta = LEASE) -> list[Delivery]:
    """Mark up to `limit` rows of running broadcasts `sending`, before any call is made."""
    rows = await lease_batch(
        "broadcast_recipients", "state", platform=platform, limit=limit, lease=lease,
        join="JOIN broadcasts b ON b.id = q.broadcast_id AND b.status = 'sending'",
        returning="id, broadcast_id, user_id, address, attempts, locale")
    return sorted((Delivery(r["id"], r["broadcast_id"], r["user_id"], r["address"],
                            r["attempts"], r["locale"]) for r in rows), key=lambda d: d.id)


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
