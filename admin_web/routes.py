"""Every admin URL, named. Deny by default: only `login` and `static` skip the session check."""

from pathlib import Path

from aiohttp import web

from admin_web.views import (
    accounts,
    applications,
    auth,
    broadcasts,
    career,
    chat_links,
    consultations,
    dashboard,
    events,
    journals,
    programs,
    residents,
    surveys,
)


def setup_routes(app: web.Application, static: Path) -> None:
    add = app.router.add_route
    add("GET", "/", dashboard.dashboard, name="dashboard")
    add("GET", "/login", auth.login_form, name="login")
    add("POST", "/login", auth.login, name="login_submit")
    add("POST", "/logout", auth.logout, name="logout")
    add("POST", "/logout-everywhere", auth.logout_everywhere, name="logout_everywhere")
    add("*", "/password", auth.password, name="password")
    add("POST", "/language", auth.language, name="language")
    add("GET", "/accounts", accounts.account_list, name="accounts")
    add("*", "/accounts/new", accounts.account_new, name="account_new")
    add("*", "/accounts/{id}", accounts.account_edit, name="account")
    add("*", "/organizations", accounts.organizations, name="organizations")
    add("GET", "/residents", residents.resident_list, name="residents")
    add("GET", "/residents/{id}", residents.resident_card, name="resident")
    add("POST", "/residents/{id}/export", residents.resident_export, name="resident_export")
    add("POST", "/residents/{id}/anonymize", residents.resident_anonymize,
        name="resident_anonymize")
    add("GET", "/career", career.statistics, name="career")
    add("*", "/career/edit", career.edit, name="career_edit")
    add("*", "/career/weights", career.weights, name="career_weights")
    add("GET", "/catalog", programs.program_list, name="catalog")
    add("*", "/catalog/programs/new", programs.program_edit, name="program_new")
    add("*", "/catalog/programs/{id}", programs.program_edit, name="program")
    add("*", "/catalog/competencies", programs.competencies, name="competencies")
    add("*", "/catalog/synonyms", programs.synonyms, name="synonyms")
    add("*", "/catalog/import", programs.import_page, name="catalog_import")
    add("GET", "/catalog/export", programs.export, name="catalog_export")
    add("GET", "/applications", applications.application_list, name="applications")
    add("*", "/applications/{id}", applications.application_card, name="application")
    add("GET", "/inbox", consultations.inbox, name="inbox")
    add("GET", "/inbox/live", consultations.inbox_live, name="inbox_live")
    add("*", "/inbox/canned", consultations.canned, name="inbox_canned")
    add("GET", "/inbox/statistics", consultations.statistics, name="inbox_statistics")
    add("*", "/inbox/{id}", consultations.conversation, name="consultation")
    add("GET", "/inbox/{id}/live", consultations.conversation_live, name="consultation_live")
    add("GET", "/inbox/{id}/files/{message}", consultations.conversation_file,
        name="consultation_file")
    add("GET", "/events", events.event_list, name="events")
    add("*", "/events/new", events.event_edit, name="event_new")
    add("*", "/events/{id}", events.event_edit, name="event")
    add("*", "/events/{id}/registrations", events.registrations, name="event_registrations")
    add("GET", "/events/{id}/export", events.export, name="event_export")
    add("*", "/events/{id}/checkin", events.check_in, name="event_checkin")
    add("GET", "/broadcasts", broadcasts.broadcast_list, name="broadcasts")
    add("*", "/broadcasts/new", broadcasts.broadcast_new, name="broadcast_new")
    add("*", "/broadcasts/{id}", broadcasts.broadcast_card, name="broadcast")
    add("*", "/chat-links", chat_links.chat_links_page, name="chat_links")
    add("GET", "/surveys", surveys.survey_list, name="surveys")
    add("*", "/surveys/new", surveys.survey_edit, name="survey_new")
    add("*", "/surveys/{id}", surveys.survey_edit, name="survey")
    add("GET", "/surveys/{id}/preview", surveys.preview, name="survey_preview")
    add("GET", "/surveys/{id}/results", surveys.survey_results, name="survey_results")
    add("GET", "/surveys/{id}/export", surveys.export, name="survey_export")
    add("GET", "/journals/sign-ins", journals.sign_ins, name="journal_sign_ins")
    add("GET", "/journals/data", journals.data_actions, name="journal_data")
    app.router.add_static("/static/", static, name="static")
