"""Key-value store for rebuildable state: dialog sessions, paces. Redis, or in-process."""

from __future__ import annotations

import json
import time
from typing import Any, Protocol

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class Store(Protocol):
    async def get(self, key: str) -> Any | None: ...
    async def set(self, key: str, value: Any, ttl: float) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def pace(self, key: str, interval: float, hold: float = 0.0,
                   count: int = 1) -> float: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class MemoryStore:
    """Single-process store. Values go through JSON, so nothing Redis could not hold slips in."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, float]] = {}
        self._paces: dict[str, float] = {}

    async def get(self, key: str) -> Any | None:
        item = self._data.get(key)
        if item is None:
            return None
        raw, expires = item
        if expires <= time.monotonic():
            del self._data[key]
            return None
        return json.loads(raw)

    async def set(self, key: str, value: Any, ttl: float) -> None:
        self._data[key] = (json.dumps(value), time.monotonic() + ttl)

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def pace(self, key: str, interval: float, hold: float = 0.0,
                   count: int = 1) -> float:
        """Reserve the next `count` slots of a paced action, `interval` apart; seconds to wait
        for the first (GCRA, no bursts: the next caller's first slot follows the last).

        `hold` pushes every later slot back by that many seconds (a 429's retry_after).
        """
        now = time.monotonic()
        start = max(self._paces.get(key, 0.0), now + hold)
        self._paces[key] = start + interval * count
        return start - now

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()


# `count` slots, spaced `interval` apart on Redis's own clock, whichever process asks.
_PACE = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[2]))
local next = start + tonumber(ARGV[1]) * tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%.6f', next), 'PX',
           math.ceil((next - now) * 1000) + 60000)
return string.format('%.6f', start - now)
"""


class RedisStore:
    """Shared store for several processes; values are JSON strings with a TTL."""

    def __init__(self, redis: Redis, prefix: str = "copp:") -> None:
        self.redis = redis
        self.prefix = prefix
        self._pace = redis.register_script(_PACE)  # EVALSHA, the script sent once

    @classmethod
    def from_url(cls, url: str, max_connections: int = 64) -> RedisStore:
        # A blocking pool waits for a free connection under load instead of raising. After a
        # restart of Redis every pooled connection is dead: a retry on a new one hides that.
        pool = BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=10, decode_responses=True,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
            retry_on_error=[RedisConnectionError, RedisTimeoutError])
        return cls(Redis(connection_pool=pool))

    async def get(self, key: str) -> Any | None:
        raw = await self.redis.get(self.prefix + key)
        return None if raw is None else json.loads(raw)

    async def set(self, key: str, value: Any, ttl: float) -> None:
        await self.redis.set(self.prefix + key, json.dumps(value), px=int(ttl * 1000))

    async def delete(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)

    async def pace(self, key: str, interval: float, hold: float = 0.0,
                   count: int = 1) -> float:
        """As MemoryStore.pace, shared by every process on this Redis."""
        wait = await self._pace(keys=[self.prefix + "pace:" + key],
                                args=[f"{interval:.6f}", f"{hold:.6f}", count])
        return float(wait)

    async def ping(self) -> bool:
        return bool(await self.redis.ping())

    async def close(self) -> None:
        await self.redis.aclose()


def make_store(redis_url: str | None) -> Store:
    return RedisStore.from_url(redis_url) if redis_url else MemoryStore()
