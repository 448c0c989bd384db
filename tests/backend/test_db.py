"""One process, two engines: what the test run itself does, file after file."""

import uuid

from tortoise import connections

from backend import db
from backend.models import Municipality
from tests.conftest import create_pg_database, drop_pg_database


async def test_postgres_migrates_and_writes_after_sqlite_in_the_same_process(sqlite_url):
    async with db.database(sqlite_url):
        await Municipality.create(name=f"SQLite {uuid.uuid4().hex[:6]}", kind="k", centre="c",
                                  position=1000)
    url = await create_pg_database()
    try:
        await db.migrate(url)  # its data migration inserts municipalities
        async with db.database(url):
            await Municipality.create(name="Новый округ", kind="k", centre="c", position=1000)
            assert await Municipality.filter(name="Новый округ").count() == 1
            assert connections.get("default").capabilities.dialect == "postgres"
    finally:
        await drop_pg_database(url)

