"""Coming events, an event with its seats and registration, and the ticket afterwards."""

from __future__ import annotations

import math

from aiohttp import web

from backend.errors import ServiceError
from backend.events import ticket as tickets
from backend.events.values import EventInfo
from backend.programs.places import place_label
from backend.services import events
from backend.untrusted import query_int, query_text, whole
from dialogs.applications import AGE_LABELS
from dialogs.events import calendar_attachment
from dialogs.events_card import once, seats
from public_web import Site, forms, guard, i18n, page, signup, structured, ticket_words
from public_web.pages import NEEDS_COOKIES, PAGE, errors_text, now, problem_text

ONLINE = "online"
ORGANIZER = "АНО ДПО «ЦОПП АО»"


def _where(item: EventInfo, names: dict[int, str]) -> str:
    if item.municipality_id is None:
        return ""
    return once(names.get(item.municipality_id, ""), item.venue)


async def _names(site: Site) -> dict[int, str]:
    return {p.id: place_label(p.name, p.kind) for p in await site.places()}


@page
async def listing(site: Site, request: web.Request) -> web.Response:
    names = await _names(site)
    place = query_text(request, "place", 20)
    kind = query_text(request, "kind", 40)
    if (place and place != ONLINE and whole(place, 1) not in names) or (
            kind and kind not in events.KINDS):
        raise web.HTTPBadRequest()
    coming = await events.upcoming(now(), municipality_id=whole(place, 1) if place else None,
                                   kind=kind, online=place == ONLINE)
    number = query_int(request, "page", 1, 1, 10_000)
    pages = max(1, math.ceil(len(coming) / PAGE))
    if number > pages:
        raise web.HTTPNotFound()
    return site.render(request, "events.html", {
        "events": coming[(number - 1) * PAGE:number * PAGE], "total": len(coming),
        "page": number, "pages": pages,
        "page_link": lambda n: str(request.rel_url.update_query(page=n)),
        "place": place, "kind": kind, "kinds": events.KINDS, "places": names,
        "where": lambda item: _where(item, names), "speaker": i18n.Speaker(now()),
        "seats": seats, "page_url": site.url(request, "/events")})


async def _event(request: web.Request) -> EventInfo:
    event_id = whole(request.match_info["id"], 1)
    found = await events.published_or_cancelled_event(event_id) if event_id else None
    if found is None:
        raise web.HTTPNotFound()
    return found


def _open(item: EventInfo) -> bool:
    moment = now()
    return (item.status == "published" and item.starts_at > moment
            and moment <= item.registration_deadline)


async def _event_page(site: Site, request: web.Request, item: EventInfo, token: str,
                      form: forms.SignUp | None = None, problem: str = "",
                      status: int = 200) -> web.Response:
    user = await signup.resident(token)
    mine = await events.active_registration(item.id, user.id) if user else None
    names = await _names(site)
    path = f"/events/{item.id}"
    questions = item.questions_en if (
        i18n.locale.get() != "ru" and len(item.questions_en) == len(item.questions)) \
        else item.questions
    return site.render(request, "event.html", {
        "event": item, "open": _open(item), "mine": mine, "where": _where(item, names),
        "ages": events.ages(item), "speaker": i18n.Speaker(now()), "seats": seats,
        "kinds": events.KINDS, "csrf_token": site.browsers.csrf(token),
        "needs_consent": not (user and user.pd_consent),
        "age_options": [(key, i18n.gettext(label)) for key, label in AGE_LABELS.items()],
        "questions": questions, "places": sorted(names.items(), key=lambda p: p[1]),
        "typed": form.typed if form else {}, "errors": errors_text(form), "problem": problem,
        "cancelled": bool(user) and not mine and request.query.get("cancelled") == "1",
        "page_url": site.url(request, path),
        "structured": structured.as_script(structured.event(
            item, site.url(request, path), names.get(item.municipality_id or 0, ""),
            ORGANIZER))}, status=status)


@page
async def event(site: Site, request: web.Request) -> web.Response:
    item = await _event(request)
    token, new = site.browsers.for_form(request)
    response = await _event_page(site, request, item, token)
    if new:
        site.browsers.remember(response, token)
    return response


@page
async def register(site: Site, request: web.Request) -> web.StreamResponse:
    try:
        token, posted = await guard.posted(site, request)
    except guard.NoCookie as blocked:
        item = await _event(request)
        token, _ = site.browsers.for_form(request)
        response = await _event_page(site, request, item, token,
                                     forms.kept(blocked.form, len(item.questions)),
                                     i18n.gettext(NEEDS_COOKIES), 403)
        site.browsers.remember(response, token)
        return response
    item = await _event(request)
    user = await signup.resident(token)
    form = forms.read(posted, places=set(await _names(site)),
                      needs_consent=not (user and user.pd_consent), ages=True,
                      questions=len(item.questions))
    if not form.ok:
        return await _event_page(site, request, item, token, form, status=422)
    try:
        await guard.sign_up(site, request, lambda: signup.register(
            token, item.id, form.values, locale=i18n.locale.get(),
            evidence=f"/events/{item.id}", now=now()))
    except ServiceError as exc:
        return await _event_page(site, request, item, token, form, problem_text(exc), 422)
    raise web.HTTPSeeOther(f"/events/{item.id}/ticket")


async def _mine(site: Site, request: web.Request, *, or_the_event: bool = False):
    """This browser's resident's active registration for the event, with the event. Without
    one, 404 — or, for a resident of this browser, the event's page (Back after cancelling)."""
    item = await _event(request)
    user = await signup.resident(site.browsers.token(request))
    found = await events.active_registration(item.id, user.id) if user else None
    if found is None and user and or_the_event:
        raise web.HTTPSeeOther(f"/events/{item.id}")
    if found is None:
        raise web.HTTPNotFound()
    return await events.registration_of(found.id, user.id)


async def _ticket_page(site: Site, request: web.Request, registration, problem: str = "",
                       status: int = 200) -> web.Response:
    speaker = i18n.Speaker(now())
    online = ticket_words.online(registration)
    response = site.render(request, "ticket.html", {
        "registration": registration, "event": registration.event, "problem": problem,
        "csrf_token": site.browsers.csrf(site.browsers.token(request)),
        "can_cancel": now() <= registration.event.cancellation_deadline,
        "confirming": request.method == "GET" and request.query.get("cancel") == "1",
        "heading": i18n.gettext(ticket_words.HEADINGS[registration.status]), "online": online,
        "link": ticket_words.meeting_link(registration.event.online_url) if online else "",
        "text": "\n".join(ticket_words.ticket_lines(
            speaker, registration, await events.position(registration)))}, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@page
async def ticket(site: Site, request: web.Request) -> web.Response:
    return await _ticket_page(site, request, await _mine(site, request, or_the_event=True))


@page
async def change(site: Site, request: web.Request) -> web.StreamResponse:
    """Take the seat offered from the waiting list, or cancel: as «My registrations» does."""
    token, posted = await guard.posted(site, request)
    registration = await _mine(site, request)
    action = posted.get("action")
    try:
        if action == "take":
            await events.confirm_offer(registration.id, registration.user_id, now=now())
        elif action == "cancel":
            await events.cancel(registration.id, registration.user_id, now=now())
        else:
            raise web.HTTPBadRequest()
    except ServiceError as exc:
        return await _ticket_page(site, request, registration, problem_text(exc), 422)
    item = registration.event
    raise web.HTTPSeeOther(f"/events/{item.id}/ticket" if action == "take"
                           else f"/events/{item.id}?cancelled=1")


@page
async def qr(site: Site, request: web.Request) -> web.Response:
    registration = await _mine(site, request)
    if registration.status != "confirmed":
        raise web.HTTPNotFound()
    return web.Response(body=tickets.qr_png(registration.ticket), content_type="image/png",
                        headers={"Cache-Control": "no-store"})


@page
async def calendar(site: Site, request: web.Request) -> web.Response:
    registration = await _mine(site, request)
    if registration.status not in ("confirmed", "pending"):
        raise web.HTTPNotFound()
    attachment = calendar_attachment(registration.event, i18n.Speaker(now()))
    return web.Response(body=attachment.data, content_type="text/calendar", charset="utf-8",
                        headers={"Cache-Control": "no-store", "Content-Disposition":
                                 f'attachment; filename="{attachment.filename}"'})
