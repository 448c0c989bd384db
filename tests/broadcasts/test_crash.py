"""`kill -9` of the process sending a broadcast: after a restart nobody is missed, and
duplicates are bounded by what was sent and not yet recorded: the calls in flight and what the
sender records in batches (bots/broadcast_sender.py: FLUSH_EVERY × rate + IN_FLIGHT calls)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import connections

from backend import db
from backend.models import BroadcastRecipient, User
from backend.services import broadcasts
from backend.services.broadcasts_audience import Audience
from bots.broadcast_sender import FLUSH_EVERY, IN_FLIGHT
from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.service import Service

RESIDENTS = 1000
RATE = 100


async def test_a_broadcast_survives_a_killed_worker():
    url = await create_pg_database()
    await db.migrate(url)
    await db.init(url)
    fake = FakeTelegram()
    await fake.start()
    await User.bulk_create([User(platform="telegram", external_id=str(90_000 + n),
                                 pd_consent=True, locale="ru") for n in range(RESIDENTS)])
    broadcast = await broadcasts.create(actor="staff:1", title="T", text="Новости ЦОПП",
                                        audience=Audience())
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))

    def worker() -> Service:
        return Service("web", COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL,
                       COPP_TELEGRAM_TOKEN=TOKEN, COPP_TELEGRAM_API_URL=fake.url,
                       COPP_TELEGRAM_RATE=str(RATE), COPP_INBOX_LEASE_SECONDS="2")

    first, second = worker(), worker()
    try:
        await first.start()
        await fake.wait_for(lambda: len(fake.sent) >= RESIDENTS // 3, timeout=60)
        first.kill()
        before = len(fake.sent)
        assert before < RESIDENTS
        await second.start()
        await fake.wait_for(lambda: len(fake.sent) == RESIDENTS, timeout=90)
        second.stop()
    finally:
        for process in (first, second):
            if process.process and process.process.poll() is None:
                process.kill()
        await fake.close()
        states = await BroadcastRecipient.all().values_list("state", flat=True)
        await connections.close_all()
        await drop_pg_database(url)
    received = [len(fake.chat(90_000 + n)) for n in range(RESIDENTS)]
    duplicates = sum(received) - RESIDENTS
    assert min(received) == 1
    assert duplicates <= FLUSH_EVERY * RATE + IN_FLIGHT, duplicates
    assert set(states) <= {"sent", "sending"}  # sending: delivered, the record was killed
    print(f"\nbroadcast crash: {before} delivered before the kill, {duplicates} duplicates "
          f"after the restart")
