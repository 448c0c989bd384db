"""How /courses words a program's kind, form, price and place, and the filters set."""

from __future__ import annotations

from backend.i18n import N_
from backend.services.programs import ProgramInfo, free_for_everyone
from dialogs.context import Ctx

KINDS = {
    "prof_training": N_("Vocational training"),
    "prof_retraining": N_("Vocational retraining"),
    "prof_upskilling": N_("Vocational upskilling"),
    "dpo_upskilling": N_("Professional development course"),
    "dpo_retraining": N_("Professional retraining (diploma)"),
    "general": N_("General development course"),
}
FORMS = {"ochnaya": N_("full-time"), "ochno_zaochnaya": N_("part-time"),
         "zaochnaya": N_("extramural")}
PRICES = {"free": N_("free"), "paid": N_("paid")}


def price(ctx: Ctx, program: ProgramInfo) -> str:
    if program.price:
        return ctx._(N_("{price} ₽")).format(price=f"{program.price:,}".replace(",", " "))
    if free_for_everyone(program):
        return ctx._(N_("free"))
    return ctx._(N_("free for: {who}")).format(who="; ".join(program.free_for))


def where(program: ProgramInfo) -> str:
    place = program.place or program.municipality
    return program.organization + (f", {place}" if place else "")


def filter_summary(ctx: Ctx) -> str:
    shown = filter_list(ctx, ctx.data.get("filters", {}))
    return ctx._(N_("Filters: {list}")).format(list=", ".join(shown)) if shown else ""


def filter_list(ctx: Ctx, values: dict) -> list[str]:
    """The set filters in words (the area or test result is the search's own label)."""
    shown = []
    if values.get("municipality"):
        shown.append(values["municipality"])
    if values.get("free") is not None:
        shown.append(ctx._(PRICES["free" if values["free"] else "paid"]))
    if values.get("form"):
        shown.append(ctx._(FORMS[values["form"]]))
    if values.get("distance"):
        shown.append(ctx._(N_("online")))
    if values.get("type"):
        shown.append(ctx._(KINDS[values["type"]]))
    if values.get("month"):
        shown.append(ctx._(N_("starts within a month")))
    return shown
