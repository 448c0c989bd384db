"""Engine replies → Telegram calls. Plain text, inline keyboards, the clicked message edited."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiohttp import ClientError

from dialogs.model import Reply

log = logging.getLogger(__name__)
CALLBACK_DATA_BYTES = 64
CAPTION_LIMIT = 1024
MAX_FLOOD_WAIT = 30  # seconds; past that the inbox retries the whole update later


async def patiently(call: Callable[[], Awaitable]):
    """Make a Bot API call, waiting out Telegram's flood control (429 retry_after) twice."""
    for attempt in range(3):
        try:
            return await call()
        except TelegramRetryAfter as exc:
            if attempt == 2 or exc.retry_after > MAX_FLOOD_WAIT:
                raise
            log.info("telegram: flood control, waiting %s s", exc.retry_after)
            await asyncio.sleep(exc.retry_after)


def _check_payloads(reply: Reply) -> None:
    for row in reply.buttons:
        for button in row:
            if len(button.payload.encode()) > CALLBACK_DATA_BYTES:
                raise ValueError(f"callback_data over 64 bytes: {button.payload!r}")


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    _check_payloads(reply)
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.label, callback_data=b.payload) for b in row]
        for row in reply.buttons
    ])


def _markup(reply: Reply) -> dict | None:
    """The reply's keyboard as the Bot API's JSON (the same as the aiogram models below)."""
    if reply.request_contact:
        return contact_keyboard(reply).model_dump(exclude_none=True)
    if not reply.buttons:
        return None
    _check_payloads(reply)
    return {"inline_keyboard": [[{"text": b.label, "callback_data": b.payload} for b in row]
                                for row in reply.buttons]}


async def _text_call(bot: Bot, name: str, params: dict,
                     method: Callable[[], TelegramMethod]) -> None:
    """sendMessage or editMessageText as one JSON body, the answer read as JSON, without
    aiogram's models of the call and of the message it returns (most of a call's cost, and
    a broadcast is thousands of calls). The same Bot API, the same aiohttp session; errors are
    aiogram's, from `method()`, made only then."""
    await _post(bot, name, json.dumps(params).encode(), method)


async def _post(bot: Bot, name: str, body: bytes, method: Callable[[], TelegramMethod]) -> None:
    session = bot.session
    http = await session.create_session()
    url = session.api.api_url(token=bot.token, method=name)
    try:
        async with http.post(url, data=body, headers=_JSON,
                             timeout=session.timeout) as response:
            status, content = response.status, await response.read()
    except TimeoutError as exc:
        raise TelegramNetworkError(method=method(), message="Request timeout error") from exc
    except ClientError as exc:
        raise TelegramNetworkError(method=method(), message=f"{type(exc).__name__}: {exc}"
                                   ) from exc
    if status == 200 and _OK.match(content):
        return
    text = content.decode(errors="replace")
    if status == 200:
        try:
            if json.loads(text).get("ok") is True:
                return
        except (ValueError, AttributeError):
            pass
    session.check_response(bot, method(), status, text)  # raises aiogram's error
    raise TelegramAPIError(method=method(), message=text[:200])


_OK = re.compile(rb'\s*\{\s*"ok"\s*:\s*true\s*[,}]')  # the answer of a call that went


class PreparedText:
    """A broadcast's text message, its JSON body made once for all its chats: only chat_id
    differs from one call to the next."""

    def __init__(self, bot: Bot, reply: Reply) -> None:
        self.bot, self.reply = bot, reply
        params = {"text": reply.text}
        if (markup := _markup(reply)) is not None:
            params["reply_markup"] = markup
        self._tail = b"," + json.dumps(params).encode()[1:]

    async def send(self, chat_id: int) -> None:
        """One message, flood control left to the caller."""
        reply = self.reply

        def method() -> SendMessage:
            return SendMessage(chat_id=chat_id, text=reply.text,
                               reply_markup=inline_keyboard(reply))

        await _post(self.bot, "sendMessage", b'{"chat_id":%d%s' % (chat_id, self._tail), method)


_JSON = {"Content-Type": "application/json"}


def contact_keyboard(reply: Reply) -> ReplyKeyboardMarkup:
    """Telegram asks for a phone only from a reply keyboard; other buttons go as typed labels."""
    rows = [[KeyboardButton(text=reply.request_contact, request_contact=True)]]
    rows += [[KeyboardButton(text=b.label) for b in row] for row in reply.buttons]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)


async def send(bot: Bot, chat_id: int, replies: list[Reply], edit_message_id: int | None = None):
    """Say the replies; the first one replaces the message whose button was pressed."""
    for position, reply in enumerate(replies):
        if position == 0 and edit_message_id and not (reply.attachment or reply.request_contact):
            if await _edit(bot, chat_id, edit_message_id, reply):
                continue
        await _send_new(bot, chat_id, reply)


async def _edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    params = {"chat_id": chat_id, "message_id": message_id, "text": reply.text}
    if reply.buttons:
        params["reply_markup"] = _markup(reply)

    def method() -> EditMessageText:
        return EditMessageText(text=reply.text, chat_id=chat_id, message_id=message_id,
                               reply_markup=inline_keyboard(reply))

    try:
        await patiently(lambda: _text_call(bot, "editMessageText", params, method))
    except TelegramBadRequest as exc:
        if "not modified" in exc.message:
            return True
        log.info("telegram: cannot edit message, sending a new one (%s)", exc.message)
        return False
    return True


async def _once(call: Callable[[], Awaitable]):
    return await call()


async def send_once(bot: Bot, chat_id: int, reply: Reply, file_id: str | None = None
                    ) -> str | None:
    """One message, flood control left to the caller (a broadcast paces all its senders).

    A picture Telegram already has goes by its `file_id`; returns the picture's file_id, so
    the next message of a broadcast need not upload it again.
    """
    return await _send_new(bot, chat_id, reply, _once, file_id)


async def _send_new(bot: Bot, chat_id: int, reply: Reply, call=patiently,
                    file_id: str | None = None) -> str | None:
    attachment = reply.attachment
    if attachment is None:
        await call(lambda: _send_text(bot, chat_id, reply.text, reply))
        return None
    markup = contact_keyboard(reply) if reply.request_contact else inline_keyboard(reply)
    file = file_id or BufferedInputFile(attachment.data, filename=attachment.filename)
    caption, rest = reply.text[:CAPTION_LIMIT], reply.text[CAPTION_LIMIT:]
    send_file = bot.send_photo if attachment.is_image else bot.send_document
    sent = await call(lambda: send_file(chat_id, file, caption=caption,
                                        reply_markup=None if rest else markup))
    if rest:
        await call(lambda: _send_text(bot, chat_id, rest, reply))
    return sent.photo[-1].file_id if sent.photo else None


def _send_text(bot: Bot, chat_id: int, text: str, reply: Reply) -> Awaitable[None]:
    params = {"chat_id": chat_id, "text": text}
    markup = _markup(reply)
    if markup is not None:
        params["reply_markup"] = markup

    def method() -> SendMessage:
        keyboard = contact_keyboard(reply) if reply.request_contact else inline_keyboard(reply)
        return SendMessage(chat_id=chat_id, text=text, reply_markup=keyboard)

    return _text_call(bot, "sendMessage", params, method)
