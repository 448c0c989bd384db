"""Typed keys for what the aiohttp application carries."""

from aiohttp import web

from backend.metrics import Metrics
from backend.settings import Settings
from backend.store import Store

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
METRICS = web.AppKey("metrics", Metrics)
