"""Surveys in the panel: build, preview, results with filters, export."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import surveys as surveys_form
from admin_web.forms.broadcasts import audience_of
from admin_web.i18n import gettext as _
from admin_web.views.common import (
    actor,
    address,
    int_or_404,
    posted,
    require,
    sheet_download,
    sheet_kind,
)
from backend.errors import PROBLEMS
from backend.services import surveys, surveys_editing, surveys_results, users
from backend.services.broadcasts_audience import Audience
from backend.services.outbox import MESSENGERS
from backend.services.users import AGE_GROUPS
from backend.surveys.questions import KINDS, scale
from backend.untrusted import query_int

EMPTY_ROWS = 5


async def _survey(request: web.Request) -> surveys.SurveyInfo:
    survey = await surveys.find_survey(int_or_404(request.match_info["id"]))
    if survey is None:
        raise web.HTTPNotFound()
    return survey


@require("surveys.manage")
@aiohttp_jinja2.template("surveys/list.html")
async def survey_list(request: web.Request) -> dict:
    return {"surveys": await surveys.list_surveys()}


@require("surveys.manage")
async def survey_edit(request: web.Request) -> web.Response:
    survey = await _survey(request) if "id" in request.match_info else None
    questions = await surveys.questions_of(survey.id) if survey else []
    values = surveys_form.shown(survey, questions) if survey else dict(surveys_form.BLANK)
    audience = survey.audience if survey else Audience()
    answered = bool(survey) and await surveys.is_answered(survey.id)
    rows = max(len(questions), 1) + (0 if answered else EMPTY_ROWS)
    problems: dict[str, str] = {}
    if request.method == "POST":
        form = await posted(request)
        rows = surveys_form.rows_of(form, rows)
        values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        draft, found = surveys_form.read(values, rows, audience_of(form))
        audience = draft.audience
        if found:  # fields it could not read; the rules too, so every problem shows at once
            found |= surveys_editing.check(draft, answered=answered)
        else:
            saved, found = await surveys_editing.save(draft, actor=actor(request),
                                                      survey_id=survey.id if survey else None)
            if saved:
                url = request.app.router["survey"].url_for(id=str(saved.id))
                raise web.HTTPFound(url.with_query(saved=1))
        problems = {k: _(PROBLEMS[v]) for k, v in found.items()}
    context = {"survey": survey, "values": values, "problems": problems, "rows": rows,
               "answered": answered, "kinds": KINDS, "audience": audience,
               "statuses": surveys_editing.STATUSES, "channels": MESSENGERS,
               "age_groups": AGE_GROUPS, "municipalities": await users.list_municipalities()}
    return aiohttp_jinja2.render_template("surveys/edit.html", request, context,
                                          status=422 if problems else 200)


@require("surveys.manage")
async def preview(request: web.Request) -> web.Response:
    survey = await _survey(request)
    questions = await surveys.questions_of(survey.id)
    return aiohttp_jinja2.render_template(
        "surveys/preview.html", request,
        {"survey": survey, "questions": questions, "scale": scale})


def _slice(request: web.Request) -> surveys_results.Slice:
    query = request.query
    return surveys_results.Slice(municipality_id=query_int(request, "municipality", None),
                         age_group=query.get("age_group", "") if query.get("age_group")
                         in AGE_GROUPS else "",
                         channel=query.get("channel", "") if query.get("channel")
                         in MESSENGERS else "")


@require("surveys.manage")
async def survey_results(request: web.Request) -> web.Response:
    survey = await _survey(request)
    chosen = _slice(request)
    return aiohttp_jinja2.render_template(
        "surveys/results.html", request,
        {"survey": survey, "results": await surveys_results.results(survey.id, chosen),
         "chosen": chosen, "channels": MESSENGERS, "age_groups": AGE_GROUPS,
         "municipalities": await users.list_municipalities()})


@require("surveys.manage")
async def export(request: web.Request) -> web.Response:
    survey = await _survey(request)
    rows = await surveys_results.export_rows(survey.id, actor=actor(request),
                                             address=address(request))
    return await sheet_download(rows, f"survey-{survey.id}.{sheet_kind(request)}")
