"""`kill -9` of the bot after it acknowledged updates: each is still answered (SECURITY B1b)."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import asyncpg

from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.service import Service

RESIDENTS = 200
SECRET = "crash-test-secret"


def start_update(update_id: int, user_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": "/start",
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "R"}}}


async def unanswered(url: str, fake: FakeTelegram, bot: Service) -> str:
    """What a timeout leaves to read: the inbox of the residents still waiting, and the log."""
    waiting = [f"tg:{10_000 + n}" for n in range(1, RESIDENTS + 1) if not fake.chat(10_000 + n)]
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT user_key, status, attempts, lease_until, error FROM inbox_updates "
            "WHERE user_key = ANY($1::text[]) ORDER BY id", waiting)
    finally:
        await connection.close()
    inbox = "\n".join(str(dict(row)) for row in rows)
    return (f"{len(waiting)} residents unanswered: {waiting[:20]}\ninbox:\n{inbox}\n"
            f"log of the second process:\n{bot.output()[-6000:]}")


async def test_updates_acknowledged_before_a_kill_are_all_answered():
    url = await create_pg_database()
    fake = FakeTelegram()
    await fake.start()

    def service() -> Service:
        bot = Service("web", COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL,
                      COPP_TELEGRAM_TOKEN=TOKEN, COPP_TELEGRAM_API_URL=fake.url,
                      COPP_TELEGRAM_MODE="webhook", COPP_TELEGRAM_WEBHOOK_SECRET=SECRET,
                      COPP_INBOX_LEASE_SECONDS="1")
        bot.env["COPP_PUBLIC_URL"] = bot.url
        return bot

    first, second = service(), service()
    acknowledged: set[int] = set()
    half_acknowledged = asyncio.Event()
    try:
        await first.start()
        await fake.wait_for(lambda: fake.webhook)  # set while starting, maybe after the port opens
        updates = [start_update(n, 10_000 + n) for n in range(1, RESIDENTS + 1)]

        async with aiohttp.ClientSession() as http:
            async def deliver(update: dict, target: str) -> None:
                try:
                    async with http.post(target, data=json.dumps(update),
                                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                                         ) as response:
                        if response.status == 200:
                            acknowledged.add(update["update_id"])
                            if len(acknowledged) >= RESIDENTS // 2:
                                half_acknowledged.set()
                except aiohttp.ClientError:
                    pass  # Telegram keeps it and retries later

            deliveries = [asyncio.create_task(deliver(u, fake.webhook["url"])) for u in updates]
            await half_acknowledged.wait()
            first.kill()
            await asyncio.gather(*deliveries)
            acknowledged_before = len(acknowledged)
            assert RESIDENTS // 2 <= acknowledged_before < RESIDENTS
            answered_before = {chat for chat, sent in fake.sent.items() if sent}
            assert len(answered_before) < len(acknowledged)  # the kill left work undone

            await second.start()
            # its webhook is set while it starts, maybe after its port opens: until then
            # Telegram still calls the dead one
            await fake.wait_for(lambda: fake.webhook["url"].startswith(second.url))
            for update in updates:  # Telegram redelivers what was never acknowledged,
                for _ in range(0 if update["update_id"] in acknowledged else 50):  # while refused
                    await deliver(update, fake.webhook["url"])
                    if update["update_id"] in acknowledged:
                        break
                    await asyncio.sleep(0.1)
            try:
                await fake.wait_for(
                    lambda: len([c for c in fake.sent.values() if c]) == RESIDENTS, timeout=60)
            except TimeoutError:
                raise AssertionError(await unanswered(url, fake, second)) from None
            second.stop()
    finally:
        for bot in (first, second):
            if bot.process and bot.process.poll() is None:
                bot.kill()
        await fake.close()
        await drop_pg_database(url)
    replies = [len(fake.chat(10_000 + n)) for n in range(1, RESIDENTS + 1)]
    assert min(replies) == 1
    duplicates = sum(replies) - RESIDENTS
    assert duplicates <= 64, duplicates  # bounded by what was in flight at the kill
    print(f"acknowledged before the kill: {acknowledged_before}, answered before it: "
          f"{len(answered_before)}, duplicate replies after restart: {duplicates}")
