"""The site's catalog page against the JSON API, on 20,000 programs, in the same run.

`GET /programs?q=…` (the page a resident sees: ten programs, the filters, rendered by Jinja2)
and `GET /api/v1/programs?q=…` (twenty programs as JSON), both served by one `create_app` on
PostgreSQL, the 1–3 word queries of the search quality set, alternated query by query, each
--rounds times after a warm-up round (which builds the search snapshot and fills the caches
of both: the search's stems and typos, the page's program lines). Server time: from the
request reaching the app's first middleware to the handler's response, so the HTTP parsing
both share is left out; the client's round trip is printed beside it. The CPU time the
handler's thread spent (`cpu_*`: a handler here runs without yielding to the loop, so this is
its own work) varies much less than wall time on a busy machine.

Usage: python bench/site.py [--programs 20000] [--rounds 5]
The last line is one JSON object: site.p99_ms, api.p99_ms and ratio (site p99 / API p99),
cpu_ratio the same for CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from tortoise import connections  # noqa: E402

from backend import db  # noqa: E402
from backend.app import create_app  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.store import MemoryStore  # noqa: E402
from bench.search import generate, percentile  # noqa: E402
from public_web import create_site  # noqa: E402
from tests.bots.helpers import served  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402
from tests.programs.quality import cases  # noqa: E402

PATHS = {"site": "/programs", "api": "/api/v1/programs"}


def figures(server: list[float], cpu: list[float], client: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(server), 2),
            "p95_ms": round(percentile(server, 0.95), 2),
            "p99_ms": round(percentile(server, 0.99), 2),
            "cpu_p50_ms": round(statistics.median(cpu), 2),
            "cpu_p99_ms": round(percentile(cpu, 0.99), 2),
            "round_trip_p50_ms": round(statistics.median(client), 2),
            "round_trip_p99_ms": round(percentile(client, 0.99), 2)}


async def measure(queries: list[str], rounds: int) -> dict:
    server: dict[str, list[float]] = {"site": [], "api": []}
    cpu: dict[str, list[float]] = {"site": [], "api": []}
    slowest: list[tuple[float, str, str]] = []
    client: dict[str, list[float]] = {"site": [], "api": []}
    kind_of = {path: kind for kind, path in PATHS.items()}

    @web.middleware
    async def timed(request: web.Request, handler):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = await handler(request)
        if (kind := kind_of.get(request.path)) is not None and recording:
            server[kind].append((time.perf_counter() - started) * 1000)
            cpu[kind].append((time.thread_time() - cpu_started) * 1000)
            slowest.append((cpu[kind][-1], kind, request.query.get("q", "")))
        return response

    settings = Settings(site_secret="bench")
    store = MemoryStore()
    app = create_app(settings, store, None, create_site(settings, store))
    app.middlewares.insert(0, timed)
    recording = False
    async with served(app) as url, aiohttp.ClientSession() as session:
        async def get(kind: str, query: str) -> None:
            started = time.perf_counter()
            async with session.get(url + PATHS[kind], params={"q": query},
                                   headers={"Accept": "text/html"}) as response:
                await response.read()
                assert response.status == 200, (kind, query, response.status)
            if recording:
                client[kind].append((time.perf_counter() - started) * 1000)

        for query in queries:  # a round unrecorded: the snapshot, the templates, the caches
            await get("site", query)
            await get("api", query)
        gc.collect()
        gc.freeze()  # as `copp run` does after start-up
        recording = True
        for _ in range(rounds):
            for query in queries:
                await get("site", query)
                await get("api", query)
    for ms, kind, query in sorted(slowest, reverse=True)[:12]:
        print(f"  slowest: {kind} {ms:.2f} ms CPU «{query}»")
    return {kind: figures(server[kind], cpu[kind], client[kind]) for kind in PATHS}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = [case["q"] for case in cases() if len(case["q"].split()) <= 3]
    results: dict = {"programs": args.programs, "queries": len(queries), "rounds": args.rounds}
    url = await create_pg_database()
    try:
        await db.migrate(url)
        await db.init(url)
        await generate(args.programs)
        results |= await measure(queries, args.rounds)
    finally:
        await connections.close_all()
        await drop_pg_database(url)
    results["ratio"] = round(results["site"]["p99_ms"] / results["api"]["p99_ms"], 2)
    results["cpu_ratio"] = round(results["site"]["cpu_p99_ms"] / results["api"]["cpu_p99_ms"], 2)
    for kind in PATHS:
        print(f"{kind}: {results[kind]}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
