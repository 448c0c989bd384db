"""Server-side admin sessions in the store (Redis, or in-process): revocable, time-limited."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from backend.store import Store

PREFIX = "admin:session:"


@dataclass
class AdminSession:
    id: str
    account_id: int
    epoch: int
    csrf: str
    created: float
    seen: float


class Sessions:
    def __init__(self, store: Store, idle_seconds: float, absolute_seconds: float) -> None:
        self.store = store
        self.idle = idle_seconds
        self.absolute = absolute_seconds

    async def create(self, account_id: int, epoch: int) -> AdminSession:
        """Always a new id at sign-in (no session fixation)."""
        now = time.time()
        session = AdminSession(secrets.token_urlsafe(32), account_id, epoch,
                               secrets.token_urlsafe(32), now, now)
        await self.store.set(PREFIX + session.id, asdict(session), self.idle)
        return session

    async def load(self, session_id: str) -> AdminSession | None:
        """The live session, touched; None when unknown, idle too long or too old."""
        if not session_id or len(session_id) > 100:
            return None
        raw = await self.store.get(PREFIX + session_id)
        if raw is None:
            return None
        session = AdminSession(**raw)
        now = time.time()
        if now - session.created > self.absolute or now - session.seen > self.idle:
            await self.end(session_id)
            return None
        session.seen = now
        await self.store.set(PREFIX + session.id, asdict(session), self.idle)
        return session

    async def end(self, session_id: str) -> None:
        await self.store.delete(PREFIX + session_id)
