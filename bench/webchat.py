"""The web chat's speed: the widget's first screen after connecting, and updates a second.

`copp web` in its own process on PostgreSQL + Redis, as deployed; the browsers are aiohttp
WebSocket clients in this process.

1. First screen: 200 connections one after another (each a new resident: the greeting), then
   200 reconnections of those residents with their tokens (the screen they were on). Time from
   opening the socket until the first message arrives; the goal is 300 ms.
2. Throughput: 64 residents at once, each past greeting and consent, then each sends typed
   messages one after another, waiting for the answer («меню» and «/help» in turn). Time of an
   update from sending the frame until the screen with buttons arrives. A resident here types
   far faster than a person, so the per-chat frame limit is lifted (COPP_WEBCHAT_RATE=1000).

Usage: PYTHONPATH=. .venv/bin/python bench/webchat.py [--connections 200] [--residents 64]
       [--updates 2000]
The last line is one JSON object with the figures, and the CPU milliseconds `copp web` spent
per update (what a busy machine moves least).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis  # noqa: E402

from backend import db  # noqa: E402
from bots.web.channel import SOCKET_PATH  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402
from tests.service import Service  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/11"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1)}


class Resident:
    """A browser; each from an address of its own, as nginx on the server's machine passes
    it (X-Forwarded-For), so the per-address limits see one person each."""

    made = 0

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url.replace("http", "ws") + SOCKET_PATH
        Resident.made += 1
        self.address = f"10.{Resident.made // 65536 % 256}.{Resident.made // 256 % 256}." \
                       f"{Resident.made % 256}"
        self.token: str | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.last: dict = {}

    async def first_screen(self) -> float:
        """Seconds from opening the socket to the first message."""
        started = time.perf_counter()
        self.ws = await self.http.ws_connect(self.url,
                                             headers={"X-Forwarded-For": self.address})
        start = {"type": "start"} if self.token is None else {"type": "start",
                                                             "token": self.token}
        await self.ws.send_json(start)
        await self._until(lambda frame: True)
        return time.perf_counter() - started

    async def _until(self, done) -> None:
        while True:
            frame = await self.ws.receive_json(timeout=30)
            if frame["type"] == "token":
                self.token = frame["token"]
            elif frame["type"] == "error":
                raise RuntimeError(f"error frame: {frame}")
            elif frame["type"] == "message":
                self.last = frame
                if done(frame):
                    return

    async def send(self, frame: dict) -> float:
        """Seconds from sending a frame to the screen with buttons it brings."""
        started = time.perf_counter()
        await self.ws.send_json(frame)
        await self._until(lambda message: bool(message["buttons"]))
        return time.perf_counter() - started

    def press(self, label: str) -> dict:
        data = next(b["data"] for b in self.last["buttons"] if b["text"] == label)
        return {"type": "click", "data": data}

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def first_screens(http, url: str, count: int) -> dict:
    residents = [Resident(http, url) for _ in range(count)]
    new = []
    for resident in residents:
        new.append(await resident.first_screen())
        await resident.close()
    returning = []
    for resident in residents:
        returning.append(await resident.first_screen())
        await resident.close()
    return {"connections": count, "new": ms(new), "returning": ms(returning)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): on a busy machine it moves
    much less than updates/s do."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def throughput(http, url: str, count: int, updates: int, pid: int) -> dict:
    residents = [Resident(http, url) for _ in range(count)]

    async def onboard(resident: Resident) -> None:
        await resident.first_screen()
        await resident.send(resident.press("Русский"))
        await resident.send(resident.press("Согласен(на)"))

    await asyncio.gather(*(onboard(r) for r in residents))
    latencies: list[float] = []
    each = updates // count

    async def chat(resident: Resident) -> None:
        for n in range(each):
            latencies.append(await resident.send(
                {"type": "text", "text": "меню" if n % 2 else "/help"}))

    started, cpu = time.perf_counter(), cpu_seconds(pid)
    await asyncio.gather(*(chat(r) for r in residents))
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu
    await asyncio.gather(*(r.close() for r in residents))
    return {"residents": count, "updates": len(latencies),
            "per_second": round(len(latencies) / elapsed, 1), **ms(latencies),
            "cpu_ms_per_update": round(cpu * 1000 / len(latencies), 2)}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--residents", type=int, default=64)
    parser.add_argument("--updates", type=int, default=2000)
    args = parser.parse_args()
    url = await create_pg_database()
    await db.migrate(url)
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    await redis.aclose()
    # A bench resident types far faster than a person: the per-chat limit is lifted.
    service = Service("web", COPP_DATABASE_URL=url, COPP_REDIS_URL=REDIS_URL,
                      COPP_WEBCHAT_RATE="1000")
    try:
        await service.start()
        async with aiohttp.ClientSession() as http:
            screens = await first_screens(http, service.url, args.connections)
            print("first screen:", json.dumps(screens), flush=True)
            load = await throughput(http, service.url, args.residents, args.updates,
                                    service.process.pid)
            print("throughput:", json.dumps(load), flush=True)
    finally:
        service.stop()
        await drop_pg_database(url)
    print(json.dumps({"first_screen": screens, "throughput": load,
                      "goal_first_screen_ms": 300}))


if __name__ == "__main__":
    asyncio.run(main())
