"""Memory of `copp run` (web and worker in one process, PostgreSQL + Redis): its resident set
idle after start-up, with Telegram configured (and without any channel, for comparison), and
after a sustained dialog load through the Telegram webhook (residents writing /help, /menu
and /mydata, each the next once the last was answered), sampled as the load goes on, so
growth shows.

Usage: python bench/memory.py [--seconds 120] [--residents 32]
The last line is one JSON object: idle_rss_mb, idle_rss_mb_no_channels, rss_after_load_mb,
rss_samples_mb (one every tenth of the load), updates.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402

from backend import db  # noqa: E402
from bench.dialog_throughput import SECRET, Load, TimedFake  # noqa: E402
from bots.telegram.channel import WEBHOOK_PATH  # noqa: E402
from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database  # noqa: E402
from tests.fakes.telegram import TOKEN  # noqa: E402
from tests.service import Service  # noqa: E402

SETTLE = 5.0  # seconds after start-up before the idle figure


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


async def idle(url: str, **settings: str) -> tuple[Service, float]:
    service = Service("run", COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL, **settings)
    service.env["COPP_PUBLIC_URL"] = service.url
    await service.start(timeout=60)
    await asyncio.sleep(SETTLE)
    return service, rss_mb(service.process.pid)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--residents", type=int, default=32)
    args = parser.parse_args()
    url = await create_pg_database()
    await db.migrate(url)
    fake = TimedFake()
    await fake.start()
    figures: dict = {}
    try:
        bare, figures["idle_rss_mb_no_channels"] = await idle(url)
        bare.stop()
        service, figures["idle_rss_mb"] = await idle(
            url, COPP_TELEGRAM_TOKEN=TOKEN, COPP_TELEGRAM_API_URL=fake.url,
            COPP_TELEGRAM_MODE="webhook", COPP_TELEGRAM_WEBHOOK_SECRET=SECRET)
        print(f"idle: {figures['idle_rss_mb']} MB with Telegram, "
              f"{figures['idle_rss_mb_no_channels']} MB without channels", flush=True)
        try:
            async with aiohttp.ClientSession() as http:
                load = Load(fake, service.url + WEBHOOK_PATH, http)
                users = [1000 + n for n in range(args.residents)]

                async def onboard(user_id: int) -> None:
                    for text in ("/start", "1", "1"):  # Русский, then «I agree», typed
                        await load.say(user_id, text)

                await asyncio.gather(*(onboard(u) for u in users))
                samples, updates = [], 0
                deadline = time.monotonic() + args.seconds
                step = args.seconds / 10
                while time.monotonic() < deadline:
                    result = await asyncio.wait_for(
                        load.run(args.residents, args.residents * 30), step * 3)
                    updates += result["updates"]
                    if time.monotonic() >= deadline - step * (9 - len(samples)):
                        samples.append(rss_mb(service.process.pid))
                figures["rss_samples_mb"] = samples
                figures["updates"] = updates
                await asyncio.sleep(2.0)
                figures["rss_after_load_mb"] = rss_mb(service.process.pid)
        finally:
            service.stop()
    finally:
        await fake.close()
        await drop_pg_database(url)
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
