"""The session store: JSON values with a TTL and a per-key lock, in Redis or in process."""

import asyncio

import pytest


async def test_values_round_trip_as_json(store):
    await store.set("k", {"a": [1, "я", None], "b": True}, ttl=60)
    assert await store.get("k") == {"a": [1, "я", None], "b": True}
    await store.delete("k")
    assert await store.get("k") is None


async def test_values_expire(store):
    await store.set("k", 1, ttl=0.05)
    await asyncio.sleep(0.1)
    assert await store.get("k") is None


async def test_what_json_cannot_hold_is_refused(store):
    with pytest.raises(TypeError):
        await store.set("k", {"when": object()}, ttl=60)


async def test_lock_serializes_holders(store):
    order = []

    async def hold(name):
        async with store.lock("user:1"):
            order.append(f"{name}-in")
            await asyncio.sleep(0.02)
            order.append(f"{name}-out")

    await asyncio.gather(hold("a"), hold("b"))
    assert order in (["a-in", "a-out", "b-in", "b-out"], ["b-in", "b-out", "a-in", "a-out"])
    assert await store.ping()
