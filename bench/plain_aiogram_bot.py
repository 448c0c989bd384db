"""The reference for bench/dialog_throughput.py: what a team would write instead of our platform.

A plain aiogram 3 webhook bot — SimpleRequestHandler, RedisStorage, one handler that reads and
writes its FSM state and answers with sendMessage — in its own process, as `copp web` runs.
It acknowledges an update before handling it, so a crash loses what was in flight; ours does not.

With a PostgreSQL URL as a fifth argument it is the same bot made durable the cheapest way:
the webhook inserts the update into a table before acknowledging it and marks it done after
handling it — two round trips, no ordering per user, no lease, no retry. What no durable bot
can do without, measured: the floor for ours.

Usage: python bench/plain_aiogram_bot.py PORT API_URL REDIS_URL SECRET [POSTGRES_URL]
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys

import asyncpg
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import Message, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from redis.asyncio import Redis

TOKEN = "123456:TEST-token"


UPDATES_TABLE = (
    "CREATE TABLE IF NOT EXISTS plain_updates (id bigserial PRIMARY KEY, update_id bigint "
    "UNIQUE NOT NULL, payload jsonb NOT NULL, done boolean NOT NULL DEFAULT false)"
)


def durable_webhook(dispatcher: Dispatcher, bot: Bot, secret: str, pool: asyncpg.Pool):
    """Stored, then acknowledged, then handled in the background and marked done."""
    tasks: set[asyncio.Task] = set()

    async def handle(row_id: int, payload: dict) -> None:
        await dispatcher.feed_update(bot, Update.model_validate(payload, context={"bot": bot}))
        await pool.execute("UPDATE plain_updates SET done = true WHERE id = $1", row_id)

    async def webhook(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
            return web.Response(status=401)
        body = await request.read()
        payload = json.loads(body)
        row_id = await pool.fetchval(
            "INSERT INTO plain_updates (update_id, payload) VALUES ($1, $2::jsonb) "
            "ON CONFLICT DO NOTHING RETURNING id", payload["update_id"], body.decode())
        if row_id is not None:
            task = asyncio.create_task(handle(row_id, payload))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        return web.json_response({})

    return webhook


async def main(port: int, api_url: str, redis_url: str, secret: str,
               postgres_url: str | None = None) -> None:
    router = Router()

    @router.message()
    async def answer(message: Message, state: FSMContext) -> None:
        seen = (await state.get_data()).get("seen", 0)
        await state.update_data(seen=seen + 1)
        await message.answer(f"Сообщение № {seen + 1}. Главное меню.")

    dispatcher = Dispatcher(storage=RedisStorage(Redis.from_url(redis_url)))
    dispatcher.include_router(router)
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    app = web.Application()
    if postgres_url:
        pool = await asyncpg.create_pool(postgres_url, min_size=20, max_size=20)
        await pool.execute(UPDATES_TABLE)
        app.router.add_post("/webhook", durable_webhook(dispatcher, bot, secret, pool))
    else:
        SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(app, path="/webhook")
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    gc.collect()
    gc.freeze()  # as `copp web` does after start-up
    await asyncio.Event().wait()


if __name__ == "__main__":
    port, api_url, redis_url, secret, *postgres = sys.argv[1:6]
    asyncio.run(main(int(port), api_url, redis_url, secret, *postgres))
