"""Fuzzed query strings, path ids and forms against the real app: 2xx, 3xx or 4xx, never a 500.

The GET routes are found by walking the app's router, and the query parameters they read by
reading the views' sources, so a new route or parameter is fuzzed without editing this file.
"""

from __future__ import annotations

import importlib
import inspect
import re
from urllib.parse import quote

import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st
from tortoise import connections

from admin_web import create_admin_app
from backend.app import create_app
from backend.models import (
    Application,
    Broadcast,
    Organization,
    Program,
    Registration,
    Survey,
    User,
)
from backend.settings import Settings
from backend.store import MemoryStore
from tests.conftest import open_clean
from tests.events.helpers import make_event
from tests.fuzz import FUZZ, VALUES, form
from tests.panel import make_account, page_token, panel, sign_in

READS = re.compile(r"""query(?:\.get\(|\[)\s*["'](\w+)["']|query_\w+\(\w+, ["'](\w+)["']""")
PARAMETER = re.compile(r"\{(\w+)\}")
EVERYWHERE = {"lang", "page"}  # the panel's language on every page; the usual list parameter


def _sources(view_module) -> str:
    """A view's module and its feature's form module (admin_web/forms/), which may parse the
    query."""
    try:
        forms = importlib.import_module(view_module.__name__.replace(".views.", ".forms."))
    except ModuleNotFoundError:
        forms = None
    return inspect.getsource(view_module) + (inspect.getsource(forms) if forms else "")


def get_routes() -> dict[str, list[str]]:
    """Every GET path of the app, the panel's and the API's (`/x/{id}`), with the query
    parameters its view's module reads."""
    settings = Settings()
    app = create_app(settings, MemoryStore(), create_admin_app(settings, MemoryStore()))
    routes = {}
    for route in app.router.routes():
        if route.method != "GET" or "/static/" in route.resource.canonical:
            continue
        source = _sources(inspect.getmodule(inspect.unwrap(route.handler)))
        names = {a or b for a, b in READS.findall(source)}
        routes[route.resource.canonical] = sorted(names | EVERYWHERE)
    return routes


ROUTES = get_routes()


def test_the_walk_finds_the_lists_and_their_parameters():
    assert {"page", "q"} <= set(ROUTES["/admin/residents"])
    assert {"page", "since", "until", "who", "kind", "format"} <= set(
        ROUTES["/admin/journals/data"])
    assert {"limit", "offset", "q", "municipality"} <= set(ROUTES["/api/v1/programs"])
    assert "/api/v1/programs/{code}" in ROUTES and "/admin/surveys/{id}/results" in ROUTES


async def objects() -> dict:
    """Ids that exist: for the {id} of each route (fuzzed values are tried beside them) and
    for the forms of one object."""
    organization = await Organization.create(name="Колледж (демо)")
    resident = await User.create(platform="telegram", external_id="777", pd_consent=True,
                                 full_name="Анна Иванова", phone="+79110000000")
    program = await Program.create(code="P-1", title="Повар", type="prof_training",
                                   form="ochnaya", hours=300, document="свидетельство",
                                   organization_id=organization.id, status="published")
    application = await Application.create(user_id=resident.id, kind="program",
                                           program_id=program.id, channel="telegram")
    event = await make_event(organization_id=organization.id)
    await Registration.create(event_id=event.id, user_id=resident.id, status="confirmed",
                              ticket="TICKET1", channel="telegram")
    broadcast = await Broadcast.create(title="T", text="Текст", created_by="test")
    survey = await Survey.create(title="Опрос", created_by="test")
    ids = {str(x.id) for x in (resident, program, application, event, broadcast, survey)}
    account = await make_account("someone", "staff")
    return {"id": sorted(ids), "code": [program.code], "account": account.id,
            "application": application.id, "event": event.id, "broadcast": broadcast.id}


# One signed-in panel for the whole module: setting one up (a clean database, argon2 for two
# accounts) costs more than sixty requests, and every test here only asks "never a 500".
IN_MODULE = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def admin(pg_url):
    await open_clean(pg_url)
    await make_account("boss")
    client = await panel(MemoryStore())
    await sign_in(client, "boss")
    client.ids = await objects()
    client.token = await page_token(client)
    yield client
    await client.close()
    await connections.close_all()


@IN_MODULE
@pytest.mark.parametrize("template", sorted(ROUTES))
@FUZZ
@given(data=st.data())
async def test_any_query_on_any_get_route_is_never_a_500(admin, template, data):
    path = PARAMETER.sub(lambda m: quote(data.draw(
        st.one_of(st.sampled_from(admin.ids.get(m.group(1), ["1"])), VALUES),
        label=m.group(1)), safe=""), template)
    query = data.draw(st.dictionaries(st.sampled_from(ROUTES[template]), VALUES, max_size=3),
                      label="query")
    async with admin.get(path, params=query, allow_redirects=False) as response:
        assert response.status < 500, (path, query)


EVENT = {"kind": "career_trial", "title": "Профпроба", "description": "", "audience": "",
         "municipality": "1", "competency": "", "venue": "Котлас", "online_url": "",
         "starts_at": "2031-05-01T10:00", "ends_at": "2031-05-01T12:00", "capacity": "20",
         "registration_deadline": "2031-04-30T10:00",
         "cancellation_deadline": "2031-04-30T10:00",
         "min_age": "14", "max_age": "", "approval_required": "", "questions": "Школа?",
         "reminder_hours": "24, 2", "offer_hours": "24", "survey_url": "", "status": "draft"}
SURVEY = {"title": "Опрос", "intro": "", "status": "draft", "opens_at": "", "closes_at": "",
          "rows": "3", "anonymous": "yes", "municipalities": "1", "channels": "telegram",
          "q1_kind": "single", "q1_text": "Как вам?", "q1_options": "Да\nНет",
          "q1_required": "yes", "q2_kind": "number", "q2_text": "Сколько?", "q2_if": "1",
          "q2_answer": "Да", "q3_kind": "scale5", "q3_text": "Оценка", "q3_if": "",
          "q3_answer": ""}
ACCOUNT = {"login": "teacher1", "full_name": "Ольга", "role": "teacher", "organization": "1"}
PROGRAM = {"code": "C-1", "title": "Сварщик", "type": "prof_training", "competency": "",
           "form": "ochnaya", "distance": "yes", "hours": "300", "price": "0",
           "free_for": "безработные", "municipality": "Архангельск",
           "organization": "Колледж (демо)", "start_date": "2031-09-01",
           "document": "", "description": "", "requirements": "", "url": "", "status": "draft"}
BROADCAST = {"title": "Новости", "text": "Текст", "label": "", "link": "courses",
             "channels": "telegram", "municipalities": "1", "age_groups": "14-17",
             "event": "1", "program": "1", "locales": "ru", "action": "count"}
FORMS = [("/admin/events/new", EVENT), ("/admin/surveys/new", SURVEY),
         ("/admin/accounts/new", ACCOUNT), ("/admin/catalog/programs/new", PROGRAM),
         ("/admin/broadcasts/new", BROADCAST),
         ("/admin/accounts/{account}", {"action": "role", "role": "staff", "organization": ""}),
         ("/admin/organizations", {"name": "Техникум", "kind": "college"}),
         ("/admin/catalog/competencies", {"name": "Кровельные работы", "id": ""}),
         ("/admin/career/weights", {"w1R": "2", "w1I": "0", "w2S": "1"}),
         ("/admin/applications/{application}", {"status": "contacted"}),
         ("/admin/events/{event}/registrations", {"action": "message", "text": "Ждём вас"}),
         ("/admin/events/{event}/checkin", {"code": "COPP-T:TICKET1"}),
         ("/admin/broadcasts/{broadcast}", {"action": "schedule", "at": "2031-05-01T10:00"})]
IDS = [path for path, _ in FORMS]


@IN_MODULE
@pytest.mark.parametrize(("path", "template"), FORMS, ids=IDS)
async def test_the_valid_forms_behind_the_fuzzing_are_accepted(admin, path, template):
    async with admin.post(path.format_map(admin.ids), data={**template,
                          "csrf_token": admin.token}, allow_redirects=False) as response:
        assert response.status in (200, 302), await response.text()


@IN_MODULE
@pytest.mark.parametrize(("path", "template"), FORMS, ids=IDS)
@FUZZ
@given(data=st.data())
async def test_any_form_values_give_a_form_with_errors_never_a_500(admin, path, template,
                                                                   data):
    values = data.draw(form(template), label="form")
    async with admin.post(path.format_map(admin.ids), data={**values,
                          "csrf_token": admin.token}, allow_redirects=False) as response:
        assert response.status < 500, (values, response.status)
