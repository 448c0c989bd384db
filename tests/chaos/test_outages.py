"""Store outages under webhook load: nothing lost, nothing answered twice, quick recovery.

One `copp web` runs as deployed, on a PostgreSQL and a Redis of this module's own (crashed,
restarted, flushed and starved here; the shared servers are never touched), while 16
residents write to the Telegram webhook 4 times a second each: a command, a typed answer
that needs the dialog's session, another command. Every fault asserts: every update
acknowledged and answered exactly once, no error shown, each answered within 15 s of
recovery, /readyz back to 200. `pytest -s tests/chaos` prints the figures quoted in the
README's reliability section.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import aiohttp
import asyncpg
import pytest
import pytest_asyncio

from backend import db, i18n
from bots.telegram.channel import WEBHOOK_PATH
from tests.chaos.load import ClockedTelegram, Residents
from tests.chaos.servers import LocalPostgres, LocalRedis
from tests.fakes.telegram import TOKEN
from tests.service import Service

pytestmark = pytest.mark.asyncio(loop_scope="module")

SECRET = "chaos-secret"
ONBOARDING = ["/start", "1", "1"]  # Русский, then «Согласен», typed as button numbers
SCRIPT = ["/language", "1", "/help"]  # "1" answers the language question: needs the session
LOST = "Sorry, I lost track of our conversation. Let's start again from the main menu."
LOAD_SECONDS = 8.0
FAULT_AT = 3.0
RECOVERY_LIMIT = 15.0


@pytest.fixture(scope="module")
def postgres():
    server = LocalPostgres()
    server.init()
    yield server
    server.destroy()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = LocalRedis(tmp_path_factory.mktemp("chaos"))
    server.start()
    yield server
    server.destroy()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(postgres, redis_server):
    """`copp web` on the chaos servers with a webhook, and its residents, onboarded."""
    url = await postgres.create_database()
    await db.migrate(url)
    telegram = ClockedTelegram()
    await telegram.start()
    service = Service("web", COPP_DATABASE_URL=url, COPP_REDIS_URL=redis_server.url,
                      COPP_TELEGRAM_TOKEN=TOKEN, COPP_TELEGRAM_API_URL=telegram.url,
                      COPP_TELEGRAM_MODE="webhook", COPP_TELEGRAM_WEBHOOK_SECRET=SECRET)
    service.env["COPP_PUBLIC_URL"] = service.url
    await service.start()
    try:
        async with Residents(telegram, [service.url + WEBHOOK_PATH], SECRET) as residents:
            await residents.prepare(ONBOARDING, SCRIPT)
            menu = residents.answers["/help"][0][-1]
            # The store forgot the dialog: the answer gets a gentle restart at the menu.
            residents.answers["1"].append([i18n.gettext("ru", LOST), menu])
            yield service, residents
    finally:
        if service.process.poll() is None:
            service.stop()
        await telegram.close()
        print(f"\nchaos: service log {service.log}")


@pytest.fixture(autouse=True)
def servers_up(postgres, redis_server):
    """A test that failed half-way leaves the next one its servers running."""
    yield
    postgres.start_if_stopped()
    redis_server.start_if_stopped()


async def healthy_after(service: Service, since: float, timeout: float = 60) -> float:
    """Seconds from `since` until /readyz answers 200."""
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                async with http.get(service.url + "/readyz") as response:
                    if response.status == 200:
                        return time.monotonic() - since
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("/readyz did not come back")


async def not_done(service: Service) -> dict[str, int]:
    """Updates in the service's inbox that are not done, by status."""
    connection = await asyncpg.connect(service.env["COPP_DATABASE_URL"])
    try:
        rows = await connection.fetch("SELECT status, count(*) AS n FROM inbox_updates "
                                      "WHERE status <> 'done' GROUP BY status")
    finally:
        await connection.close()
    return {row["status"]: row["n"] for row in rows}


async def under_load(bot, fault: Callable[[], Awaitable[None]]) -> dict:
    """Load for LOAD_SECONDS with the fault FAULT_AT seconds in; `fault` returns once the
    server is back. Asserts the outcome and returns the figures."""
    service, residents = bot
    logged_before = len(service.output())
    load = asyncio.create_task(residents.run(SCRIPT, LOAD_SECONDS))
    await asyncio.sleep(FAULT_AT)
    started = time.monotonic()
    await fault()
    recovered = time.monotonic()
    health = await healthy_after(service, recovered)
    await load
    await residents.settle()
    figures = residents.report(recovered) | {"fault_s": round(recovered - started, 1),
                                             "readyz_200_after_s": round(health, 1),
                                             "inbox_not_done": await not_done(service)}
    log = service.output()[logged_before:]
    figures["log_lines"] = log.count("\n")
    figures["gentle_restarts"] = residents.times_said(i18n.gettext("ru", LOST))
    print(json.dumps(figures))
    print(*residents.puzzles(), sep="\n")
    assert figures["acknowledged"] == figures["updates"], figures
    assert (figures["unanswered"], figures["left_over_replies"]) == (0, 0), figures
    assert figures["inbox_not_done"] == {}, figures
    assert figures["answered_within_s_of_recovery"] <= RECOVERY_LIMIT, figures
    assert figures["readyz_200_after_s"] <= RECOVERY_LIMIT, figures
    assert "Traceback" not in log, log  # a line when it goes, a line when it is back
    return figures


async def test_redis_restarted_under_load(bot, redis_server):
    async def restart() -> None:
        redis_server.stop()
        await asyncio.sleep(1.0)
        await asyncio.to_thread(redis_server.start)

    figures = await under_load(bot, restart)
    assert figures["gentle_restarts"] > 0  # it kept nothing: dialogs were lost


async def test_redis_flushed_under_load(bot, redis_server):
    async def flush() -> None:
        await asyncio.to_thread(redis_server.flush)

    figures = await under_load(bot, flush)
    assert figures["gentle_restarts"] > 0


async def test_postgres_crashed_and_restarted_under_load(bot, postgres):
    async def restart() -> None:
        await asyncio.to_thread(postgres.stop, "immediate")
        await asyncio.sleep(1.0)
        await asyncio.to_thread(postgres.start)

    await under_load(bot, restart)


async def test_postgres_connections_killed_under_load(bot, postgres):
    database = bot[0].env["COPP_DATABASE_URL"].rsplit("/", 1)[1]

    async def kill() -> None:
        for _ in range(3):  # and again as the pool reconnects
            await postgres.terminate_clients(database)
            await asyncio.sleep(0.3)

    await under_load(bot, kill)


async def test_no_connection_to_be_had_for_a_while_under_load(bot, postgres):
    """Another client takes every connection slot and ours are cut: PostgreSQL answers
    «too many clients» until it lets go, two seconds later."""
    database = bot[0].env["COPP_DATABASE_URL"].rsplit("/", 1)[1]

    async def starve() -> None:
        admin = await asyncpg.connect(f"{postgres.server}/postgres")
        hogs: list[asyncpg.Connection] = []

        async def take_every_free_slot() -> None:
            while True:
                try:
                    hogs.append(await asyncpg.connect(f"{postgres.server}/postgres"))
                except asyncpg.TooManyConnectionsError:
                    return

        await take_every_free_slot()
        while await postgres.terminate_clients(database, via=admin):
            await take_every_free_slot()  # the slots ours had, before they reconnect
        await asyncio.sleep(2.0)
        await asyncio.gather(admin.close(), *(hog.close() for hog in hogs))

    await under_load(bot, starve)


async def test_every_pool_connection_stuck_behind_a_lock_under_load(bot, postgres):
    """A maintenance job locks the inbox table for two seconds: every connection of the
    pool waits on it, and so does every webhook."""
    url = bot[0].env["COPP_DATABASE_URL"]

    async def lock() -> None:
        admin = await asyncpg.connect(url)
        try:
            async with admin.transaction():
                await admin.execute("LOCK TABLE inbox_updates IN ACCESS EXCLUSIVE MODE")
                await asyncio.sleep(2.0)
        finally:
            await admin.close()

    await under_load(bot, lock)

