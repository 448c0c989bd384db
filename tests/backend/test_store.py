"""The session store: JSON values with a TTL, in Redis or in process."""

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


async def test_ping_answers(store):
    assert await store.ping()
