"""Import and export of the catalog in the panel: the same service as `copp import programs`."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.i18n import gettext as _
from admin_web.views.common import actor, error_text, require
from backend.catalog.rules import MESSAGES
from backend.errors import ServiceError
from backend.services import catalog


@require("catalog.manage")
async def import_page(request: web.Request) -> web.Response:
    context: dict = {"report": None, "error": "", "problems": []}
    if request.method == "POST":
        form = await request.post()
        upload = form.get("file")
        if not hasattr(upload, "file"):
            context["error"] = _("Choose a CSV or XLSX file.")
        else:
            try:  # the platform's 1 MB body limit already bounds the size (413 beyond)
                report = await catalog.import_programs(
                    upload.file.read(), upload.filename or "catalog.csv", actor=actor(request),
                    dry_run=form.get("dry_run") == "yes",
                    create_missing=form.get("create_missing") == "yes")
            except ServiceError as exc:
                context["error"] = error_text(exc)
            else:
                context["report"] = report
                context["problems"] = [
                    (p.row, p.column, _(MESSAGES[p.code]).format(**p.params))
                    for p in report.problems]
                context["applied"] = not (report.problems or form.get("dry_run") == "yes")
    status = 422 if context["error"] or context["problems"] else 200
    return aiohttp_jinja2.render_template("catalog/import.html", request, context, status=status)


@require("catalog.manage")
async def export(request: web.Request) -> web.Response:
    name = "catalog.xlsx" if request.query.get("format") == "xlsx" else "catalog.csv"
    kind = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if name.endswith(".xlsx") else "text/csv")
    return web.Response(body=await catalog.export_programs(name), content_type=kind,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
