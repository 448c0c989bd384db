"""The web chat's abuse limits, in this process: frames a connection and an address may send
(token buckets: a burst, then a steady rate) and connections an address may hold open."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Bucket:
    """`burst` frames at once, then `rate` a second."""

    burst: float
    rate: float
    tokens: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def take(self, now: float) -> bool:
        if self.tokens < 0:
            self.tokens = self.burst
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass(frozen=True)
class Limits:
    frame_burst: int = 20  # one connection: 20 frames at once, then 4 a second (240 a minute)
    frame_rate: float = 4.0
    address_burst: int = 100  # one address, all its connections: 100 at once, then 20 a second
    address_rate: float = 20.0
    connections: int = 20  # open at once from one address
    strikes: int = 20  # refused frames in a row before the connection is closed

    @classmethod
    def of(cls, rate: float, connections: int) -> Limits:
        """From the settings: a connection's steady rate, bursts of 5× it, an address 5× that."""
        return cls(frame_burst=max(1, round(rate * 5)), frame_rate=rate,
                   address_burst=max(1, round(rate * 25)), address_rate=rate * 5,
                   connections=connections)


class Guard:
    """Counts per address; forgets an address once it has no connection open."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._open: dict[str, int] = {}
        self._buckets: dict[str, Bucket] = {}

    def open(self, address: str) -> bool:
        """Room for one more connection from this address (then it is counted)."""
        if self._open.get(address, 0) >= self.limits.connections:
            return False
        self._open[address] = self._open.get(address, 0) + 1
        return True

    def close(self, address: str) -> None:
        left = self._open.get(address, 1) - 1
        if left > 0:
            self._open[address] = left
        else:
            self._open.pop(address, None)
            self._buckets.pop(address, None)

    def connection_bucket(self) -> Bucket:
        return Bucket(self.limits.frame_burst, self.limits.frame_rate)

    def allow(self, address: str, bucket: Bucket) -> bool:
        """Whether a frame may pass: its connection's and its address's buckets both agree."""
        now = time.monotonic()
        shared = self._buckets.setdefault(
            address, Bucket(self.limits.address_burst, self.limits.address_rate))
        return bucket.take(now) and shared.take(now)
