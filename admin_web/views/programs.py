"""The catalog in the panel: programs, competencies, search synonyms, import and export (as
`copp import`)."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import programs as program_form
from admin_web.i18n import gettext as _
from admin_web.i18n import ngettext
from admin_web.views.common import (
    actor,
    attachment,
    error_text,
    int_or_404,
    posted,
    require,
    sheet_kind,
)
from backend.errors import PROBLEMS, ServiceError
from backend.programs import rules
from backend.services import programs_editing, programs_files, programs_synonyms
from backend.untrusted import MAX_PAGE, query_int, query_text


@require("catalog.manage")
async def import_page(request: web.Request) -> web.Response:
    context: dict = {"report": None, "error": "", "problems": []}
    if request.method == "POST":
        # the platform's 1 MB body limit bounds the upload (413 beyond)
        upload = program_form.read_upload(await posted(request))
        if upload is None:
            context["error"] = _("Choose a CSV or XLSX file.")
        else:
            try:
                report = await programs_files.import_programs(
                    upload.data, upload.filename, actor=actor(request),
                    dry_run=upload.dry_run, create_missing=upload.create_missing)
            except ServiceError as exc:
                context["error"] = error_text(exc)
            else:
                context["report"] = report
                context["problems"] = [
                    (p.row, p.column, _(PROBLEMS[p.code]).format(**p.params))
                    for p in report.problems]
                context["more"] = ngettext("…and %(num)s more problem.",
                                           "…and %(num)s more problems.",
                                           report.unlisted) if report.unlisted else ""
                context["applied"] = not (report.problem_count or upload.dry_run)
    status = 422 if context["error"] or context["problems"] else 200
    return aiohttp_jinja2.render_template("programs/import.html", request, context, status=status)


@require("catalog.manage")
async def export(request: web.Request) -> web.Response:
    name = f"catalog.{sheet_kind(request)}"
    return attachment(await programs_files.export_programs(name), name)


async def _choices() -> dict:
    names = await programs_editing.choices()
    return {"types": rules.KINDS, "forms": rules.FORMS, "statuses": rules.STATUSES,
            "organizations": names.organizations, "competencies": names.competencies,
            "municipalities": names.municipalities}


@require("catalog.manage")
@aiohttp_jinja2.template("programs/list.html")
async def program_list(request: web.Request) -> dict:
    query = query_text(request, "q", 100)
    status = query_text(request, "status", 16)
    page = query_int(request, "page", high=MAX_PAGE)
    total, found = await programs_editing.list_programs(query, status, page)
    return {"programs": found, "total": total, "q": query, "status": status, "page": page,
            "pages": (total + programs_editing.PAGE - 1) // programs_editing.PAGE,
            "statuses": rules.STATUSES}


@require("catalog.manage")
async def program_edit(request: web.Request) -> web.Response:
    """One form for a new program and for an existing one; the import's rules apply."""
    program_id, values = None, program_form.NEW
    if "id" in request.match_info:
        program_id = int_or_404(request.match_info["id"])
        program = await programs_editing.find_program(program_id)
        if program is None:
            raise web.HTTPNotFound()
        values = program_form.values_of(program)
    problems: dict[str, str] = {}
    if request.method == "POST":
        form = await posted(request)
        values = program_form.posted_values(form)
        draft, found = program_form.read(form)
        if found:  # the domain's problems too, so that all are fixed in one go
            found = {**await programs_editing.check_program(draft, program_id), **found}
        else:
            saved, found = await programs_editing.save_program(draft, actor=actor(request),
                                                               program_id=program_id)
            if saved:
                url = request.app.router["program"].url_for(id=str(saved.id))
                raise web.HTTPFound(url.with_query(saved=1))
        problems = {name: _(PROBLEMS[code]).format(**params)
                    for name, (code, params) in found.items()}
    context = {"values": values, "problems": problems, "program_id": program_id,
               **await _choices()}
    return aiohttp_jinja2.render_template("programs/program.html", request, context,
                                          status=422 if problems else 200)


@require("catalog.manage")
async def competencies(request: web.Request) -> web.Response:
    error = ""
    if request.method == "POST":
        form = await posted(request)
        name = str(form.get("name", ""))
        try:
            if form.get("id"):
                await programs_editing.rename_competency(int_or_404(str(form["id"])), name,
                                                         actor=actor(request))
            else:
                await programs_editing.add_competency(name, actor=actor(request))
        except ServiceError as exc:
            error = error_text(exc)
        else:
            raise web.HTTPFound(request.path)
    return aiohttp_jinja2.render_template(
        "programs/competencies.html", request,
        {"rows": await programs_editing.competencies_with_counts(), "error": error},
        status=422 if error else 200)


@require("catalog.manage")
async def synonyms(request: web.Request) -> web.Response:
    """Phrases people use that the search should understand; the form, and a delete button
    beside each."""
    values, error = dict.fromkeys(program_form.SYNONYM, ""), ""
    if request.method == "POST":
        form = await posted(request)
        try:
            if form.get("remove"):  # already gone (a second click): nothing left to do
                await programs_synonyms.remove_synonym(int_or_404(str(form["remove"])),
                                                       actor=actor(request))
            else:
                values = program_form.synonym_values(form)
                await programs_synonyms.add_synonym(
                    values["phrase"], competency=values["competency"], words=values["words"],
                    actor=actor(request))
        except ServiceError as exc:
            error = error_text(exc)
        else:
            raise web.HTTPFound(request.path)
    context = {"rows": await programs_synonyms.list_synonyms(), "values": values,
               "error": error, "max": programs_synonyms.MAX_PHRASE,
               "competencies": (await programs_editing.choices()).competencies}
    return aiohttp_jinja2.render_template("programs/synonyms.html", request, context,
                                          status=422 if error else 200)
