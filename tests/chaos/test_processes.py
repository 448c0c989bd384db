"""As deployed for more load: two `copp web` behind a balancer and one `copp worker`, on one
PostgreSQL and one Redis. Many residents, each sending several updates in a row, spread over
both web processes (the balancer takes them in turn, so one resident's next update usually
goes to the other process while the last may still be in hand): each is answered once and in
order — a chat's replies read as the answers to its updates, one after another, nothing
missing, nothing twice. The inbox serializes them: an update stored leased to the process that
received it only when its resident has nothing unfinished (a unique index), else claimed in
order."""

from __future__ import annotations

import time

from backend import db
from bots.telegram.channel import WEBHOOK_PATH
from tests.chaos.load import ClockedTelegram, Residents
from tests.chaos.servers import LocalRedis
from tests.chaos.test_outages import ONBOARDING, SCRIPT, SECRET
from tests.conftest import create_pg_database, drop_pg_database
from tests.fakes.telegram import TOKEN
from tests.service import Service


async def test_two_web_processes_and_a_worker_answer_each_update_once_in_order(tmp_path):
    redis = LocalRedis(tmp_path)
    redis.start()
    url = await create_pg_database()
    await db.migrate(url)
    telegram = ClockedTelegram()
    await telegram.start()
    stores = {"COPP_DATABASE_URL": url, "COPP_REDIS_URL": redis.url}
    webs = [Service("web", **stores, COPP_TELEGRAM_TOKEN=TOKEN,
                    COPP_TELEGRAM_API_URL=telegram.url, COPP_TELEGRAM_MODE="webhook",
                    COPP_TELEGRAM_WEBHOOK_SECRET=SECRET) for _ in range(2)]
    worker = Service("worker", **stores, COPP_LOG_LEVEL="INFO")
    try:
        for web in webs:
            web.env["COPP_PUBLIC_URL"] = web.url
            await web.start()
        await worker.start(ready_line="worker started")
        hooks = [web.url + WEBHOOK_PATH for web in webs]
        async with Residents(telegram, hooks, SECRET, count=24, rate=5.0) as residents:
            await residents.prepare(ONBOARDING, SCRIPT)
            began = time.monotonic()
            await residents.run(SCRIPT, 4.0)
            await residents.settle()
            figures = residents.report(began)
            taken_by = residents.taken_by
            print(*residents.puzzles(), figures, taken_by, sep="\n")
    finally:
        for process in (*webs, worker):
            process.stop()
        await telegram.close()
        redis.destroy()
        await drop_pg_database(url)
    assert figures["acknowledged"] == figures["updates"] > 0, figures
    assert (figures["unanswered"], figures["left_over_replies"]) == (0, 0), figures
    assert figures["updates"] >= 24 * 15  # several updates of each resident
    assert all(taken_by.get(hook, 0) >= figures["updates"] // 3 for hook in hooks), taken_by
    for process in (*webs, worker):
        assert "Traceback" not in process.output()
