"""Catalog search latency on 20,000 programs, PostgreSQL and the embedded SQLite, and hit@3.

Ours: `programs_search.find_programs(query, limit=20)`, the function the bot, the API and
alerts call: the in-memory snapshot (Snowball stems, typos, rewrites of layout, transliteration
and English, the lexicon, filters and the page of programs). Queries of 1–3 words from the
quality set, of every kind (rewrites and nonsense included), each run --rounds times after one
warm-up (the warm-up also times the snapshot's build: loading the catalog and the index).
Reference, same run, same data: PostgreSQL full-text search (GIN index on a tsvector of title
and description, ts_rank, top 20), the ceiling PERFORMANCE.md measured.
hit@3: the quality set (tests/data/search_queries.json) on the demo catalog, by kind.

Usage: python bench/search.py [--programs 20000] [--rounds 5]
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections  # noqa: E402

from backend import db  # noqa: E402
from backend.demo import programs as demo_programs  # noqa: E402
from backend.models import Competency, Municipality, Organization, Program  # noqa: E402
from backend.programs import rules  # noqa: E402
from backend.services import programs_search  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402
from tests.programs import quality as search_quality  # noqa: E402
from tests.programs.quality import cases  # noqa: E402

SUFFIXES = ("", " (вечерняя группа)", " для начинающих", " — интенсив", " (выездная группа)",
            " с практикой на предприятии")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def generate(count: int) -> None:
    """`count` published programs from the demo templates, spread over the region."""
    rng = random.Random(20000)
    await demo_programs.seed(datetime.now(UTC))  # the organizations, and the real 122
    organizations = await Organization.all().values_list("id", flat=True)
    places = await Municipality.all().values_list("id", flat=True)
    competencies = dict(await Competency.all().values_list("name", "id"))
    rows = []
    for number in range(count):
        (competency, title, kind, hours, price, form, distance, description, requirements,
         _) = demo_programs.PROGRAMS[number % len(demo_programs.PROGRAMS)]
        rows.append(Program(
            code=f"BENCH-{number:05d}", title=title + rng.choice(SUFFIXES), type=kind,
            form=form, distance=distance, hours=hours, price=price,
            free_for=demo_programs.free_for(price, kind, requirements, rng),
            competency_id=competencies[competency], organization_id=rng.choice(organizations),
            municipality_id=rng.choice(places),
            start_date=date.today() + timedelta(days=rng.randint(-30, 240)),
            document=rules.DOCUMENTS[kind], description=description,
            requirements=requirements, status="published", is_demo=True))
    await Program.bulk_create(rows, batch_size=1000)


async def time_queries(queries: list[str], rounds: int, run) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            await run(query)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def ours(queries: list[str], rounds: int) -> dict:
    programs_search.invalidate()  # a snapshot of the previous run's database
    started = time.perf_counter()
    await programs_search.find_programs(queries[0], limit=20)  # builds the index
    build_ms = (time.perf_counter() - started) * 1000
    timings = await time_queries(queries, rounds,
                                 lambda q: programs_search.find_programs(q, limit=20))
    return {"p50_ms": round(statistics.median(timings), 2),
            "p99_ms": round(percentile(timings, 0.99), 2), "first_query_ms": round(build_ms)}


async def postgres_fts(queries: list[str], rounds: int) -> dict:
    conn = connections.get("default")
    await conn.execute_script(
        "ALTER TABLE programs ADD COLUMN bench_doc tsvector GENERATED ALWAYS AS "
        "(to_tsvector('russian', title || ' ' || description)) STORED; "
        "CREATE INDEX programs_bench_doc ON programs USING GIN (bench_doc); ANALYZE programs;")
    sql = ("SELECT id FROM programs, plainto_tsquery('russian', $1) q WHERE status = "
           "'published' AND bench_doc @@ q ORDER BY ts_rank(bench_doc, q) DESC LIMIT 20")
    timings = await time_queries(queries, rounds, lambda q: conn.execute_query(sql, [q]))
    return {"p50_ms": round(statistics.median(timings), 2),
            "p99_ms": round(percentile(timings, 0.99), 2)}


async def measure(url: str, programs: int, queries: list[str], rounds: int,
                  reference: bool) -> dict:
    await db.migrate(url)
    await db.init(url)
    try:
        await generate(programs)
        figures = {"ours": await ours(queries, rounds)}
        if reference:
            figures["postgres_fts"] = await postgres_fts(queries, rounds)
            figures["ratio_p50_to_fts"] = round(
                figures["ours"]["p50_ms"] / figures["postgres_fts"]["p50_ms"], 2)
        return figures
    finally:
        await connections.close_all()


async def quality(url: str) -> dict:
    """hit@3 overall and by kind of query (exact, typo, layout, translit, nonsense, …)."""
    await db.migrate(url)
    await db.init(url)
    try:
        await demo_programs.seed(datetime.now(UTC))
        programs_search.invalidate()
        found = await search_quality.measure()
        for miss in found.misses:
            print("  miss:", miss)
        return {"overall": round(found.overall, 3),
                "by_kind": {k: round(v, 3) for k, v in found.by_kind().items()}}
    finally:
        await connections.close_all()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = [case["q"] for case in cases() if len(case["q"].split()) <= 3]
    results: dict = {"programs": args.programs, "queries": len(queries), "rounds": args.rounds}
    pg_url = await create_pg_database()
    try:
        results["postgres"] = await measure(pg_url, args.programs, queries, args.rounds, True)
        print("postgres:", results["postgres"], flush=True)
    finally:
        await drop_pg_database(pg_url)
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite://{folder}/bench.sqlite3"
        results["sqlite"] = await measure(sqlite_url, args.programs, queries, args.rounds, False)
        print("sqlite:", results["sqlite"], flush=True)
        found = await quality(f"sqlite://{folder}/quality.sqlite3")
    results["hit_at_3"], results["hit_at_3_by_kind"] = found["overall"], found["by_kind"]
    results["quality_queries"] = len(cases())
    print(f"hit@3 = {results['hit_at_3']} on {results['quality_queries']} queries")
    for kind, score in found["by_kind"].items():
        print(f"  {kind}: {score}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
