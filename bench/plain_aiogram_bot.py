"""The reference for bench/dialog_throughput.py: what a team would write instead of our platform.

A plain aiogram 3 webhook bot — SimpleRequestHandler, RedisStorage, one handler that reads and
writes its FSM state and answers with sendMessage — in its own process, as `copp web` runs.
It acknowledges an update before handling it, so a crash loses what was in flight; ours does not.

Usage: python bench/plain_aiogram_bot.py PORT API_URL REDIS_URL SECRET
"""

from __future__ import annotations

import asyncio
import gc
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from redis.asyncio import Redis

TOKEN = "123456:TEST-token"


async def main(port: int, api_url: str, redis_url: str, secret: str) -> None:
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
    SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(app, path="/webhook")
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    gc.collect()
    gc.freeze()  # as `copp web` does after start-up
    await asyncio.Event().wait()


if __name__ == "__main__":
    port, api_url, redis_url, secret = sys.argv[1:5]
    asyncio.run(main(int(port), api_url, redis_url, secret))
