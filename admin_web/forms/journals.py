"""The journals' filter line: query parameters in, typed Filters out."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from backend.services.journals import Filters
from backend.untrusted import query_text


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters(request: web.Request) -> Filters:
    query = request.query
    return Filters(_day(query.get("since", "")), _day(query.get("until", "")),
                   query_text(request, "who", 64), query_text(request, "kind", 64))
