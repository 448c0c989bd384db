"""What the consultants' live pages cost on PostgreSQL: each open conversation page asks for
new messages once a second, each open inbox list for the change stamp; and opening the list
(50 conversations, each one's newest message, the reads journaled). Measured on 5,000
conversations of 10 messages each; and how many replies a second are written with their
outbox notices when 20 consultants reply at once.

Usage: python bench/consultations.py [--conversations 5000]
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

from tortoise import connections  # noqa: E402

from backend import db  # noqa: E402
from backend.models import Consultation, ConsultationMessage, User  # noqa: E402
from backend.services import consultations  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402


async def timed(call, times: int) -> dict:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return {"p50_ms": round(statistics.median(spent), 3),
            "p99_ms": round(spent[int(len(spent) * 0.99) - 1], 3)}


async def fill(count: int) -> None:
    now = datetime.now(UTC) - timedelta(days=10)
    await User.bulk_create([User(platform="telegram", external_id=str(n), pd_consent=True,
                                 locale="ru") for n in range(count)])
    users = await User.all().values_list("id", flat=True)
    await Consultation.bulk_create([
        Consultation(user_id=u, channel="telegram", created_at=now, last_message_at=now,
                     changed_at=now + timedelta(seconds=n), waiting_since=now)
        for n, u in enumerate(users)])
    ids = await Consultation.all().values_list("id", flat=True)
    for start in range(0, len(ids), 500):
        await ConsultationMessage.bulk_create([
            ConsultationMessage(consultation_id=c, author="resident" if m % 2 else "staff",
                                text=f"сообщение {m} " * 20, created_at=now)
            for c in ids[start:start + 500] for m in range(10)])


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=5000)
    args = parser.parse_args()
    url = await create_pg_database()
    try:
        await db.migrate(url)
        await db.init(url)
        await fill(args.conversations)
        middle = args.conversations // 2
        last = (await ConsultationMessage.filter(consultation_id=middle).order_by("-id")
                .first()).id
        feed = await timed(lambda: consultations.messages_after(middle, last), 500)
        stamp = await timed(consultations.latest_change, 500)
        listing = await timed(lambda: consultations.inbox("all", 1, address=None), 100)
        gate = asyncio.Semaphore(20)  # twenty consultants, each replying as soon as written

        async def one_reply(number: int) -> None:
            async with gate:
                await consultations.reply(number, "ответ консультанта", account_id=1,
                                          address=None)

        started = time.perf_counter()
        await asyncio.gather(*(one_reply(c) for c in range(1, 201)))
        replies = 200 / (time.perf_counter() - started)
        result = {"conversations": args.conversations, "feed_poll": feed,
                  "list_stamp_poll": stamp, "open_list": listing,
                  "replies_per_second_20_at_once": round(replies, 1)}
        print(json.dumps(result))
    finally:
        await connections.close_all()
        await drop_pg_database(url)


if __name__ == "__main__":
    asyncio.run(main())
