"""Backup and restore of 100,000 residents on PostgreSQL: how long the Center waits.

Creates a migrated database, loads N residents (a users row and a consent each) by COPY, runs
`copp backup`'s code into a temporary directory, restores into a new empty database with
`copp restore`'s code and checks the row counts. Prints the figures; the last line is one JSON
object.

Usage: python bench/backup.py [--residents 100000] [--rounds 3] [--passphrase PHRASE]
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
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend import db  # noqa: E402
from backend.backups import make_backup, restore  # noqa: E402
from backend.backups.database import pg_connect  # noqa: E402
from tests.conftest import create_pg_database, drop_pg_database  # noqa: E402

NAMES = ["Анна", "Иван", "Мария", "Пётр", "Елена", "Дмитрий", "Ольга", "Сергей"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов"]


async def load(url: str, residents: int) -> None:
    now = datetime.now(UTC)
    pick = random.Random(16)  # names and phones that do not compress away
    conn = await pg_connect(url)
    try:
        await conn.copy_records_to_table(
            "users", columns=["platform", "external_id", "locale", "pd_consent", "subscribed",
                              "is_demo", "created_at", "last_seen_at", "full_name", "phone",
                              "age_group"],
            records=(("telegram", str(pick.randrange(10**9, 10**10)), "ru", True, True, False,
                      now, now, f"{pick.choice(SURNAMES)} {pick.choice(NAMES)} {n}",
                      f"+79{pick.randrange(10**9):09d}", pick.choice(["14-17", "18-24", "25+"]))
                     for n in range(residents)))
        await conn.execute(
            "INSERT INTO consents (user_id, purpose, version, text_hash, locale, granted, "
            "channel, created_at) SELECT id, 'processing', '1', repeat('a', 64), 'ru', TRUE, "
            "'telegram', now() FROM users")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def main(residents: int, rounds: int, passphrase: str | None) -> dict:
    source, targets = await create_pg_database(), []
    try:
        await db.migrate(source)
        started = time.perf_counter()
        await load(source, residents)
        loading = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            made = await make_backup(source, Path(scratch), passphrase)
            backing_up = time.perf_counter() - started
            times = []
            for _ in range(rounds):  # each into a new, empty database
                targets.append(await create_pg_database())
                started = time.perf_counter()
                report = await restore(made.path, targets[-1], passphrase=passphrase)
                times.append(time.perf_counter() - started)
                if report.differences:
                    break
            restoring = statistics.median(times)
    finally:
        for url in (source, *targets):
            await drop_pg_database(url)
    figures = {"residents": residents, "encrypted": bool(passphrase),
               "rows": sum(made.manifest.tables.values()),
               "load_seconds": round(loading, 2), "backup_seconds": round(backing_up, 2),
               "backup_mb": round(made.manifest.size / 1e6, 1),
               "restore_seconds": round(restoring, 2),
               "restore_rounds": [round(t, 2) for t in times],
               "counts_match": not report.differences}
    print(f"{residents} residents ({figures['rows']} rows in all): loaded in {loading:.1f} s")
    print(f"backup: {backing_up:.1f} s, {figures['backup_mb']} MB"
          f"{' encrypted' if passphrase else ''}")
    print(f"restore into an empty database: median {restoring:.1f} s of {len(times)}, row counts "
          f"{'match' if not report.differences else 'DIFFER'}")
    return figures


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--residents", type=int, default=100_000)
    cli.add_argument("--rounds", type=int, default=3)
    cli.add_argument("--passphrase")
    args = cli.parse_args()
    print(json.dumps(asyncio.run(main(args.residents, args.rounds, args.passphrase))))
