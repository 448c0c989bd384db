"""Event registration under a rush: 1,000 concurrent attempts for 50 seats on PostgreSQL.

Ours: `events.register` — the whole service call: the resident's consent and contact checked,
the conditional seat UPDATE, the registration row (seat or waiting list), the journal entry,
in one transaction — all 1,000 started at once.
Reference, same run: the bare seat statement PERFORMANCE.md measured
(`UPDATE … SET taken = taken + 1 WHERE id = $1 AND taken < capacity RETURNING`), 1,000 at once
through an asyncpg pool of the same size.
Prints registrations per second, the overbooking (must be 0) and the ratio to the reference.

With --sealing, the journal sealer (integrity) runs without pause and without its margin during
the burst: far more than the worker's run every 5 minutes, so an upper bound of its cost.

With --chain-at-insert, the design not chosen is emulated: each journal write first takes one
transaction-level lock and reads the previous row (to hash it), so journal writers queue until
the one before commits.

Usage: python bench/registration.py [--attempts 1000] [--seats 50] [--rounds 3] [--sealing]
                                    [--chain-at-insert]
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
from tortoise import connections  # noqa: E402

from backend import db  # noqa: E402
from backend.integrity import chain  # noqa: E402
from backend.models import Event, Registration, User  # noqa: E402
from backend.services import audit, events  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402

POOL = 5  # the size of tortoise's asyncpg pool (its default maxsize), for a fair reference


async def sealing(stop: asyncio.Event) -> int:
    sealed = 0
    while not stop.is_set():
        sealed += sum((await chain.seal_all(margin=timedelta(0))).values())
        await asyncio.sleep(0.05)
    return sealed


def chain_at_insert() -> None:
    plain = audit.log

    async def chained(*args, **kwargs) -> None:
        conn = connections.get("default")  # the caller's transaction
        await conn.execute_query("SELECT pg_advisory_xact_lock(7420)")
        await conn.execute_query("SELECT id FROM audit_events ORDER BY id DESC LIMIT 1")
        await plain(*args, **kwargs)

    audit.log = chained


async def ours(attempts: int, seats: int, round_number: int, seal: bool = False) -> dict:
    now = datetime.now(UTC)
    event = await Event.create(
        kind="career_trial", title=f"Bench {round_number}", capacity=seats,
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2),
        registration_deadline=now + timedelta(days=2),
        cancellation_deadline=now + timedelta(days=2), status="published")
    people = [User(platform="telegram", external_id=f"bench-{round_number}-{n}",
                   pd_consent=True, full_name="Житель", phone="+79110000000")
              for n in range(attempts)]
    await User.bulk_create(people, batch_size=1000)
    ids = await User.filter(external_id__startswith=f"bench-{round_number}-") \
        .values_list("id", flat=True)
    stop = asyncio.Event()
    sealer = asyncio.create_task(sealing(stop)) if seal else None
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(
        events.register(event.id, user_id, channel="telegram", now=now) for user_id in ids))
    seconds = time.perf_counter() - started
    stop.set()
    if sealer:
        await sealer
    confirmed = await Registration.filter(event_id=event.id, status="confirmed").count()
    waiting = await Registration.filter(event_id=event.id, status="waiting").count()
    taken = (await Event.get(id=event.id)).taken
    return {"seconds": seconds, "confirmed": confirmed, "waiting": waiting, "taken": taken,
            "answered": len(outcomes), "overbooked": max(0, confirmed - seats, taken - seats)}


async def reference(url: str, attempts: int, seats: int) -> dict:
    pool = await asyncpg.create_pool(url, min_size=POOL, max_size=POOL)
    try:
        async with pool.acquire() as conn:
            await conn.execute("CREATE TABLE bench_seats (id int PRIMARY KEY, capacity int, "
                               "taken int); INSERT INTO bench_seats VALUES (1, $1, 0)"
                               .replace("$1", str(seats)))
        statement = ("UPDATE bench_seats SET taken = taken + 1 WHERE id = 1 AND taken < capacity "
                     "RETURNING taken")
        started = time.perf_counter()
        results = await asyncio.gather(*(pool.fetchval(statement) for _ in range(attempts)))
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "seats_given": sum(r is not None for r in results)}
    finally:
        await pool.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sealing", action="store_true", help="the sealer runs meanwhile")
    parser.add_argument("--chain-at-insert", action="store_true",
                        help="emulate chaining at insert under a lock")
    args = parser.parse_args()
    if args.chain_at_insert:
        chain_at_insert()
    url = await create_pg_database()
    try:
        await db.migrate(url)
        await db.init(url)
        runs = [await ours(args.attempts, args.seats, n, args.sealing)
                for n in range(args.rounds)]
        await connections.close_all()
        raw = await reference(url, args.attempts, args.seats)
    finally:
        await drop_pg_database(url)
    seconds = statistics.median(run["seconds"] for run in runs)
    figures = {
        "attempts": args.attempts, "seats": args.seats, "rounds": args.rounds,
        "sealing": args.sealing, "chain_at_insert": args.chain_at_insert,
        "ours_registrations_per_s": round(args.attempts / seconds),
        "ours_seconds": round(seconds, 3),
        "overbooked": max(run["overbooked"] for run in runs),
        "confirmed": [run["confirmed"] for run in runs],
        "waiting": [run["waiting"] for run in runs],
        "reference_attempts_per_s": round(args.attempts / raw["seconds"]),
        "reference_seats_given": raw["seats_given"],
    }
    figures["ratio"] = round(figures["ours_registrations_per_s"]
                             / figures["reference_attempts_per_s"], 3)
    print(f"ours: {figures['ours_registrations_per_s']} registrations/s "
          f"({figures['ours_seconds']} s for {args.attempts}), overbooked "
          f"{figures['overbooked']}, confirmed {figures['confirmed']}, waiting "
          f"{figures['waiting']}")
    print(f"reference (bare conditional UPDATE): {figures['reference_attempts_per_s']} "
          f"attempts/s; ratio {figures['ratio']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
