"""SIGTERM (what systemd sends on `systemctl restart`, step 4 of the upgrade): `copp web`
finishes the updates it has taken before it exits, well within the grace period, and exits 0."""

from __future__ import annotations

import asyncio
import json
import signal
import time

import aiohttp

from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.service import Service

SECRET = "shutdown-test-secret"
RESIDENTS = 6
GRACE = 20  # bots/inbox_runner.py: InboxRunner.stop; systemd's TimeoutStopSec is longer


class SlowTelegram(FakeTelegram):
    """Each reply takes a second to send: the updates are still being handled at SIGTERM."""

    replying = 0

    async def api_sendMessage(self, params) -> dict:
        self.replying += 1
        await asyncio.sleep(1)
        return await super().api_sendMessage(params)


def start_update(update_id: int, user_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "/start",
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "R", "language_code": "ru"}}}


async def test_sigterm_answers_the_updates_in_hand_then_exits(tmp_path):
    fake = SlowTelegram()
    await fake.start()
    bot = Service("web", cwd=str(tmp_path), COPP_TELEGRAM_TOKEN=TOKEN,
                  COPP_TELEGRAM_API_URL=fake.url, COPP_TELEGRAM_MODE="webhook",
                  COPP_TELEGRAM_WEBHOOK_SECRET=SECRET, COPP_LOG_LEVEL="INFO")
    bot.env["COPP_PUBLIC_URL"] = bot.url
    residents = [50_000 + n for n in range(RESIDENTS)]
    try:
        await bot.start()
        await fake.wait_for(lambda: fake.webhook)
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with aiohttp.ClientSession() as http:
            for n, resident in enumerate(residents, 1):
                update = json.dumps(start_update(n, resident))
                async with http.post(fake.webhook["url"], data=update, headers=headers
                                     ) as response:
                    assert response.status == 200  # in the inbox: ours to answer
        await fake.wait_for(lambda: fake.replying > 0)
        answered_at_sigterm = sum(1 for r in residents if fake.chat(r))
        bot.process.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        await asyncio.to_thread(bot.process.wait, GRACE + 10)  # the fake answers meanwhile
        took = time.monotonic() - stopping
    finally:
        output = bot.stop()
        await fake.close()
    assert bot.process.returncode == 0, output
    assert took < GRACE, output
    assert answered_at_sigterm < RESIDENTS  # the signal did come mid-work
    assert all(fake.chat(r) for r in residents), output  # each answered before the exit
    assert "stopping" in output and "still running at shutdown" not in output
    assert "Traceback" not in output
