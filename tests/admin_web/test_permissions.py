"""Every admin route × every role: deny by default, allow exactly what the roles table says."""

from __future__ import annotations

import pytest

from admin_web import create_admin_app
from backend import roles
from backend.models import (
    Application,
    Broadcast,
    ConsultationMessage,
    Organization,
    Program,
    Survey,
    User,
)
from backend.services import consultations
from backend.settings import Settings
from backend.store import MemoryStore
from tests.events.helpers import make_event
from tests.panel import make_account, page_token, panel, sign_in

# (method, path, permission or None for "any signed-in account")
ROUTES = [
    ("GET", "/admin/", None),
    ("GET", "/admin/password", None),
    ("GET", "/admin/accounts", "accounts.manage"),
    ("GET", "/admin/accounts/new", "accounts.manage"),
    ("POST", "/admin/accounts/new", "accounts.manage"),
    ("GET", "/admin/accounts/{account}", "accounts.manage"),
    ("POST", "/admin/accounts/{account}", "accounts.manage"),
    ("GET", "/admin/organizations", "organizations.manage"),
    ("POST", "/admin/organizations", "organizations.manage"),
    ("GET", "/admin/residents", "residents.view"),
    ("GET", "/admin/residents/{resident}", "residents.view"),
    ("POST", "/admin/residents/{resident}/export", "residents.export"),
    ("POST", "/admin/residents/{resident}/anonymize", "residents.anonymize"),
    ("GET", "/admin/career", "career.stats"),
    ("GET", "/admin/career?format=xlsx", "career.stats"),
    ("GET", "/admin/career/edit", "career.edit"),
    ("POST", "/admin/career/edit", "career.edit"),
    ("GET", "/admin/career/weights", "career.edit"),
    ("POST", "/admin/career/weights", "career.edit"),
    ("GET", "/admin/catalog", "catalog.manage"),
    ("GET", "/admin/catalog/programs/new", "catalog.manage"),
    ("POST", "/admin/catalog/programs/new", "catalog.manage"),
    ("GET", "/admin/catalog/programs/{program}", "catalog.manage"),
    ("POST", "/admin/catalog/programs/{program}", "catalog.manage"),
    ("GET", "/admin/catalog/competencies", "catalog.manage"),
    ("POST", "/admin/catalog/competencies", "catalog.manage"),
    ("GET", "/admin/catalog/synonyms", "catalog.manage"),
    ("POST", "/admin/catalog/synonyms", "catalog.manage"),
    ("GET", "/admin/events", "events.manage"),
    ("GET", "/admin/events/new", "events.manage"),
    ("POST", "/admin/events/new", "events.manage"),
    ("GET", "/admin/events/{event}", "events.manage"),
    ("POST", "/admin/events/{event}", "events.manage"),
    ("GET", "/admin/events/{event}/registrations", "events.manage"),
    ("POST", "/admin/events/{event}/registrations", "events.manage"),
    ("GET", "/admin/events/{event}/export", "events.manage"),
    ("GET", "/admin/events/{event}/checkin", "events.checkin"),
    ("POST", "/admin/events/{event}/checkin", "events.checkin"),
    ("GET", "/admin/surveys", "surveys.manage"),
    ("GET", "/admin/surveys/new", "surveys.manage"),
    ("POST", "/admin/surveys/new", "surveys.manage"),
    ("GET", "/admin/surveys/{survey}", "surveys.manage"),
    ("POST", "/admin/surveys/{survey}", "surveys.manage"),
    ("GET", "/admin/surveys/{survey}/preview", "surveys.manage"),
    ("GET", "/admin/surveys/{survey}/results", "surveys.manage"),
    ("GET", "/admin/surveys/{survey}/export", "surveys.manage"),
    ("GET", "/admin/broadcasts", "broadcasts.manage"),
    ("GET", "/admin/broadcasts/new", "broadcasts.manage"),
    ("POST", "/admin/broadcasts/new", "broadcasts.manage"),
    ("GET", "/admin/broadcasts/{broadcast}", "broadcasts.manage"),
    ("POST", "/admin/broadcasts/{broadcast}", "broadcasts.manage"),
    ("GET", "/admin/chat-links", "broadcasts.manage"),
    ("POST", "/admin/chat-links", "broadcasts.manage"),
    ("GET", "/admin/applications", "applications.manage"),
    ("GET", "/admin/applications/{application}", "applications.manage"),
    ("POST", "/admin/applications/{application}", "applications.manage"),
    ("GET", "/admin/inbox", "consultations.answer"),
    ("GET", "/admin/inbox/live", "consultations.answer"),
    ("GET", "/admin/inbox/canned", "consultations.answer"),
    ("POST", "/admin/inbox/canned", "consultations.answer"),
    ("GET", "/admin/inbox/statistics", "consultations.answer"),
    ("GET", "/admin/inbox/statistics?format=csv", "consultations.answer"),
    ("GET", "/admin/inbox/{consultation}", "consultations.answer"),
    ("POST", "/admin/inbox/{consultation}", "consultations.answer"),
    ("GET", "/admin/inbox/{consultation}/live", "consultations.answer"),
    ("GET", "/admin/inbox/{consultation}/files/{message}", "consultations.answer"),
    ("GET", "/admin/catalog/import", "catalog.manage"),
    ("POST", "/admin/catalog/import", "catalog.manage"),
    ("GET", "/admin/catalog/export", "catalog.manage"),
    ("GET", "/admin/journals/sign-ins", "journals.view"),
    ("GET", "/admin/journals/data", "journals.view"),
]


def test_every_route_of_the_panel_is_in_the_matrix():
    app = create_admin_app(Settings(), MemoryStore())
    names = {r.name for r in app.router.routes() if r.name}
    public = {"login", "login_submit", "static", "logout", "logout_everywhere", "language"}
    covered = {"dashboard", "password", "accounts", "account_new", "account", "organizations",
               "residents", "resident", "resident_export", "resident_anonymize",
               "journal_sign_ins", "journal_data", "career", "career_edit", "career_weights",
               "catalog", "program_new", "program", "competencies", "synonyms", "catalog_import",
               "catalog_export", "applications", "application", "events", "event_new", "event",
               "event_registrations", "event_export", "event_checkin", "broadcasts",
               "broadcast_new", "broadcast", "chat_links", "surveys", "survey_new", "survey",
               "survey_preview", "survey_results", "survey_export", "inbox", "inbox_live",
               "inbox_canned", "inbox_statistics", "consultation", "consultation_live",
               "consultation_file"}
    assert names == public | covered


@pytest.mark.parametrize("role", roles.ROLES)
async def test_each_role_gets_exactly_its_permissions(mode, role):
    organization = await Organization.create(name="Колледж (демо)")
    target = await make_account("someone", "staff")
    tied = role in roles.ORGANIZATION_ROLES
    await make_account("tester", role, organization.id if tied else None)
    resident = await User.create(platform="telegram", external_id="777", pd_consent=True,
                                 full_name="Анна Иванова", phone="+79110000000")
    program = await Program.create(code="P-1", title="Повар", type="prof_training",
                                   form="ochnaya", hours=300, document="свидетельство",
                                   organization_id=organization.id, status="published")
    application = await Application.create(user_id=resident.id, kind="program",
                                           program_id=program.id, channel="telegram")
    event = await make_event(organization_id=organization.id)
    broadcast = await Broadcast.create(title="T", text="Текст", created_by="test")
    survey = await Survey.create(title="Опрос", created_by="test")
    consultation, _ = await consultations.ask(resident.id, "Вопрос", channel="telegram")
    message = await ConsultationMessage.get()
    client = await panel(mode.store)
    await sign_in(client, "tester")
    token = await page_token(client, "/admin/password")
    for method, path, permission in ROUTES:
        url = path.format(account=target.id, resident=resident.id, program=program.id,
                          application=application.id, event=event.id,
                          broadcast=broadcast.id, survey=survey.id,
                          consultation=consultation, message=message.id)
        data = {"csrf_token": token, "confirm": "no", "action": "none"}
        async with client.request(method, url, data=data if method == "POST" else None,
                                  allow_redirects=False) as response:
            expected_allowed = permission is None or roles.allowed(role, permission)
            if expected_allowed:
                assert response.status != 403, (role, method, url)
            else:
                assert response.status == 403, (role, method, url, response.status)
    await client.close()


async def test_ids_that_do_not_exist_or_are_not_numbers_give_404(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss")
    for path in ["/admin/residents/999999", "/admin/residents/abc", "/admin/accounts/999999",
                 "/admin/residents/1e9", "/admin/accounts/-1"]:
        async with client.get(path) as response:
            assert response.status == 404, path
    await client.close()
