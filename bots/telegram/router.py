"""Three handlers: messages and button presses (each converts, asks the engine, renders), and
the resident blocking or unblocking the bot."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, Update

from backend.services import users
from bots.telegram import events, render
from dialogs.engine import Engine
from dialogs.model import LINK

log = logging.getLogger(__name__)


# Filters are coroutines: aiogram runs a plain callable, a magic filter (F...) too, in a thread
# for every update.
async def _from_a_person_in_private(event: Message | ChatMemberUpdated) -> bool:
    return event.chat.type == "private" and event.from_user is not None


async def _on_a_message_of_ours(callback: CallbackQuery) -> bool:
    return callback.message is not None and callback.from_user is not None


def build_router() -> Router:
    """A new router each call: an aiogram router can belong to one dispatcher only."""
    router = Router(name="dialogs")
    router.message.filter(_from_a_person_in_private)
    router.callback_query.filter(_on_a_message_of_ours)

    @router.message()
    async def on_message(message: Message, engine: Engine, event_update: Update) -> None:
        account, event = events.from_message(message, event_update.update_id)
        replies = await engine.handle(account, event)
        await _deliver(message.bot, message.chat.id, replies)

    @router.callback_query()
    async def on_click(callback: CallbackQuery, engine: Engine, event_update: Update) -> None:
        # The client shows a spinner until this arrives. A press handled again after an
        # outage was answered before, and Telegram refuses a second answer: it is a courtesy.
        with contextlib.suppress(TelegramBadRequest):
            await callback.answer()
        account, event = events.from_callback(callback, event_update.update_id)
        replies = await engine.handle(account, event)
        # A notice's button (a deep link) answers below it: the notice, a consultant's reply
        # say, stays readable.
        notice = (callback.data or "").startswith(LINK + "|")
        await _deliver(callback.bot, callback.message.chat.id, replies,
                       None if notice else callback.message.message_id)

    @router.my_chat_member(_from_a_person_in_private)
    async def on_membership(update: ChatMemberUpdated) -> None:
        """The resident stopped (blocked) the bot, or started it again."""
        status = update.new_chat_member.status
        if status in ("kicked", "member"):
            await users.set_blocked(events.PLATFORM, str(update.from_user.id),
                                    status == "kicked")

    return router


async def _deliver(bot, chat_id: int, replies, edit_message_id: int | None = None) -> None:
    try:
        await render.send(bot, chat_id, replies, edit_message_id)
    except TelegramForbiddenError:
        log.info("telegram: a resident blocked the bot; reply dropped")
        await users.set_blocked(events.PLATFORM, str(chat_id), True)
