"""The broadcast pace with slots reserved a block at a time: several processes' pacers on one
store never go over the rate in any second, even with their event loops stalling, and a
block costs one store call."""

from __future__ import annotations

import asyncio
import random
import time

from bots.broadcast_sender import MARGIN, Pacer
from tests.broadcasts.test_delivery import busiest_second

RATE = 500.0


class Counting:
    """A store that counts its pace calls."""

    def __init__(self, store) -> None:
        self.store, self.calls = store, 0

    async def pace(self, *args, **kwargs) -> float:
        self.calls += 1
        return await self.store.pace(*args, **kwargs)


async def run_pacers(store, pacers: int, workers: int, seconds: float,
                     stall: bool) -> list[float]:
    """`pacers` processes sharing `store`, each with `workers` calls in flight; the moment each
    call would go out. With `stall`, the loop now and then blocks for up to 40 ms."""
    interval = 1 / (RATE * MARGIN)
    shares = [Pacer(store, "pace-test", interval) for _ in range(pacers)]
    moments: list[float] = []
    deadline = time.monotonic() + seconds
    rng = random.Random(3)

    async def worker(pacer: Pacer) -> None:
        while time.monotonic() < deadline:
            await pacer.wait()
            moments.append(time.monotonic())
            if stall and rng.random() < 0.01:
                time.sleep(rng.random() * 0.04)  # the loop busy elsewhere
            await asyncio.sleep(0)

    await asyncio.gather(*(worker(p) for p in shares for _ in range(workers)))
    return moments


async def test_blocks_of_slots_never_go_over_the_rate(store):
    counting = Counting(store)
    moments = await run_pacers(counting, pacers=2, workers=16, seconds=3.0, stall=False)
    assert busiest_second(moments) <= RATE
    assert len(moments) >= 0.9 * RATE * MARGIN * 3.0, len(moments)
    block = Pacer(store, "x", 1 / (RATE * MARGIN)).block
    assert block >= 5
    assert counting.calls <= len(moments) / block * 1.2 + 4, (counting.calls, len(moments))


async def test_a_stalling_loop_does_not_push_a_second_over_the_rate(store):
    moments = await run_pacers(store, pacers=2, workers=16, seconds=3.0, stall=True)
    assert busiest_second(moments) <= RATE
    assert len(moments) >= 0.7 * RATE * MARGIN * 3.0, len(moments)


async def test_flood_control_holds_every_pacer(store):
    first, second = (Pacer(store, "hold-test", 0.01) for _ in range(2))
    await first.wait()
    await first.hold(0.3)
    began = time.monotonic()
    await second.wait()
    await first.wait()  # its reserved slots were dropped
    assert time.monotonic() - began >= 0.28
