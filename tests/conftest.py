"""Fixtures over real PostgreSQL and Redis (and the embedded SQLite + in-process store)."""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis
from tortoise import Tortoise, connections

from backend import db
from backend.models import (
    Application,
    AuditEvent,
    Broadcast,
    BroadcastRecipient,
    CannedAnswer,
    CareerTypeCompetency,
    ChannelCursor,
    Competency,
    Consent,
    Consultation,
    ConsultationMessage,
    Event,
    InboxUpdate,
    JournalSeal,
    MaintenanceRun,
    Organization,
    OutboxMessage,
    PasswordHistory,
    Program,
    ProgramSubscription,
    Registration,
    SearchSynonym,
    SignInEvent,
    StaffAccount,
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    User,
)
from backend.services import programs_search
from backend.store import MemoryStore, RedisStore, Store
from dialogs import REGISTRY
from dialogs.engine import Engine
from tests.fakes.telegram import FakeTelegram
from tests.fakes.vk import FakeVk

PG_SERVER = os.environ.get("COPP_TEST_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("COPP_TEST_REDIS", "redis://127.0.0.1:6379/9")
TABLES = [m._meta.db_table for m in (AuditEvent, Consent, InboxUpdate, ChannelCursor, User,
                                     PasswordHistory, SignInEvent, StaffAccount, Program,
                                     Competency, Organization, CareerTypeCompetency,
                                     Application, ProgramSubscription, OutboxMessage, Event,
                                     Registration, Broadcast, BroadcastRecipient, Survey,
                                     SurveyQuestion, SurveyResponse, SurveyParticipation,
                                     SearchSynonym, JournalSeal, MaintenanceRun, Consultation,
                                     ConsultationMessage, CannedAnswer)]
REFERENCE_DATA = importlib.import_module("migrations.0010_competencies_data")


async def create_pg_database(template: str | None = None) -> str:
    """A new database of its own; a copy of another's content with `template` (its URL)."""
    name = f"copp_test_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    admin = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"{copied}')
    finally:
        await admin.close()
    return f"{PG_SERVER}/{name}"


async def drop_pg_database(url: str) -> None:
    admin = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def pg_url():
    """A migrated PostgreSQL database for this test run, dropped at the end."""
    url = asyncio.run(create_pg_database())
    asyncio.run(db.migrate(url))
    yield url
    asyncio.run(drop_pg_database(url))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file; every test gets a fresh copy of it."""
    path = tmp_path_factory.mktemp("embedded") / "template.sqlite3"
    asyncio.run(db.migrate(f"sqlite://{path}"))
    return path


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    copy = tmp_path / "copp.sqlite3"
    shutil.copyfile(sqlite_template, copy)
    return f"sqlite://{copy}"


async def open_clean(url: str) -> None:
    await db.init(url)
    programs_search.invalidate()  # a search snapshot of the previous test's catalog
    if url.startswith("postgres"):  # TRUNCATE is not an UPDATE or DELETE: journals allow it
        await connections.get("default").execute_script(
            f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        await REFERENCE_DATA.load(_Apps(), None)  # competencies, as a fresh database has them


class _Apps:
    """What a data migration's `load` asks for: the models of the running app."""

    @staticmethod
    def get_model(app: str, name: str):
        return Tortoise.apps[app][name]


@dataclass
class Mode:
    name: str
    db_url: str
    store: Store

    def engine(self, **kw) -> Engine:
        return Engine(self.store, REGISTRY, **kw)


async def redis_store() -> RedisStore:
    # A prefix of its own, not FLUSHDB: test runs sharing this Redis (a CI run beside a
    # developer's) must not wipe each other's sessions.
    redis = Redis.from_url(REDIS_URL, decode_responses=True)
    return RedisStore(redis, prefix=f"t{uuid.uuid4().hex[:12]}:")


@pytest.fixture(params=["postgres+redis", "sqlite+memory"])
async def mode(request, pg_url, sqlite_url):
    """The production pairing and the embedded default; every dialog test runs on both."""
    production = request.param == "postgres+redis"
    url = pg_url if production else sqlite_url
    await open_clean(url)
    store = await redis_store() if production else MemoryStore()
    yield Mode(request.param, url, store)
    await store.close()
    await connections.close_all()


@pytest.fixture
async def pg(pg_url):
    """PostgreSQL only: races, leases, the things SQLite cannot show."""
    await open_clean(pg_url)
    yield pg_url
    await connections.close_all()


@pytest.fixture(params=["redis", "memory"])
async def store(request):
    store = await redis_store() if request.param == "redis" else MemoryStore()
    yield store
    await store.close()


# The platform fakes, for conversations that go through a channel.
@pytest.fixture
async def telegram_fake():
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def vk_fake():
    fake = FakeVk()
    await fake.start()
    yield fake
    await fake.close()
