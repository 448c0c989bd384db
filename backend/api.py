"""The JSON API under /api/v1: the catalog for other systems and other regions' platforms."""

from __future__ import annotations

from aiohttp import web

from backend.programs.rules import FORMS, KINDS
from backend.services import programs_search
from backend.services.programs import ProgramInfo, find_published_by_code
from backend.untrusted import query_int, query_text, text

FLAGS = {"true": True, "1": True, "да": True, "false": False, "0": False, "нет": False}


def _program(p: ProgramInfo) -> dict:
    return {
        "code": p.code, "title": p.title, "type": p.type, "form": p.form,
        "distance": p.distance, "hours": p.hours, "price": p.price,
        "free_for": list(p.free_for), "municipality": p.municipality or None,
        "organization": p.organization, "competency": p.competency or None,
        "start_date": p.start_date.isoformat() if p.start_date else None,
        "document": p.document, "url": p.url or None,
    }


def _bad(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{message}"}}', content_type="application/json")


def _flag(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value.lower() not in FLAGS:
        raise _bad(f"{name} is true or false")
    return FLAGS[value.lower()]


async def programs(request: web.Request) -> web.Response:
    query = request.query
    kind, form = query.get("type", ""), query.get("form", "")
    if kind and kind not in KINDS:
        raise _bad("unknown type")
    if form and form not in FORMS:
        raise _bad("unknown form")
    filters = programs_search.Filters(
        municipality=query_text(request, "municipality", 64), type=kind, form=form,
        free=_flag(query.get("free"), "free"), distance=_flag(query.get("distance"), "distance"))
    words = query_text(request, "q", 200)
    total, found = await programs_search.find_programs(
        words, filters, limit=query_int(request, "limit", 20, 1, 100),
        offset=query_int(request, "offset", 0, 0, 1_000_000))
    body = {"total": total, "items": [_program(p) for p in found]}
    if not total and words.strip():
        suggestion = await programs_search.suggest(words)
        body |= {"did_you_mean": suggestion.did_you_mean,
                 "competencies": [area.name for area in suggestion.areas]}
    return web.json_response(body)


async def program(request: web.Request) -> web.Response:
    found = await find_published_by_code(text(request.match_info["code"], 64))
    if found is None:
        raise web.HTTPNotFound(text='{"error": "no such program"}',
                               content_type="application/json")
    return web.json_response(_program(found))


def create_api_app() -> web.Application:
    api = web.Application()
    api.router.add_get("/programs", programs)
    api.router.add_get("/programs/{code}", program)
    return api
