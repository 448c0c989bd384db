"""Broadcast delivery as deployed: `copp web` sends 20,000 messages to the fake Telegram API at a
configured 1,000 a second, and to the fake VK API (100 residents a call, 20 calls a second).

Prints, per platform: the achieved rate and its ratio to the configured limit (the reference:
the platform's rate limit), the busiest one-second window, duplicates and lost messages, and
the CPU milliseconds `copp web` spent per message (`cpu_ms_per_message`: on a busy machine the
rate drifts, this hardly does) and the benchmark's own process (the fake API) per message.

Usage: python bench/broadcast.py [--recipients 20000] [--telegram-rate 1000] [--vk-rate 20]
                                [--profile /tmp/prefix]  (py-spy of `copp web`, 15 s)
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Arrived:
    """Whether every message arrived, cheap to ask after each call: the messages are counted
    only once enough calls came (counting 20,000 chats on every call cost the fake API server,
    in this process, as much CPU as `copp web` spent sending)."""

    def __init__(self, call_times: list, method: str, calls: int, check) -> None:
        self.call_times, self.method, self.calls, self.check = call_times, method, calls, check
        self.seen = self.counted = 0

    def __call__(self) -> bool:
        new = self.call_times[self.seen:]
        self.seen += len(new)
        self.counted += sum(name == self.method for _, name in new)
        return self.counted >= self.calls and self.check()


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


async def run(platform: str, recipients: int, rate: float, profile: str = "") -> dict:
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
        per_call = 1 if platform == "telegram" else 100
        worker = Service("web", **settings)
        await worker.start()
        started = time.monotonic()
        cpu_before, own_before = cpu_seconds(worker.process.pid), own_cpu_seconds()
        if profile:  # py-spy's folded stacks of `copp web`, 15 s from the start of sending
            subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "-d", "15",
                              "-r", "200", "-f", "raw", "-o", f"{profile}-{platform}.txt",
                              "-p", str(worker.process.pid)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        await fake.wait_for(Arrived(fake.call_times, method, -(-recipients // per_call),
                                    lambda: received() >= recipients),
                            timeout=recipients / 50 + 60)
        cpu = cpu_seconds(worker.process.pid) - cpu_before
        own = own_cpu_seconds() - own_before
        await asyncio.sleep(1.0)  # anything that would come twice comes now
        worker.stop()
        calls = [moment for moment, name in fake.call_times if name == method]
        span = max(calls) - min(calls) if len(calls) > 1 else time.monotonic() - started
        chats = fake.sent if platform == "telegram" else fake.messages
        delivered = {chat for chat, messages in chats.items() if messages}
        achieved = recipients / span if platform == "telegram" else len(calls) / span
        return {"recipients": recipients, "limit_per_s": rate, "unit": "messages" if per_call
                == 1 else "calls", "achieved_per_s": round(achieved, 1),
                "ratio_to_limit": round(achieved / rate, 3),
                "busiest_second": busiest_second(calls), "seconds": round(span, 2),
                "duplicates": received() - len(delivered), "lost": recipients - len(delivered),
                "cpu_ms_per_message": round(cpu * 1000 / recipients, 3),
                "fake_api_cpu_ms_per_message": round(own * 1000 / recipients, 3)}
    finally:
        await fake.close()
        await drop_pg_database(url)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--telegram-rate", type=float, default=1000)
    parser.add_argument("--vk-rate", type=float, default=20)
    parser.add_argument("--profile", default="", help="py-spy raw output prefix")
    args = parser.parse_args()
    figures = {"telegram": await run("telegram", args.recipients, args.telegram_rate,
                                     args.profile)}
    print("telegram:", figures["telegram"], flush=True)
    figures["vk"] = await run("vk", args.recipients, args.vk_rate, args.profile)
    print("vk:", figures["vk"], flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
