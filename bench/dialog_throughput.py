"""Dialog throughput through the Telegram webhook on PostgreSQL + Redis, against plain aiogram.

Ours: `copp web` in its own process, as deployed. POST /webhooks/telegram (secret checked,
update stored in the inbox) → dialog engine (session in Redis, resident in PostgreSQL) →
sendMessage to a local Bot API server, which runs with the load generator in this process.
The time of an update is from the POST until the bot's first reply reaches that server.

References, same run, same load generator and Bot API server:
- plain aiogram: what a team would write instead (bench/plain_aiogram_bot.py, its own process):
  SimpleRequestHandler + RedisStorage, a handler that reads and writes its FSM state and
  answers with sendMessage. It acknowledges before handling, so a crash loses updates.
- raw aiogram: Dispatcher.feed_update with RedisStorage and a trivial handler, in this
  process (no HTTP, no reply): the library's own ceiling.
- durable plain aiogram: the plain bot storing each update in PostgreSQL before acknowledging
  it and marking it done after: what durability costs at the least, whoever builds it.

Usage: python bench/dialog_throughput.py [--residents 64] [--updates 2000] [--rounds 1]
The last line is one JSON object with the figures. On a busy machine updates/s of ours and of
plain aiogram (measured one after the other) drift apart; the CPU milliseconds each process
spent per update (`cpu_ms_per_update`, and `cpu_ratio_to_plain_aiogram`, theirs over ours)
hardly do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.fsm.context import FSMContext  # noqa: E402
from aiogram.fsm.storage.redis import RedisStorage  # noqa: E402
from aiogram.types import Message, Update  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from backend import db  # noqa: E402
from bots.telegram.channel import SECRET_HEADER, WEBHOOK_PATH  # noqa: E402
from tests.conftest import PG_SERVER, create_pg_database, drop_pg_database  # noqa: E402
from tests.fakes.telegram import TOKEN, FakeTelegram  # noqa: E402
from tests.service import Service, free_port  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/10"
SECRET = "bench-secret"
PLAIN_BOT = Path(__file__).resolve().parent / "plain_aiogram_bot.py"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(latencies: list[float], elapsed: float) -> dict:
    return {"updates": len(latencies), "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): unlike updates/s, hardly
    moved by what else the machine is doing."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_measured(load: Load, pid: int, residents: int, updates: int) -> dict:
    """The load's figures and the serving process's CPU milliseconds per update."""
    before = cpu_seconds(pid)
    result = await load.run(residents, updates)
    result["cpu_ms_per_update"] = round((cpu_seconds(pid) - before) * 1000 / result["updates"],
                                        2)
    return result


class TimedFake(FakeTelegram):
    """Notes when each chat gets a reply."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.replied: dict[int, asyncio.Event] = {}

    def _note(self, chat_id: int) -> None:
        event = self.replied.get(chat_id)
        if event:
            event.set()

    async def api_sendMessage(self, params):
        result = await super().api_sendMessage(params)
        self._note(int(params["chat_id"]))
        return result

    async def api_editMessageText(self, params):
        result = await super().api_editMessageText(params)
        self._note(int(params["chat_id"]))
        return result


def text_update(update_id: int, user_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "B"}}}


class Load:
    """Residents writing to a webhook, each the next message once the last was answered."""

    def __init__(self, fake: TimedFake, hook: str, http: aiohttp.ClientSession) -> None:
        self.fake, self.hook, self.http = fake, hook, http
        self.ids = iter(range(1, 10**9))

    async def say(self, user_id: int, text: str) -> float:
        event = self.fake.replied[user_id] = asyncio.Event()
        started = time.perf_counter()
        async with self.http.post(self.hook, json=text_update(next(self.ids), user_id, text),
                                  headers={SECRET_HEADER: SECRET}) as response:
            assert response.status == 200, response.status
        await asyncio.wait_for(event.wait(), 30)
        return time.perf_counter() - started

    async def run(self, residents: int, updates: int) -> dict:
        per_resident = updates // residents
        latencies: list[float] = []

        async def chatter(user_id: int) -> None:
            for n in range(per_resident):
                latencies.append(await self.say(user_id, ("/help", "/menu", "/mydata")[n % 3]))

        started = time.perf_counter()
        await asyncio.gather(*(chatter(1000 + n) for n in range(residents)))
        return figures(latencies, time.perf_counter() - started)


async def measure_ours(residents: int, updates: int) -> dict:
    url = await create_pg_database()
    await db.migrate(url)
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    await redis.aclose()
    fake = TimedFake()
    await fake.start()
    service = Service("web", COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL,
                      COPP_TELEGRAM_TOKEN=TOKEN, COPP_TELEGRAM_API_URL=fake.url,
                      COPP_TELEGRAM_MODE="webhook", COPP_TELEGRAM_WEBHOOK_SECRET=SECRET)
    service.env["COPP_PUBLIC_URL"] = service.url
    try:
        await service.start()
        async with aiohttp.ClientSession() as http:
            load = Load(fake, service.url + WEBHOOK_PATH, http)

            async def onboard(user_id: int) -> None:
                for text in ("/start", "1", "1"):  # Русский, then «I agree», typed
                    await load.say(user_id, text)

            await asyncio.gather(*(onboard(1000 + n) for n in range(residents)))
            return await run_measured(load, service.process.pid, residents, updates)
    finally:
        service.stop()
        await fake.close()
        await drop_pg_database(url)


async def measure_plain_aiogram(residents: int, updates: int, durable: bool = False) -> dict:
    """The plain bot; `durable`: storing each update in PostgreSQL before acknowledging it."""
    database = await create_pg_database() if durable else None
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    await redis.aclose()
    fake = TimedFake()
    await fake.start()
    port = free_port()
    with tempfile.TemporaryFile() as log:
        bot = subprocess.Popen([sys.executable, str(PLAIN_BOT), str(port), fake.url, REDIS_URL,
                                SECRET, *([database] if database else [])],
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(300):  # until it listens
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/webhook"):
                            break
                    except aiohttp.ClientError:
                        await asyncio.sleep(0.1)
                else:
                    log.seek(0)
                    raise RuntimeError(f"the plain aiogram bot did not start: {log.read()}")
                load = Load(fake, f"http://127.0.0.1:{port}/webhook", http)
                return await run_measured(load, bot.pid, residents, updates)
        finally:
            bot.terminate()
            bot.wait(10)
            await fake.close()
            if database:
                await drop_pg_database(database)


async def measure_raw_aiogram(updates: int, in_flight: int) -> dict:
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    storage = RedisStorage(redis)
    dispatcher = Dispatcher(storage=storage)
    router = Router()

    @router.message()
    async def trivial(message: Message, state: FSMContext) -> None:
        await state.update_data(seen=message.message_id)

    dispatcher.include_router(router)
    bot = Bot(TOKEN)
    batch = [Update.model_validate(text_update(n, 1000 + n % in_flight, "/help"),
                                   context={"bot": bot}) for n in range(updates)]
    latencies: list[float] = []

    async def feed(update: Update) -> None:
        started = time.perf_counter()
        await dispatcher.feed_update(bot, update)
        latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    for chunk in range(0, updates, in_flight):
        await asyncio.gather(*(feed(u) for u in batch[chunk:chunk + in_flight]))
    elapsed = time.perf_counter() - started
    await storage.close()
    await bot.session.close()
    return figures(latencies, elapsed)


def median_of(runs: list[dict]) -> dict:
    """Figures of several rounds: the median of each (rounds alternate between the bots, so a
    noisy minute of the machine does not fall on one of them only)."""
    return {key: (round(statistics.median(run[key] for run in runs), 2)
                  if key != "updates" else sum(run[key] for run in runs)) for key in runs[0]}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=64, help="updates in flight")
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1, help="each bot measured this often")
    args = parser.parse_args()
    rounds: dict[str, list[dict]] = {"ours": [], "plain": [], "durable": []}
    for _ in range(args.rounds):
        rounds["ours"].append(await measure_ours(args.residents, args.updates))
        rounds["plain"].append(await measure_plain_aiogram(args.residents, args.updates))
        rounds["durable"].append(
            await measure_plain_aiogram(args.residents, args.updates, durable=True))
    ours, plain, durable = (median_of(rounds[name]) for name in ("ours", "plain", "durable"))
    raw = await measure_raw_aiogram(args.updates, args.residents)
    ratio = ours["per_second"] / plain["per_second"]
    p99_ratio = ours["p99_ms"] / plain["p99_ms"]
    print(f"PostgreSQL {PG_SERVER}, Redis {REDIS_URL}, {args.residents} residents in flight, "
          f"median of {args.rounds} round(s)")
    for name, result in (("ours (webhook → inbox → engine → reply)", ours),
                         ("plain aiogram webhook bot (RedisStorage, sendMessage)", plain),
                         ("the same, storing each update in PostgreSQL first", durable),
                         ("raw aiogram feed_update (RedisStorage, no HTTP, no reply)", raw)):
        cpu = result.get("cpu_ms_per_update")
        cpu = f", {cpu} ms CPU each" if cpu else ""
        print(f"{name}: {result['per_second']:.0f} updates/s, p50 {result['p50_ms']:.1f} ms, "
              f"p99 {result['p99_ms']:.1f} ms{cpu}")
    print(f"ratio to plain aiogram: {ratio:.3f} (goal ≥ 1.0); p99 ratio: {p99_ratio:.2f} "
          f"(goal ≤ 1.5); the durable plain bot's own ratio: "
          f"{durable['per_second'] / plain['per_second']:.3f}")
    print(json.dumps({"ours": ours, "plain_aiogram": plain, "plain_aiogram_durable": durable,
                      "raw_aiogram": raw,
                      "ratio_to_plain_aiogram": round(ratio, 3),
                      "p99_ratio_to_plain_aiogram": round(p99_ratio, 3),
                      "ratio_to_durable_plain_aiogram": round(
                          ours["per_second"] / durable["per_second"], 3),
                      "durable_plain_ratio_to_plain_aiogram": round(
                          durable["per_second"] / plain["per_second"], 3),
                      "ratio_to_raw_aiogram": round(ours["per_second"] / raw["per_second"], 4),
                      "cpu_ratio_to_plain_aiogram": round(
                          plain["cpu_ms_per_update"] / ours["cpu_ms_per_update"], 3),
                      "run": uuid.uuid4().hex[:8]}))


if __name__ == "__main__":
    asyncio.run(main())
