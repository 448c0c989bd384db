"""Residents writing to the Telegram webhook at a steady pace, whatever the bot is going through.

The test plays Telegram: a resident's updates are posted one after another, each until the
bot acknowledges it with a 200 (as Telegram redelivers), and the local Bot API server notes
every reply with its time. Updates of one resident are answered in order, so a chat's
replies must read as the replies to its updates, one after another: anything lost, repeated
or unexpected shows when the chat is read back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass

import aiohttp

from bots.telegram.channel import SECRET_HEADER
from tests.fakes.telegram import FakeTelegram

REDELIVERY = 0.5  # seconds before an unacknowledged update is posted again


class ClockedTelegram(FakeTelegram):
    """The Bot API server, noting when each chat got each reply."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.replies: dict[int, list[tuple[float, str]]] = {}

    async def api_sendMessage(self, params) -> dict:
        result = await super().api_sendMessage(params)
        self.replies.setdefault(int(params["chat_id"]), []).append(
            (time.monotonic(), params["text"]))
        return result


@dataclass
class Update:
    chat: int
    text: str
    posted: float
    acknowledged: float | None = None


@dataclass
class Residents:
    """`count` residents, each sending `rate` messages a second from a script, in turn."""

    telegram: ClockedTelegram
    hooks: list[str]  # webhook addresses, taken in turn (several processes behind a balancer)
    secret: str
    count: int = 16
    rate: float = 4.0
    first_chat: int = 70_000

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._hooks = itertools.cycle(self.hooks)
        self._http: aiohttp.ClientSession | None = None
        self._queues: dict[int, asyncio.Queue] = {}
        self._posters: list[asyncio.Task] = []
        self.updates: list[Update] = []  # of the current run
        self.answers: dict[str, list[list[str]]] = {}  # text → the reply sequences it may get
        self.taken_by: dict[str, int] = {}  # webhook address → updates it acknowledged
        self._read_from: dict[int, int] = {}  # chat → its first reply in the current run

    @property
    def chats(self) -> range:
        return range(self.first_chat, self.first_chat + self.count)

    def replies(self, chat: int) -> list[tuple[float, str]]:
        return self.telegram.replies.get(chat, [])

    async def __aenter__(self) -> Residents:
        self._http = aiohttp.ClientSession()
        for chat in self.chats:
            self._queues[chat] = asyncio.Queue()
            self._posters.append(asyncio.create_task(self._poster(chat)))
        return self

    async def __aexit__(self, *exc) -> None:
        for task in self._posters:
            task.cancel()
        await asyncio.gather(*self._posters, return_exceptions=True)
        await self._http.close()

    def _update(self, chat: int, text: str) -> dict:
        update_id = next(self._ids)
        message = {"message_id": update_id, "date": int(time.time()), "text": text,
                   "chat": {"id": chat, "type": "private"},
                   "from": {"id": chat, "is_bot": False, "first_name": "R"}}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return {"update_id": update_id, "message": message}

    async def _poster(self, chat: int) -> None:
        """One chat's updates, in order: the next only once the bot took the previous one,
        which is posted again until it does."""
        queue = self._queues[chat]
        while True:
            update, record = await queue.get()
            body = json.dumps(update)
            while record.acknowledged is None:
                hook = next(self._hooks)
                try:
                    async with self._http.post(hook, data=body,
                                               headers={SECRET_HEADER: self.secret}) as response:
                        if response.status == 200:
                            record.acknowledged = time.monotonic()
                            self.taken_by[hook] = self.taken_by.get(hook, 0) + 1
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(REDELIVERY)

    def send(self, chat: int, text: str) -> Update:
        record = Update(chat, text, time.monotonic())
        self.updates.append(record)
        self._queues[chat].put_nowait((self._update(chat, text), record))
        return record

    async def say(self, chat: int, text: str, timeout: float = 30) -> list[str]:
        """Send one message and wait until the replies stop coming; return them."""
        before = len(self.replies(chat))
        self.send(chat, text)
        await self.telegram.wait_for(lambda: len(self.replies(chat)) > before, timeout)
        while True:  # a message may be answered with several
            count = len(self.replies(chat))
            await asyncio.sleep(0.3)
            if len(self.replies(chat)) == count:
                return [text for _, text in self.replies(chat)[before:]]

    async def prepare(self, conversation: list[str], script: list[str]) -> None:
        """Every resident has `conversation` (onboarding), then the script once, while all
        is well, to learn the replies to each of its texts."""
        async def one(chat: int) -> None:
            for text in conversation:
                await self.say(chat, text)
            for text in script:
                replies = await self.say(chat, text)
                if replies not in self.answers.setdefault(text, []):
                    self.answers[text].append(replies)

        await asyncio.gather(*(one(chat) for chat in self.chats))

    async def run(self, script: list[str], seconds: float) -> None:
        """Each resident sends the script's texts in turn at `rate` a second, for `seconds`."""
        self.updates = []
        self._read_from = {chat: len(self.replies(chat)) for chat in self.chats}

        async def one(i: int, chat: int) -> None:
            # Staggered, so that at any moment residents are at every point of the script.
            await asyncio.sleep((i / self.count + i % len(script)) / self.rate)
            for n in range(int(seconds * self.rate)):
                self.send(chat, script[n % len(script)])
                await asyncio.sleep(1 / self.rate)

        await asyncio.gather(*(one(i, chat) for i, chat in enumerate(self.chats)))

    def _read_back(self, chat: int) -> tuple[list[float], int]:
        """When each of the chat's updates was answered (as far as its replies read as
        answers to them), and how many replies are left over."""
        replies = self.replies(chat)[self._read_from[chat]:]
        position, answered = 0, []
        for update in (u for u in self.updates if u.chat == chat):
            texts = [text for _, text in replies[position:]]
            match = next((a for a in self.answers[update.text] if texts[:len(a)] == a), None)
            if match is None:
                break
            position += len(match)
            answered.append(replies[position - 1][0])
        return answered, len(replies) - position

    async def settle(self, timeout: float = 60) -> None:
        """Wait until every update was acknowledged and answered."""
        def done() -> bool:
            return all(u.acknowledged for u in self.updates) and all(
                len(self._read_back(chat)[0]) == sum(u.chat == chat for u in self.updates)
                for chat in self.chats)

        try:
            await self.telegram.wait_for(done, timeout)
        except TimeoutError:
            pass  # the report says what is missing
        await asyncio.sleep(1.0)  # late duplicates would arrive now

    def times_said(self, reply: str) -> int:
        """How often the bot said `reply` in the current run."""
        return sum(text == reply for chat in self.chats
                   for _, text in self.replies(chat)[self._read_from[chat]:])

    def puzzles(self) -> list[str]:
        """Where each chat stops reading as answers to its updates, for a failure report."""
        lines = []
        for chat in self.chats:
            answered, rest = self._read_back(chat)
            sent = [u.text for u in self.updates if u.chat == chat]
            if len(answered) < len(sent) or rest:
                replies = self.replies(chat)[self._read_from[chat]:]
                position = len(replies) - rest
                lines.append(f"chat {chat}: {len(answered)} of {len(sent)} answered; next sent "
                             f"{sent[len(answered):][:3]}, next replies "
                             f"{[text[:40] for _, text in replies[position:position + 4]]}")
        return lines

    def report(self, recovered: float) -> dict:
        """Updates unanswered, replies left over (repeated or unexpected), and how long after
        `recovered` (or after being sent, if later) the slowest update was answered."""
        unanswered = left_over = 0
        slowest = 0.0
        for chat in self.chats:
            answered, rest = self._read_back(chat)
            sent = [u for u in self.updates if u.chat == chat]
            unanswered += len(sent) - len(answered)
            left_over += rest
            for update, at in zip(sent, answered, strict=False):
                slowest = max(slowest, at - max(update.posted, recovered))
        return {"updates": len(self.updates),
                "acknowledged": sum(1 for u in self.updates if u.acknowledged),
                "unanswered": unanswered, "left_over_replies": left_over,
                "answered_within_s_of_recovery": round(slowest, 1)}
