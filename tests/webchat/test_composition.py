"""`copp web` and `copp run` serve the web chat, unless COPP_WEBCHAT turns it off."""

from aiohttp import web

from backend.__main__ import build_channels, build_engine
from backend.app import create_app
from backend.settings import Settings
from bots.web.channel import WebChannel


def paths(app: web.Application) -> set[str]:
    return {resource.canonical for resource in app.router.resources()}


async def test_the_composition_root_adds_the_web_chat_and_a_setting_turns_it_off(store):
    settings = Settings()
    app = create_app(settings, store)
    channels = build_channels(settings, build_engine(settings, store), store, app)
    assert [type(c) for c in channels] == [WebChannel]
    assert {"/widget.js", "/webchat/ws", "/webchat/", "/webchat/widget.css"} <= paths(app)

    off = Settings(webchat=False)
    app = create_app(off, store)
    assert build_channels(off, build_engine(off, store), store, app) == []
    assert "/widget.js" not in paths(app) and "/webchat/ws" not in paths(app)
