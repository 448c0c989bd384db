"""Prometheus metrics. Counted where things happen (one increment per update, nothing more on
the way); backlogs, broadcast progress and the backup's age are read when /metrics is scraped,
one cheap query each. Every application has a registry of its own, not the global one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.exceptions import RedisError
from tortoise import connections
from tortoise.exceptions import BaseORMException

from backend.models import MaintenanceRun

# From an update's receipt to the end of its handling: a dialog step answers in well under a
# second; a backlog after an outage shows in the upper buckets.
SCRAPE_TIMEOUT = 5.0  # a database too slow for this is reported as not answering
STEP_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)
INBOX_BACKLOG = ("SELECT channel, status, COUNT(*) AS n FROM inbox_updates "
                 "WHERE status IN ('pending', 'processing') GROUP BY channel, status")
OUTBOX_BACKLOG = ("SELECT platform, status, COUNT(*) AS n FROM outbox_messages "
                  "WHERE status IN ('pending', 'sending') GROUP BY platform, status")
BROADCAST_PROGRESS = (
    "SELECT r.broadcast_id, r.state, COUNT(*) AS n FROM broadcast_recipients r "
    "JOIN broadcasts b ON b.id = r.broadcast_id AND b.status IN ('sending', 'paused') "
    "GROUP BY r.broadcast_id, r.state")
# A recipient's state, as sent, failed or pending.
PROGRESS = {"pending": "pending", "sending": "pending", "sent": "sent", "failed": "failed",
            "blocked": "failed", "unknown": "failed"}


def dependency_of(error: BaseException) -> str:
    """Which dependency an error came from: "store" (Redis), "database", or "unknown"."""
    if isinstance(error, RedisError):
        return "store"
    if isinstance(error, (asyncpg.PostgresError, asyncpg.InterfaceError,
                          BaseORMException)):
        return "database"
    return "unknown"


@dataclass(frozen=True)
class ChannelMetrics:
    """One channel's children of the labelled metrics, bound once."""

    received: Counter
    handled: Counter
    failed: Counter
    step_seconds: Histogram

    def handled_since(self, received_at: datetime | None) -> None:
        self.handled.inc()
        if received_at is not None:
            self.step_seconds.observe(max(0.0, (datetime.now(UTC) - received_at)
                                          .total_seconds()))


@dataclass
class State:
    """What the last scrape read from the database."""

    inbox: dict[tuple[str, str], int] = field(default_factory=dict)
    outbox: dict[tuple[str, str], int] = field(default_factory=dict)
    broadcasts: dict[tuple[str, str], int] = field(default_factory=dict)
    backup_age: float | None = None
    backup_ok: bool | None = None


class _StateCollector(Collector):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        state = self.metrics.state
        inbox = GaugeMetricFamily("copp_inbox_backlog", "Updates stored and not yet handled",
                                  labels=["channel", "status"])
        for (channel, status), count in sorted(state.inbox.items()):
            inbox.add_metric([channel, status], count)
        outbox = GaugeMetricFamily("copp_outbox_backlog", "Notices queued and not yet sent",
                                   labels=["channel", "status"])
        for (channel, status), count in sorted(state.outbox.items()):
            outbox.add_metric([channel, status], count)
        progress = GaugeMetricFamily(
            "copp_broadcast_recipients", "Recipients of running or paused broadcasts",
            labels=["broadcast", "state"])
        for (broadcast, kind), count in sorted(state.broadcasts.items()):
            progress.add_metric([broadcast, kind], count)
        yield from (inbox, outbox, progress)
        if state.backup_age is not None:
            yield GaugeMetricFamily("copp_backup_age_seconds",
                                    "Seconds since the last backup file was made",
                                    value=state.backup_age)
        if state.backup_ok is not None:
            yield GaugeMetricFamily("copp_backup_last_run_ok",
                                    "1 if the last backup run (with its copy) succeeded",
                                    value=float(state.backup_ok))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.received = Counter("copp_updates_received", "Updates stored in the inbox",
                                ["channel"], registry=self.registry)
        self.handled = Counter("copp_updates_handled", "Updates handled", ["channel"],
                               registry=self.registry)
        self.failed = Counter(
            "copp_updates_failed",
            "Updates whose handling failed (not because the database or the store was away)",
            ["channel"], registry=self.registry)
        self.step_seconds = Histogram(
            "copp_dialog_step_seconds", "From an update's receipt to the end of its handling",
            ["channel"], buckets=STEP_BUCKETS, registry=self.registry)
        self.dependency_errors = Counter(
            "copp_dependency_errors",
            "Failures because the database or the store was unavailable",
            ["dependency"], registry=self.registry)
        for dependency in ("database", "store"):  # shown at 0 before the first
            self.dependency_errors.labels(dependency)
        self.state = State()
        self.registry.register(_StateCollector(self))

    def channel(self, name: str) -> ChannelMetrics:
        return ChannelMetrics(self.received.labels(name), self.handled.labels(name),
                              self.failed.labels(name), self.step_seconds.labels(name))

    def unavailable(self, error: BaseException) -> None:
        self.dependency_errors.labels(dependency_of(error)).inc()

    async def read_state(self, now: datetime | None = None) -> bool:
        """Read backlogs, broadcast progress and the backup's age; False if the database did
        not answer (the previous figures are then dropped rather than shown as current)."""
        try:
            async with asyncio.timeout(SCRAPE_TIMEOUT):
                self.state = await _state(now or datetime.now(UTC))
        except Exception:  # a scrape reports, it does not fail
            self.state = State()
            self.dependency_errors.labels("database").inc()
            return False
        return True


async def _state(now: datetime) -> State:
    conn = connections.get("default")
    state = State()
    for row in await conn.execute_query_dict(INBOX_BACKLOG):
        state.inbox[(row["channel"], row["status"])] = row["n"]
    for row in await conn.execute_query_dict(OUTBOX_BACKLOG):
        state.outbox[(row["platform"], row["status"])] = row["n"]
    for row in await conn.execute_query_dict(BROADCAST_PROGRESS):
        kind = PROGRESS.get(row["state"], "pending")
        key = (str(row["broadcast_id"]), kind)
        state.broadcasts[key] = state.broadcasts.get(key, 0) + row["n"]
    runs = await MaintenanceRun.filter(kind="backup").order_by("-finished_at", "-id").limit(10)
    if runs:
        state.backup_ok = runs[0].ok
    made = next((run for run in runs if run.ok or (run.details or {}).get("file")), None)
    if made is not None:
        state.backup_age = max(0.0, (now - made.finished_at).total_seconds())
    return state
