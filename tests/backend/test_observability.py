"""/metrics (who may read it, what it counts), /readyz, and JSON log lines."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from tortoise import connections

from backend import db, logs, probes
from backend.app import create_app
from backend.keys import METRICS
from backend.metrics import Metrics
from backend.models import Broadcast, BroadcastRecipient, MaintenanceRun, OutboxMessage
from backend.services import inbox
from backend.settings import ConfigError, Settings
from bots.telegram.channel import WEBHOOK_PATH, TelegramChannel
from dialogs import REGISTRY
from tests.bots.helpers import served
from tests.fakes.telegram import TOKEN

TOKEN_FOR_METRICS = "scrape-me-0123456789"
SECRET = "s3cr3t-token_ok"
CHAT = 5151


@contextlib.asynccontextmanager
async def client(mode, **settings):
    app = create_app(Settings(**settings), mode.store)
    test_client = TestClient(TestServer(app))
    await test_client.start_server()
    try:
        yield test_client
    finally:
        await test_client.close()


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a scrape."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def scrape(test_client, **headers) -> dict:
    async with test_client.get("/metrics", headers=headers) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/plain"
        return samples(await response.text())


# ---- who may read /metrics ------------------------------------------------------------------

async def test_metrics_from_an_allowed_address(mode):
    async with client(mode) as test_client:  # the test client comes from 127.0.0.1
        figures = await scrape(test_client)
    assert figures[("copp_dependency_errors_total", (("dependency", "database"),))] == 0
    assert figures[("copp_dependency_errors_total", (("dependency", "store"),))] == 0


async def test_metrics_in_the_format_the_scraper_asks_for(mode):
    async with client(mode) as test_client:
        async with test_client.get("/metrics") as response:
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        accept = {"Accept": "application/openmetrics-text;version=1.0.0"}
        async with test_client.get("/metrics", headers=accept) as response:
            assert response.content_type == "application/openmetrics-text"
            assert (await response.text()).endswith("# EOF\n")


async def test_metrics_refused_to_other_addresses_unless_the_token_is_shown(mode):
    async with client(mode, metrics_allow="10.0.0.0/8, 192.168.1.7",
                      metrics_token=TOKEN_FOR_METRICS) as test_client:
        async with test_client.get("/metrics") as response:
            assert response.status == 403
        async with test_client.get("/metrics", headers={"Authorization": "Bearer wrong"}) as r:
            assert r.status == 403
        await scrape(test_client, Authorization=f"Bearer {TOKEN_FOR_METRICS}")


async def test_metrics_through_a_proxy_need_the_token(mode):
    """Behind nginx every request comes from 127.0.0.1: the address proves nothing then."""
    async with client(mode) as test_client:
        async with test_client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}) as r:
            assert r.status == 403
    async with client(mode, metrics_token=TOKEN_FOR_METRICS) as test_client:
        await scrape(test_client, **{"X-Forwarded-For": "203.0.113.9",
                                     "Authorization": f"Bearer {TOKEN_FOR_METRICS}"})


def test_metrics_address_list_is_checked_at_start(monkeypatch):
    monkeypatch.setenv("COPP_METRICS_ALLOW", "127.0.0.1,localhost")
    with pytest.raises(ConfigError, match="COPP_METRICS_ALLOW: 'localhost' is not an IP"):
        Settings.from_env()


def test_each_app_has_a_registry_of_its_own():
    first, second = Metrics(), Metrics()
    first.channel("telegram").received.inc()
    assert first.registry.get_sample_value("copp_updates_received_total",
                                           {"channel": "telegram"}) == 1
    assert second.registry.get_sample_value("copp_updates_received_total",
                                            {"channel": "telegram"}) is None


# ---- what it counts -------------------------------------------------------------------------

@contextlib.asynccontextmanager
async def telegram_webhook(mode, fake):
    settings = Settings(telegram_token=TOKEN, telegram_api_url=fake.url,
                        telegram_mode="webhook", telegram_webhook_secret=SECRET,
                        public_url="http://127.0.0.1:1")
    app = create_app(settings, mode.store)
    channel = TelegramChannel(settings, mode.engine(), mode.store, REGISTRY, poll_timeout=1,
                              metrics=app[METRICS])
    app.router.add_post(WEBHOOK_PATH, channel.webhook)
    async with served(app) as url:
        channel.settings = settings.model_copy(update={"public_url": url})
        await channel.start()
        try:
            yield app, channel, url
        finally:
            await channel.stop()


async def test_a_webhook_update_is_counted_received_and_handled_with_its_time(
        mode, telegram_fake):
    async with telegram_webhook(mode, telegram_fake) as (app, channel, url):
        await telegram_fake.send_text(CHAT, "/start")
        await telegram_fake.wait_for(lambda: telegram_fake.chat(CHAT))
        await channel.runner.idle()
        registry = app[METRICS].registry
        labels = {"channel": "telegram"}
        assert registry.get_sample_value("copp_updates_received_total", labels) == 1
        assert registry.get_sample_value("copp_updates_handled_total", labels) == 1
        assert registry.get_sample_value("copp_updates_failed_total", labels) in (None, 0)
        assert registry.get_sample_value("copp_dialog_step_seconds_count", labels) == 1
        assert 0 < registry.get_sample_value("copp_dialog_step_seconds_sum", labels) < 30
        await telegram_fake.deliver(await telegram_fake.send_text(CHAT, "/help"))  # twice
        await channel.runner.idle()
        assert registry.get_sample_value("copp_updates_received_total", labels) == 2
        assert registry.get_sample_value("copp_updates_handled_total", labels) == 2


async def test_a_failing_update_is_counted_failed(mode):
    from bots.inbox_runner import InboxRunner

    async def broken(update):
        raise ValueError("a bug")

    metrics = Metrics()
    runner = InboxRunner("vk", broken, mode.store, metrics=metrics)
    assert await runner.accept("k1", "vk:1", {"text": "hi"})
    await runner.idle()
    labels = {"channel": "vk"}
    assert metrics.registry.get_sample_value("copp_updates_received_total", labels) == 1
    assert metrics.registry.get_sample_value("copp_updates_failed_total", labels) == 1
    assert metrics.registry.get_sample_value("copp_updates_handled_total", labels) == 0


async def test_backlogs_broadcast_progress_and_backup_age_are_read_at_scrape(mode):
    for number in range(3):
        assert await inbox.accept("telegram", f"u{number}", f"tg:{number}", {"n": number})
    assert await inbox.accept("vk", "v1", "vk:1", {"n": 1})
    await OutboxMessage.create(platform="telegram", address="1", key="n1", text="x")
    await OutboxMessage.create(platform="telegram", address="2", key="n2", text="x",
                               status="sent")
    running = await Broadcast.create(title="t", text="x", status="sending", created_by="t")
    finished = await Broadcast.create(title="d", text="x", status="done", created_by="t")
    for user_id, state in enumerate(("sent", "sent", "blocked", "pending", "sending")):
        await BroadcastRecipient.create(broadcast=running, user_id=user_id, platform="telegram",
                                        address=str(user_id), state=state)
    await BroadcastRecipient.create(broadcast=finished, user_id=9, platform="vk", address="9",
                                    state="sent")
    made = datetime.now(UTC) - timedelta(hours=5)
    await MaintenanceRun.create(kind="backup", ok=True, finished_at=made,
                                details={"file": "copp-x.dump"})
    async with client(mode) as test_client:
        figures = await scrape(test_client)
    assert figures[("copp_inbox_backlog", (("channel", "telegram"), ("status", "pending")))] == 3
    assert figures[("copp_inbox_backlog", (("channel", "vk"), ("status", "pending")))] == 1
    assert figures[("copp_outbox_backlog", (("channel", "telegram"), ("status", "pending")))] \
        == 1
    progress = {dict(labels)["state"]: value for (name, labels), value in figures.items()
                if name == "copp_broadcast_recipients"
                and dict(labels)["broadcast"] == str(running.id)}
    assert progress == {"sent": 2, "failed": 1, "pending": 2}
    assert not any(dict(labels).get("broadcast") == str(finished.id) for _, labels in figures)
    age = figures[("copp_backup_age_seconds", ())]
    assert 5 * 3600 - 5 < age < 5 * 3600 + 60
    assert figures[("copp_backup_last_run_ok", ())] == 1


async def test_no_backup_yet_means_no_age_rather_than_zero(mode):
    async with client(mode) as test_client:
        figures = await scrape(test_client)
    assert ("copp_backup_age_seconds", ()) not in figures
    assert ("copp_backup_last_run_ok", ()) not in figures
    assert not [name for name, _ in figures if name.endswith("_backlog")]


# ---- /readyz ------------------------------------------------------------------------------

async def ready(test_client) -> tuple[int, dict]:
    async with test_client.get("/readyz") as response:
        return response.status, await response.json()


async def test_ready_on_a_migrated_database(mode):
    async with client(mode) as test_client:
        assert await ready(test_client) == (200, {"status": "ready", "database": "ok",
                                                  "store": "ok", "migrations": "ok"})
        async with test_client.get("/healthz") as response:
            assert (response.status, await response.json()) == (200, {"status": "ok"})


async def test_not_ready_when_the_database_is_unreachable(mode, tmp_path):
    await connections.close_all()
    if mode.name.startswith("postgres"):  # nothing listens on that port
        await db.init("postgres://postgres@127.0.0.1:1/nothing")
    else:  # a file that is no database
        (tmp_path / "gone.sqlite3").write_bytes(b"not a database, " * 512)
        await db.init(f"sqlite://{tmp_path / 'gone.sqlite3'}")
    try:
        async with client(mode) as test_client:
            status, body = await ready(test_client)
            assert status == 503
            assert body == {"status": "not ready", "database": "unavailable", "store": "ok"}
            figures = await scrape(test_client)  # the scrape still answers
            assert figures[("copp_dependency_errors_total", (("dependency", "database"),))] == 2
            assert ("copp_backup_age_seconds", ()) not in figures
            async with test_client.get("/healthz") as response:
                assert response.status == 200  # alive all the same
    finally:
        await connections.close_all()


async def test_not_ready_when_a_migration_is_missing(mode):
    conn = connections.get("default")
    latest = probes.code_migration()
    rows = await conn.execute_query_dict(
        "SELECT * FROM tortoise_migrations WHERE app = 'models' AND name = "
        + ("$1" if mode.name.startswith("postgres") else "?"), [latest])
    assert len(rows) == 1
    row = rows[0]
    columns = [name for name in row if name != "id"]
    marks = db.placeholders(len(columns))
    await conn.execute_query("DELETE FROM tortoise_migrations WHERE name = " + marks[0],
                             [latest])
    try:
        async with client(mode) as test_client:
            status, body = await ready(test_client)
        assert status == 503
        assert body["migrations"].startswith("applied 00") and body["migrations"].endswith(
            f"code has {latest}")
        assert body["database"] == "ok"
    finally:  # the PostgreSQL database is shared by the whole run
        await conn.execute_query(
            f"INSERT INTO tortoise_migrations ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join(marks)})", [row[name] for name in columns])


async def test_ready_when_a_newer_release_has_migrated_ahead(mode):
    """Upgrade, step 3: the new release migrated; this one keeps serving until switched."""
    conn = connections.get("default")
    latest = probes.code_migration()
    row = (await conn.execute_query_dict(
        "SELECT * FROM tortoise_migrations WHERE name = " + db.placeholders(1)[0], [latest]))[0]
    columns = [name for name in row if name != "id"]
    newer = {**row, "name": "9999_next_release"}
    await conn.execute_query(
        f"INSERT INTO tortoise_migrations ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(db.placeholders(len(columns)))})", [newer[name] for name in columns])
    try:
        async with client(mode) as test_client:
            assert await ready(test_client) == (200, {
                "status": "ready", "database": "ok", "store": "ok", "migrations": "ok",
                "newer_migrations": "9999_next_release"})
    finally:  # the PostgreSQL database is shared by the whole run
        await conn.execute_query("DELETE FROM tortoise_migrations WHERE name = "
                                 + db.placeholders(1)[0], ["9999_next_release"])


# ---- JSON log lines -----------------------------------------------------------------------

def test_json_lines_carry_time_level_logger_message_and_exception():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    logger = logging.getLogger("copp.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("inbox: %s waits", "telegram:1")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception("update %s failed", 7)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["level"] == "WARNING" and first["logger"] == "copp.test.json"
    assert first["message"] == "inbox: telegram:1 waits"
    assert datetime.fromisoformat(first["time"]).tzinfo is not None
    assert second["message"] == "update 7 failed"
    assert "RuntimeError: boom" in second["exception"] and "Traceback" in second["exception"]


async def test_json_logs_of_a_handled_update_hold_no_name_or_phone(mode, telegram_fake):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    person = {"id": CHAT, "is_bot": False, "first_name": "Анастасия",
              "last_name": "Верещагина", "username": "nastya_v", "language_code": "ru"}
    try:
        async with telegram_webhook(mode, telegram_fake) as (_, channel, _):
            await telegram_fake.deliver({"update_id": 77, "message": {
                "message_id": 1, "date": 0, "chat": {"id": CHAT, "type": "private"},
                "from": person, "text": "/start"}})
            await telegram_fake.deliver({"update_id": 78, "message": {
                "message_id": 2, "date": 0, "chat": {"id": CHAT, "type": "private"},
                "from": person, "text": "Верещагина Анастасия +7 911 555-01-23"}})
            await telegram_fake.deliver({"update_id": 79, "message": {
                "message_id": 3, "date": 0, "chat": {"id": CHAT, "type": "private"},
                "from": person, "contact": {"phone_number": "+79115550123",
                                            "first_name": "Анастасия", "user_id": CHAT}}})
            await telegram_fake.wait_for(lambda: len(telegram_fake.chat(CHAT)) >= 1)
            await channel.runner.idle()
            logging.getLogger("copp.test").warning("handled for %s", "the test")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = stream.getvalue().splitlines()
    assert lines, "nothing was logged"
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(record)
        logged = json.dumps({k: v for k, v in record.items() if k != "time"}, ensure_ascii=False)
        for personal in ("Анастасия", "Верещагина", "nastya_v", "555", "79115550123"):
            assert personal not in logged  # not in the time: its milliseconds may read 555


async def test_an_outage_is_counted_as_a_dependency_error_not_a_failed_update(mode):
    import asyncio

    from redis.exceptions import ConnectionError as RedisConnectionError

    from bots.inbox_runner import InboxRunner

    calls = []
    again = asyncio.Event()

    async def store_gone_once(update):
        calls.append(update.key)
        if len(calls) == 1:
            raise RedisConnectionError("Connection refused")
        again.set()

    metrics = Metrics()
    runner = InboxRunner("telegram", store_gone_once, mode.store, metrics=metrics)
    assert await runner.accept("k1", "tg:1", {"text": "hi"})
    value = metrics.registry.get_sample_value
    labels = {"channel": "telegram"}
    try:
        async with asyncio.timeout(15):  # the outage ends at the next probe; the sweep retries
            await again.wait()
            await runner.idle()
    finally:
        await runner.stop(1)
    assert value("copp_dependency_errors_total", {"dependency": "store"}) == 1
    assert value("copp_updates_failed_total", labels) == 0
    assert value("copp_updates_received_total", labels) == 1
    assert value("copp_updates_handled_total", labels) == 1
    assert value("copp_dialog_step_seconds_count", labels) == 1
