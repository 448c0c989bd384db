"""Typed keys of the admin application and of its requests."""

from aiohttp import web

from admin_web.sessions import AdminSession, Sessions
from backend.services.accounts import Account
from backend.settings import Settings

SETTINGS = web.AppKey("admin_settings", Settings)
SESSIONS = web.AppKey("admin_sessions", Sessions)
COOKIE = web.AppKey("admin_cookie", str)
ACCOUNT = web.RequestKey("admin_account", Account)  # the signed-in account
SESSION = web.RequestKey("admin_session", AdminSession)  # its session
