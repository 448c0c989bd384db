"""The journal chain on PostgreSQL: 100,000 journal rows sealed, then verified (`copp verify`'s
walk); and a burst of 1,000 concurrent transactions that each write one journal row and do a
little other work, as written today (the sealer's design) and with chaining at insert emulated
(a transaction-level lock and a read of the previous row before each insert: the design not
chosen), to show what serialising the journal writers costs when nothing else serialises them.

Usage: python bench/journal_chain.py [--rows 100000]
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections  # noqa: E402
from tortoise.transactions import in_transaction  # noqa: E402

from backend import db  # noqa: E402
from backend.integrity import chain, verify  # noqa: E402
from backend.models import AuditEvent  # noqa: E402
from backend.services import audit  # noqa: E402

BURST = 1000


async def one_action(n: int, locked: bool) -> None:
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_sleep(0.002)")  # the action's own work
        if locked:
            await conn.execute_query("SELECT pg_advisory_xact_lock(7420)")
            await conn.execute_query("SELECT id FROM audit_events ORDER BY id DESC LIMIT 1")
        await audit.log(f"staff-{n % 7}", "resident.viewed", "user", n)
        await conn.execute_query("SELECT pg_sleep(0.002)")  # and after the journal entry


async def burst(locked: bool) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(one_action(n, locked) for n in range(BURST)))
    return BURST / (time.perf_counter() - started)
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    url = await create_pg_database()
    try:
        await db.migrate(url)
        await db.init(url)
        await AuditEvent.bulk_create(
            [AuditEvent(actor=f"staff-{n % 7}", action="resident.viewed", object_type="user",
                        object_id=str(n), channel="panel") for n in range(args.rows)],
            batch_size=5000)
        started = time.perf_counter()
        await chain.seal(chain.JOURNALS[0], margin=timedelta(0))
        sealed = time.perf_counter() - started
        started = time.perf_counter()
        report = await verify.walk(chain.JOURNALS[0])
        walked = time.perf_counter() - started
        rates = {"plain": [], "locked": []}
        for _ in range(3):
            for kind in rates:
                rates[kind].append(round(await burst(kind == "locked")))
        await connections.close_all()
    finally:
        await drop_pg_database(url)
    figures = {"rows": args.rows, "seal_rows_per_s": round(args.rows / sealed),
               "verify_rows_per_s": round(args.rows / walked), "findings": len(report.findings),
               "burst_tx_per_s": rates["plain"], "burst_chain_at_insert_tx_per_s": rates["locked"]}
    print(f"sealed {args.rows} rows in {sealed:.2f} s, verified in {walked:.2f} s")
    print(f"burst of {BURST} journal-writing transactions: {rates['plain']} tx/s as written, "
          f"{rates['locked']} tx/s chained at insert under a lock")
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
