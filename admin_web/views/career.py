"""Career test statistics: charts on the page, the same figures as an XLSX workbook."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web import i18n
from admin_web.forms import career as forms
from admin_web.i18n import gettext as _
from admin_web.views.common import actor, attachment, error_text, posted, require
from backend import sheets
from backend.career.scoring import TYPES
from backend.errors import ServiceError
from backend.i18n import N_
from backend.services import career, career_editing, career_statistics
from backend.services.career_statistics import Statistics


async def _type_names() -> dict[str, str]:
    texts = await career.type_texts(await career.current_version())
    return {kind: career.localized(text, "name", i18n.locale.get())
            for kind, text in texts.items()}


def _workbook(stats: Statistics, names: dict[str, str]) -> bytes:
    summary = [(_(N_("Finished tests")), stats.results),
               (_(N_("Tests started")), stats.attempts),
               (_(N_("Completion rate")), stats.completion),
               (_(N_("Median duration, minutes")), stats.median_minutes)]
    return sheets.to_xlsx([
        (_(N_("Summary")), summary),
        (_(N_("By type")), [(names[t], n) for t, n in stats.by_type.items()]),
        (_(N_("By municipality")),
         [(name or _(N_("not given")), n) for name, n in stats.by_municipality]),
        (_(N_("By age group")), _age_rows(stats)),
        (_(N_("Stopped at item")), list(stats.stopped_at.items()))])


def _age_rows(stats: Statistics) -> list[tuple[str, int]]:
    return [(group or _(N_("not given")), n) for group, n in stats.by_age_group]


@require("career.stats")
async def statistics(request: web.Request) -> web.Response:
    stats, names = await career_statistics.statistics(), await _type_names()
    if request.query.get("format") == "xlsx":
        return attachment(_workbook(stats, names), "career-test.xlsx")
    by_type = [(names[t], n) for t, n in stats.by_type.items()]
    return aiohttp_jinja2.render_template("career/statistics.html", request,
                                          {"stats": stats, "by_type": by_type,
                                           "by_age": _age_rows(stats)})


@require("career.edit")
async def edit(request: web.Request) -> web.Response:
    """The current version as a form; saving makes a new version."""
    version = await career.current_version()
    items, texts = await career.items(version), await career.type_texts(version)
    error, status = "", 200
    if request.method == "POST":
        form = await posted(request)
        items, texts = forms.test_items(form, len(items)), forms.type_texts(form)
        try:
            await career_editing.publish_version(actor(request), items, texts)
        except ServiceError as exc:
            error, status = error_text(exc), 422
        else:
            raise web.HTTPFound(request.path + "?saved=1")
    return aiohttp_jinja2.render_template(
        "career/edit.html", request,
        {"items": items, "texts": texts, "types": TYPES, "error": error,
         "version": await career.version_number(version)}, status=status)


@require("career.edit")
async def weights(request: web.Request) -> web.Response:
    """How strongly each type points to each competency: the test's program recommendations."""
    competencies = await career_editing.list_competencies()
    values = await career.weights()
    error, status = "", 200
    if request.method == "POST":
        values = forms.weights(await posted(request), [c.id for c in competencies])
        try:
            await career_editing.set_weights(actor(request), values)
        except ServiceError as exc:
            error, status = error_text(exc), 422
        else:
            raise web.HTTPFound(request.path + "?saved=1")
    return aiohttp_jinja2.render_template(
        "career/weights.html", request,
        {"competencies": competencies, "values": values, "types": TYPES,
         "names": await _type_names(), "error": error}, status=status)
