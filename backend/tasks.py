"""Background and scheduled work on taskiq: Redis streams in production, in-process embedded.

Tasks carry ids, never state; PostgreSQL stays the source of truth, so every task is
idempotent (queues deliver at least once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from taskiq import AsyncBroker, InMemoryBroker, TaskiqScheduler
from taskiq.api import run_receiver_task, run_scheduler_task
from taskiq.schedule_sources import LabelScheduleSource
from taskiq_redis import RedisStreamBroker

from backend import backups
from backend.integrity import chain, job, status
from backend.services import (
    broadcasts,
    events,
    events_notices,
    inbox,
    programs_subscriptions,
    residents,
)
from backend.settings import Settings

log = logging.getLogger(__name__)

INBOX_KEEP = timedelta(days=2)  # Telegram redelivers for 24 h at most
SHUTDOWN_GRACE = 20.0


def make_broker(redis_url: str | None, queue: str = "copp:tasks") -> AsyncBroker:
    if redis_url:
        return RedisStreamBroker(redis_url, queue_name=queue)
    return InMemoryBroker()


def register(broker: AsyncBroker, settings: Settings | None = None) -> dict:
    """Attach the platform's tasks to a broker; returns them by name. The daily backup needs
    the settings (where to, the hour)."""

    @broker.task(task_name="inbox.purge", schedule=[{"cron": "17 * * * *"}])
    async def purge_inbox() -> int:
        removed = await inbox.purge(INBOX_KEEP)
        if removed:
            log.info("inbox: purged %d handled updates", removed)
        return removed

    @broker.task(task_name="residents.retention", schedule=[{"cron": "40 3 * * *"}])
    async def destroy_after_withdrawal() -> int:
        """Personal data of those who withdrew consent goes 30 days later (152-FZ art. 21)."""
        done = await residents.destroy_after_withdrawal()
        if done:
            log.info("retention: %d residents anonymized after withdrawal", len(done))
        return len(done)

    @broker.task(task_name="catalog.notify_subscribers", schedule=[{"cron": "*/10 * * * *"}])
    async def notify_subscribers() -> int:
        queued = await programs_subscriptions.notify()
        if queued:
            log.info("catalog: %d notices of new programs queued", queued)
        return queued

    @broker.task(task_name="events.offers", schedule=[{"cron": "* * * * *"}])
    async def expire_offers() -> int:
        """Seats not taken in time go to the next in line."""
        return await events.expire_offers(datetime.now(UTC))

    @broker.task(task_name="events.reminders", schedule=[{"cron": "*/5 * * * *"}])
    async def send_reminders() -> int:
        return await events_notices.send_reminders(datetime.now(UTC))

    @broker.task(task_name="events.after", schedule=[{"cron": "*/15 * * * *"}])
    async def after_events() -> int:
        return await events_notices.after_events(datetime.now(UTC))

    @broker.task(task_name="broadcasts.start_due", schedule=[{"cron": "* * * * *"}])
    async def start_due_broadcasts() -> int:
        return await broadcasts.start_due(datetime.now(UTC))

    @broker.task(task_name="journals.seal", schedule=[{"cron": "*/5 * * * *"}])
    async def seal_journals() -> dict[str, int]:
        """Chain the journals' committed rows (integrity)."""
        return await chain.seal_all()

    registered = {
        "journals.seal": seal_journals,
        "broadcasts.start_due": start_due_broadcasts, "inbox.purge": purge_inbox,
        "residents.retention": destroy_after_withdrawal,
        "catalog.notify_subscribers": notify_subscribers, "events.offers": expire_offers,
        "events.reminders": send_reminders, "events.after": after_events}
    if settings is not None:
        registered["backups.daily"] = _register_backup(broker, settings)
        registered["integrity.verify"] = _register_verify(broker, settings)
    return registered


def _register_backup(broker: AsyncBroker, settings: Settings):
    @broker.task(task_name="backups.daily", schedule=[
        {"cron": f"0 {settings.backup_hour} * * *", "cron_offset": "Europe/Moscow"}])
    async def daily_backup() -> dict:
        result = await backups.run_daily(settings)
        try:
            await status.record_backup(result)
        except Exception as exc:  # the backup stands; the dashboard will say it is missing
            log.error("ALERT: backup result not recorded: %s", type(exc).__name__)
        return {"file": result.backup.path.name if result.backup else None,
                "problem": result.problem,
                "copy_problem": result.copy.problem if result.copy else None}

    return daily_backup


def _register_verify(broker: AsyncBroker, settings: Settings):
    """An hour after the backup, so the day's backup is among those checked."""

    @broker.task(task_name="integrity.verify", schedule=[
        {"cron": f"0 {(settings.backup_hour + 1) % 24} * * *", "cron_offset": "Europe/Moscow"}])
    async def daily_verify() -> dict:
        report = await job.run_verify(settings)
        return {"findings": [str(f) for f in report.findings], "backups": report.backups}

    return daily_verify


@contextlib.asynccontextmanager
async def running_worker(broker: AsyncBroker, *, scheduler: bool = True):
    """Run the receiver (and the cron scheduler) inside this process until the block ends."""
    await broker.startup()
    jobs = []
    if not isinstance(broker, InMemoryBroker):  # in-memory tasks run where they are kicked
        jobs.append(asyncio.create_task(run_receiver_task(broker)))
    if scheduler:
        cron = TaskiqScheduler(broker, sources=[LabelScheduleSource(broker)])
        jobs.append(asyncio.create_task(run_scheduler_task(cron)))
    try:
        yield
    finally:
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        if isinstance(broker, InMemoryBroker):  # let a task the scheduler just kicked finish
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(broker.wait_all(), SHUTDOWN_GRACE)
        await broker.shutdown()
