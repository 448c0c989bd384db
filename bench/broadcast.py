"""Broadcast delivery as deployed: `copp web` sends 20,000 messages to the fake Telegram API at a
configured 1,000 a second, and to the fake VK API (100 residents a call, 20 calls a second).

Prints, per platform: the achieved rate and its ratio to the configured limit (the reference:
the platform's rate limit), the busiest one-second window, duplicates and lost messages.

Usage: python bench/broadcast.py [--recipients 20000] [--telegram-rate 1000] [--vk-rate 20]
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections  # noqa: E402

from backend import db  # noqa: E402
from backend.models import User  # noqa: E402
from backend.services import broadcasts  # noqa: E402
from backend.services.broadcasts_audience import Audience  # noqa: E402
from tests.broadcasts.test_delivery import busiest_second  # noqa: E402
from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database  # noqa: E402
from tests.fakes import telegram as fake_telegram  # noqa: E402
from tests.fakes import vk as fake_vk  # noqa: E402
from tests.service import Service  # noqa: E402


async def prepare(url: str, platform: str, recipients: int) -> None:
    await db.migrate(url)
    await db.init(url)
    await User.bulk_create([User(platform=platform, external_id=str(1_000_000 + n),
                                 pd_consent=True, locale="ru") for n in range(recipients)],
                           batch_size=2000)
    broadcast = await broadcasts.create(actor="bench", title="Bench", text="Новости ЦОПП",
                                        audience=Audience(channels=(platform,)))
    await broadcasts.start(broadcast.id, actor="bench", now=datetime.now(UTC))
    await connections.close_all()


async def run(platform: str, recipients: int, rate: float) -> dict:
    url = await create_pg_database()
    fake = fake_telegram.FakeTelegram() if platform == "telegram" else fake_vk.FakeVk()
    await fake.start()
    try:
        await prepare(url, platform, recipients)
        settings = {"COPP_DATABASE_URL": url, "COPP_REDIS_URL": REDIS_URL}
        if platform == "telegram":
            settings |= {"COPP_TELEGRAM_TOKEN": fake_telegram.TOKEN,
                         "COPP_TELEGRAM_API_URL": fake.url, "COPP_TELEGRAM_RATE": str(rate)}
            method = "sendMessage"
            received = lambda: sum(len(m) for m in fake.sent.values())  # noqa: E731
        else:
            settings |= {"COPP_VK_TOKEN": fake_vk.TOKEN, "COPP_VK_GROUP_ID": str(fake_vk.GROUP_ID),
                         "COPP_VK_API_URL": fake.url, "COPP_VK_RATE": str(rate)}
            method = "messages.send"
            received = lambda: sum(len(m) for m in fake.messages.values())  # noqa: E731
        worker = Service("web", **settings)
        await worker.start()
        started = time.monotonic()
        await fake.wait_for(lambda: received() >= recipients, timeout=recipients / 50 + 60)
        await asyncio.sleep(1.0)  # anything that would come twice comes now
        worker.stop()
        calls = [moment for moment, name in fake.call_times if name == method]
        span = max(calls) - min(calls) if len(calls) > 1 else time.monotonic() - started
        per_call = 1 if platform == "telegram" else 100
        chats = fake.sent if platform == "telegram" else fake.messages
        delivered = {chat for chat, messages in chats.items() if messages}
        achieved = recipients / span if platform == "telegram" else len(calls) / span
        return {"recipients": recipients, "limit_per_s": rate, "unit": "messages" if per_call
                == 1 else "calls", "achieved_per_s": round(achieved, 1),
                "ratio_to_limit": round(achieved / rate, 3),
                "busiest_second": busiest_second(calls), "seconds": round(span, 2),
                "duplicates": received() - len(delivered), "lost": recipients - len(delivered)}
    finally:
        await fake.close()
        await drop_pg_database(url)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--telegram-rate", type=float, default=1000)
    parser.add_argument("--vk-rate", type=float, default=20)
    args = parser.parse_args()
    figures = {"telegram": await run("telegram", args.recipients, args.telegram_rate)}
    print("telegram:", figures["telegram"], flush=True)
    figures["vk"] = await run("vk", args.recipients, args.vk_rate)
    print("vk:", figures["vk"], flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
