"""Queued rows handed to one sender at a time: leased until a deadline, taken again once it
passes (the sender died). The inbox leases differently: one resident's next update, in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise import connections

from backend.db import dialect, placeholders


async def lease_batch(table: str, state: str, *, platform: str, limit: int, lease: timedelta,
                      returning: str, join: str = "",
                      addresses: list[str] | None = None) -> list[dict]:
    """Mark up to `limit` of a channel's rows `sending` and count the attempt: rows `pending`,
    or `sending` whose lease has run out. On PostgreSQL, senders skip each other's rows.
    `table` is aliased `q`; `join` may narrow it (only a running broadcast's rows), and so
    may `addresses` (only rows to these: the web chat's residents connected here)."""
    now = datetime.now(UTC)
    *first, size = placeholders(4 + len(addresses or ()))  # in the order they appear
    until, channel, expired, *marks = first
    skip = " FOR UPDATE OF q SKIP LOCKED" if dialect() == "postgres" else ""
    to = f"AND q.address IN ({', '.join(marks)}) " if addresses else ""
    return await connections.get("default").execute_query_dict(
        f"UPDATE {table} SET {state} = 'sending', attempts = attempts + 1, "  # noqa: S608
        f"lease_until = {until} WHERE id IN (SELECT q.id FROM {table} q {join} "
        f"WHERE q.platform = {channel} AND (q.{state} = 'pending' OR (q.{state} = 'sending' "
        f"AND q.lease_until < {expired})) {to}ORDER BY q.id LIMIT {size}{skip}) "
        f"RETURNING {returning}",
        [now + lease, platform, now, *(addresses or ()), limit])
