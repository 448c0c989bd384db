"""Are the database and the store there? For /healthz, and to tell an outage (wait for them,
then retry) from a failure of one piece of work (count it, give up after a few)."""

from __future__ import annotations

import asyncio
import logging

import asyncpg
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from tortoise import connections
from tortoise.exceptions import DBConnectionError

from backend.store import Store

log = logging.getLogger(__name__)
PROBE_TIMEOUT = 2.0

# What the drivers raise when the server is gone, restarting, full or cut us off. OSError
# covers a refused or reset connection (and asyncpg's "Multiple exceptions" while connecting).
UNAVAILABLE = (
    OSError, asyncio.TimeoutError, RedisConnectionError, RedisTimeoutError, DBConnectionError,
    asyncpg.PostgresConnectionError, asyncpg.InterfaceError, asyncpg.TooManyConnectionsError,
    asyncpg.CannotConnectNowError, asyncpg.AdminShutdownError, asyncpg.CrashShutdownError,
    asyncpg.InternalClientError,  # a connection cut mid-query, reset on its way back to the pool
)


def unavailable(error: BaseException) -> bool:
    """Does this error say the database or the store was not there?"""
    return isinstance(error, UNAVAILABLE)


async def _database() -> bool:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT):
            await connections.get("default").execute_query("SELECT 1")
        return True
    except Exception as exc:  # a probe reports, it does not raise
        log.debug("database probe failed: %s", type(exc).__name__)
        return False


async def _store(store: Store) -> bool:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT):
            return await store.ping()
    except Exception as exc:
        log.debug("store probe failed: %s", type(exc).__name__)
        return False


async def check(store: Store) -> dict[str, bool]:
    """{"database": up?, "store": up?}"""
    database, kept = await asyncio.gather(_database(), _store(store))
    return {"database": database, "store": kept}


async def reachable(store: Store) -> bool:
    return all((await check(store)).values())
