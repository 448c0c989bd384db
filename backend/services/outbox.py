"""Messages the platform starts (notices, not answers): queued in the database, sent once.

A notice is queued with a key (the same notice is never queued twice) in the transaction
that caused it; a channel's deliverer claims pending rows under a lease, sends them and
records the outcome. A deliverer that dies mid-send leaves a lease that expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.leases import lease_batch
from backend.models import OutboxMessage

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5
MESSENGERS = ("telegram", "vk", "web")  # where a notice can be delivered
STAFF = "staff"  # the address of the Center's staff chat: each channel knows which chat it is
# A notice waits while an earlier one to the same chat is unsent, so two deliverers cannot
# overtake each other (two consultants' replies arrive in the order they were written).
IN_TURN = ("JOIN (SELECT 1 AS one) turn ON NOT EXISTS (SELECT 1 FROM outbox_messages e "
           "WHERE e.platform = q.platform AND e.address = q.address AND e.id < q.id "
           "AND e.status IN ('pending', 'sending'))")


@dataclass(frozen=True)
class Notice:
    id: int
    address: str
    text: str
    button: dict | None  # {"label": ..., "link": "<dialog>-<argument>"}
    attempts: int
    image: bytes | None = None
    key: str = ""
    filename: str | None = None  # given: `image` holds a file of this name, not a picture


async def enqueue(platform: str, address: str, text: str, key: str, *, user_id: int | None = None,
                  button: dict | list[dict] | None = None, image: bytes | None = None,
                  filename: str | None = None) -> bool:
    """Queue a notice; False if one with this key was queued before. `button` may be a list:
    one row of buttons. With `filename`, `image` is a file sent as a document."""
    try:
        async with in_transaction():  # a savepoint inside the caller's transaction
            await OutboxMessage.create(platform=platform, address=address, text=text, key=key,
                                       user_id=user_id, button=button, image=image,
                                       filename=filename)
    except IntegrityError:
        return False
    return True


async def claim(platform: str, limit: int = 20, lease: timedelta = LEASE,
                addresses: list[str] | None = None) -> list[Notice]:
    """Lease up to `limit` notices that are pending, or whose sender died; with `addresses`,
    only notices to those (a web resident's wait in the queue until they connect)."""
    rows = await lease_batch("outbox_messages", "status", platform=platform, limit=limit,
                             lease=lease, join=IN_TURN, addresses=addresses,
                             returning="id, address, text, button, attempts, image, key, filename")
    field = OutboxMessage._meta.fields_map["button"]
    return sorted((Notice(row["id"], row["address"], row["text"],
                          field.to_python_value(row["button"]), row["attempts"],
                          bytes(row["image"]) if row["image"] is not None else None,
                          row["key"], row["filename"])
                   for row in rows), key=lambda notice: notice.id)


async def sent(notice_id: int) -> None:
    await OutboxMessage.filter(id=notice_id).update(status="sent", sent_at=datetime.now(UTC),
                                                    lease_until=None)


async def failed(notice: Notice, reason: str, *, final: bool = False) -> None:
    """Try again later, unless the reason is final (blocked) or tries are used up."""
    give_up = final or notice.attempts >= MAX_ATTEMPTS
    await OutboxMessage.filter(id=notice.id).update(
        status="failed" if give_up else "pending", error=reason[:200], lease_until=None)
