"""Background work on taskiq: the Redis stream broker in production, in-process embedded."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from backend import tasks
from backend.models import InboxUpdate
from backend.services import inbox
from tests.conftest import REDIS_URL


@pytest.fixture
def broker(mode):
    # A queue of its own: another test run on this Redis must not take these tasks.
    return tasks.make_broker(REDIS_URL if mode.name == "postgres+redis" else None,
                             queue=f"copp:test:{uuid.uuid4().hex}")


async def test_a_kicked_task_runs_in_the_worker(mode, broker):
    registered = tasks.register(broker)
    await inbox.accept("telegram", "old", "tg:1", {})
    await InboxUpdate.filter(key="old").update(
        status="done", received_at=datetime.now(UTC) - timedelta(days=3))
    async with tasks.running_worker(broker, scheduler=False):
        await registered["inbox.purge"].kiq()
        for _ in range(100):
            if not await InboxUpdate.exists(key="old"):
                break
            await asyncio.sleep(0.05)
    assert not await InboxUpdate.exists(key="old")


def test_cron_jobs_are_declared_for_the_scheduler():
    broker = tasks.make_broker(None)
    registered = tasks.register(broker)
    assert registered["inbox.purge"].labels["schedule"] == [{"cron": "17 * * * *"}]
    assert registered["residents.retention"].labels["schedule"] == [{"cron": "40 3 * * *"}]


async def test_the_scheduler_runs_alongside_the_worker(mode, broker):
    tasks.register(broker)
    async with tasks.running_worker(broker):
        await asyncio.sleep(0.2)  # starts and stops without error
