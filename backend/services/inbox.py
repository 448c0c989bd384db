"""Inbox of raw messenger updates: stored before they are acknowledged, handled once.

An update is inserted (unique per channel and key, so a redelivery is a no-op), the
messenger gets its answer, and then the update is processed from the table. Updates of one
user are handled one at a time and in arrival order; a process that dies mid-update leaves
a lease that expires, and the update is picked up again. One that fails because the
database or the store went away is put back at once, to be handled when they return.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from backend.db import dialect, placeholders
from backend.models import ChannelCursor, InboxUpdate

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 3

Processor = Callable[["Claimed"], Awaitable[None]]


def _now() -> datetime:
    return datetime.now(UTC)


def _without_nul(value):
    """PostgreSQL text and jsonb cannot hold U+0000; it never means anything in a message."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


async def accept(channel: str, key: str, user_key: str, payload: dict) -> bool:
    """Store an update; False if this (channel, key) was stored before."""
    payload = _without_nul(payload)
    marks = placeholders(6)
    values = ", ".join([*marks[:5], "0", marks[5]])  # parameter markers only, no data
    sql = (
        "INSERT INTO inbox_updates (channel, key, user_key, payload, status, attempts, "  # noqa: S608
        f"received_at) VALUES ({values}) ON CONFLICT (channel, key) DO NOTHING RETURNING id"
    )
    stored = InboxUpdate._meta.fields_map["payload"].to_db_value(payload, None)
    rows = await connections.get("default").execute_query_dict(
        sql, [channel, key, user_key, stored, "pending", _now()]
    )
    return bool(rows)


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    key: str
    payload: dict
    attempts: int
    received_at: datetime | None = None


# On PostgreSQL an update whose user has nothing unfinished is stored already leased to the
# process that received it: no claim follows. The unique index of one `processing` row per user
# (migration 0016) turns a second process doing the same at that moment into a conflict, and
# that update is then stored `pending` by `accept`.
_ACCEPT_LEASED = (
    "WITH busy AS (SELECT EXISTS (SELECT 1 FROM inbox_updates WHERE user_key = $3 "
    "AND status IN ('pending', 'processing')) AS busy) "
    "INSERT INTO inbox_updates (channel, key, user_key, payload, status, attempts, lease_until, "
    "received_at) SELECT $1, $2, $3, $4::jsonb, CASE WHEN busy THEN 'pending' ELSE "
    "'processing' END, CASE WHEN busy THEN 0 ELSE 1 END, CASE WHEN busy THEN NULL ELSE "
    "$5::timestamptz END, $6::timestamptz FROM busy ON CONFLICT DO NOTHING RETURNING id, status"
)


async def accept_leased(channel: str, key: str, user_key: str, payload: dict,
                        lease: timedelta) -> tuple[bool, Claimed | None]:
    """Store an update: (False, None) if it was stored before; (True, its lease) if it is
    the caller's to process now; (True, None) if it waits behind its user's others."""
    if dialect() != "postgres":
        return await accept(channel, key, user_key, payload), None
    payload = _without_nul(payload)
    stored = InboxUpdate._meta.fields_map["payload"].to_db_value(payload, None)
    now = _now()
    rows = await connections.get("default").execute_query_dict(
        _ACCEPT_LEASED, [channel, key, user_key, stored, now + lease, now])
    if not rows:  # stored before, or another process leased one of this user just now
        return await accept(channel, key, user_key, payload), None
    if rows[0]["status"] != "processing":
        return True, None
    return True, Claimed(rows[0]["id"], channel, key, payload, 1, now)


_CLAIM = (  # the user's oldest unfinished update, unless another process holds its lease
    "UPDATE inbox_updates SET status = 'processing', attempts = attempts + 1, "
    "lease_until = {until} WHERE id = (SELECT id FROM inbox_updates "
    "WHERE user_key = {user} AND status IN ('pending', 'processing') {after} "
    "ORDER BY id LIMIT 1) AND (status = 'pending' OR lease_until < {now}) "
    "RETURNING id, channel, key, payload, attempts, received_at"
)
# On PostgreSQL, "done" and the next claim travel together. The next is looked for after the
# one done: in this statement's snapshot that one is still `processing`.
# The count makes "done" run before the claim (an unread WITH runs last), so the two
# `processing` rows the unique index forbids never exist at once.
_DONE_THEN_CLAIM = (
    "WITH done AS (UPDATE inbox_updates SET status = 'done', lease_until = NULL "  # noqa: S608
    "WHERE id = {done} AND status = 'processing' RETURNING id) "
    + _CLAIM.replace(" RETURNING", " AND (SELECT count(*) FROM done) >= 0 RETURNING")
)


async def _claim_next(user_key: str, lease_until: datetime,
                      done: int | None = None) -> Claimed | None:
    """Lease the user's next update; with `done`, first record that update as done.

    One statement each: on PostgreSQL a racing second claimer re-checks the WHERE on the
    updated row and gets nothing.
    """
    if done is not None and dialect() != "postgres":
        await settle([Unsettled("done", done)])
        done = None
    until, user, now, *previous = placeholders(4 if done is not None else 3)
    sql = (_DONE_THEN_CLAIM if done is not None else _CLAIM).format(
        until=until, user=user, now=now, done=previous[0] if previous else "",
        after=f"AND id > {previous[0]}" if previous else "")
    try:
        rows = await connections.get("default").execute_query_dict(
            sql, [lease_until, user_key, _now(), *([done] if done is not None else [])])
    except IntegrityError:  # a race: another process stored one of this user already leased
        if done is not None:  # the failed statement took "done" back with it
            await settle([Unsettled("done", done)])
        log.info("inbox: %s has a lease elsewhere; the sweep takes the rest", user_key)
        return None
    if not rows:
        return None
    row = rows[0]
    payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
    return Claimed(row["id"], row["channel"], row["key"], payload, row["attempts"],
                   _moment(row["received_at"]))


def _moment(value: datetime | str | None) -> datetime | None:
    """A timestamp as the driver returns it (SQLite: text) in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


@dataclass(frozen=True)
class Unsettled:
    """An outcome to record once the database is back: of an update by its id, or of the
    one a claim leased when its answer was lost (found by the user and that exact lease)."""

    status: str  # "done", or "pending" again without counting the attempt
    update_id: int | None = None
    user_key: str | None = None
    lease_until: datetime | None = None


class Interrupted(Exception):
    """The database or the store went away in the middle of an update."""

    def __init__(self, error: BaseException, unsettled: tuple[Unsettled, ...] = ()) -> None:
        super().__init__(type(error).__name__)
        self.error = error
        self.unsettled = unsettled


Explains = Callable[[BaseException], Awaitable[bool]]


async def _never(error: BaseException) -> bool:
    return False


async def drain(user_key: str, process: Processor, lease: timedelta = LEASE,
                outage: Explains = _never, leased: Claimed | None = None) -> int:
    """Process one user's pending updates in order; returns how many were handled.

    The claim is the lock: a user's oldest unfinished update is leased to one process at a
    time, and the next one only once it is done. A failure that `outage` explains (the
    database or the store went away) is not the update's fault: it goes back uncounted and
    Interrupted is raised, with what could not be recorded. Any other failure counts; after
    MAX_ATTEMPTS the update is parked. `leased`: an update stored already leased, the first.
    """
    handled = 0
    update = leased or await _claim(user_key, lease, outage)
    while update is not None:
        try:
            await process(update)
        except Exception as exc:
            if await outage(exc):
                await _settle_or_raise(exc, Unsettled("pending", update.id))
                raise Interrupted(exc) from exc
            parked = update.attempts >= MAX_ATTEMPTS
            log.exception("inbox update %s/%s failed (attempt %s)", update.channel,
                          update.key, update.attempts)
            await InboxUpdate.filter(id=update.id).update(
                status="failed" if parked else "pending", error=type(exc).__name__,
                lease_until=None)
            if not parked:
                return handled  # retried by the next sweep, keeping this user's order
            update = await _claim(user_key, lease, outage)
            continue
        handled += 1
        update = await _claim(user_key, lease, outage, done=update.id)
    return handled


async def _claim(user_key: str, lease: timedelta, outage: Explains,
                 done: int | None = None) -> Claimed | None:
    lease_until = _now() + lease
    try:
        return await _claim_next(user_key, lease_until, done)
    except Exception as exc:
        if not await outage(exc):
            raise
        lost_claim = Unsettled("pending", user_key=user_key, lease_until=lease_until)
        done_too = (Unsettled("done", done),) if done is not None else ()
        raise Interrupted(exc, (*done_too, lost_claim)) from exc


async def _settle_or_raise(error: BaseException, outcome: Unsettled) -> None:
    try:
        await settle([outcome])
    except Exception as exc:
        raise Interrupted(error, (outcome,)) from exc


async def settle(outcomes: list[Unsettled]) -> None:
    """Record outcomes of updates still being processed (others are left alone)."""
    for outcome in outcomes:
        if outcome.update_id is not None:
            rows = InboxUpdate.filter(id=outcome.update_id, status="processing")
        else:
            rows = InboxUpdate.filter(user_key=outcome.user_key, status="processing",
                                      lease_until=outcome.lease_until)
        uncount = {"attempts": F("attempts") - 1} if outcome.status == "pending" else {}
        await rows.update(status=outcome.status, lease_until=None, **uncount)


async def waiting_user_keys(channel: str, limit: int = 500) -> list[str]:
    """Users with updates still to process: pending, or leased by a process that died."""
    now = _now()
    pending = InboxUpdate.filter(channel=channel, status="pending")
    stale = InboxUpdate.filter(channel=channel, status="processing", lease_until__lt=now)
    keys = await pending.distinct().limit(limit).values_list("user_key", flat=True)
    keys += await stale.distinct().limit(limit).values_list("user_key", flat=True)
    return sorted(set(keys))


async def purge(older_than: timedelta) -> int:
    """Drop handled updates once no redelivery can arrive (Telegram keeps them 24 h)."""
    return await InboxUpdate.filter(
        status__in=("done", "failed"), received_at__lt=_now() - older_than
    ).delete()


async def cursor(name: str) -> str | None:
    """Where a channel's poller stopped (VK long-poll ts), saved once its updates are stored."""
    row = await ChannelCursor.get_or_none(name=name)
    return row.value if row else None


async def save_cursor(name: str, value: str) -> None:
    await ChannelCursor.update_or_create(name=name, defaults={"value": value})
