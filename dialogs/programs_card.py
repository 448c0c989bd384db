"""/courses: a program's card, and applying for it."""

from __future__ import annotations

from backend.i18n import N_
from backend.programs.rules import open_to_minors
from backend.services import applications, programs
from backend.services.programs import ProgramInfo
from dialogs.applications import save_contact
from dialogs.context import Ctx
from dialogs.model import Option
from dialogs.once import per_turn
from dialogs.programs_labels import FORMS, KINDS, price, where


async def program_picked(ctx: Ctx) -> ProgramInfo | None:
    program_id = int(ctx.data["pick"])
    return await per_turn(ctx, ("program", program_id),
                          lambda: programs.find_published(program_id))


async def card_text(ctx: Ctx) -> str:
    program = await program_picked(ctx)
    if program is None:
        return ctx._(N_("This program is no longer in the catalog."))
    _ = ctx._
    form = _(FORMS[program.form]) + (", " + _(N_("online")) if program.distance else "")
    lines = [program.title, "",
             _(KINDS[program.type]) + " · " + ctx.ngettext("{n} hour", "{n} hours",
                                                           program.hours).format(n=program.hours),
             _(N_("Where: {place}")).format(place=where(program)),
             _(N_("Form: {form}")).format(form=form)]
    if program.start_date and not programs.enrolment_open(program, ctx.now.date()):
        lines.append(_(N_("Started {date}: enrolment is closed.")).format(
            date=ctx.date(program.start_date)))
    elif program.start_date:
        lines.append(_(N_("Starts: {date}")).format(date=ctx.date(program.start_date)))
    if program.price or programs.free_for_everyone(program):
        lines.append(_(N_("Price: {price}")).format(price=price(ctx, program)))
    else:
        lines.append(_(N_("Free for: {who}")).format(who="; ".join(program.free_for)))
    lines.append(_(N_("Document: {document}")).format(document=program.document))
    if program.requirements:
        lines.append(_(N_("Who can apply: {requirements}")).format(
            requirements=program.requirements))
    if program.description:
        lines += ["", program.description]
    if program.url:
        lines += ["", program.url]
    return "\n".join(lines)


async def card_options(ctx: Ctx) -> list[Option]:
    program = await program_picked(ctx)
    if program is None:
        return []
    if not programs.enrolment_open(program, ctx.now.date()):
        return [Option("like", N_("🔔 Tell me when a new one starts"))]
    return [Option("apply", N_("✍ Apply"))]


def after_card(data: dict) -> str:
    return "like" if data["action"] == "like" else "consent"


async def mark_adults_only(ctx: Ctx) -> None:
    """Whether the program says it takes adults: a pupil is told before applying."""
    program = await program_picked(ctx)
    ctx.data["adults_only"] = bool(program) and not open_to_minors(
        program.type, program.requirements, program.title)


def adults_only(ctx: Ctx) -> bool:
    return ctx.data.get("adults_only", False)


async def confirm_text(ctx: Ctx) -> str:
    program = await program_picked(ctx)
    title = program.title if program else ""
    lines = []
    if ctx.data.get("adults_only") and ctx.user.age_group == "14-17":
        lines.append(ctx._(N_("Please note: «{title}» takes adults, so you may not be accepted "
                              "before 18. You can still send the application, or find another "
                              "program: the career test (/test) suggests ones open from 14."))
                     .format(title=title))
    lines.append(ctx._(N_("Send your application for «{title}»? {organization} will receive "
                          "your name and phone and contact you.")).format(
        title=title, organization=program.organization if program else ""))
    return "\n\n".join(lines)


async def submit(ctx: Ctx) -> None:
    await save_contact(ctx)
    number, new = await applications.apply(
        ctx.user.id, "program", program_id=int(ctx.data["pick"]), channel=ctx.channel,
        today=ctx.now.date())
    ctx.data["application"] = [number, new]


async def sent_text(ctx: Ctx) -> str:
    number, new = ctx.data["application"]
    if not new:
        return ctx._(N_("You have already applied for this program: application No. {number} "
                        "is being handled.")).format(number=number)
    return ctx._(N_("Thank you! Application No. {number} is sent. They usually call back within "
                    "three working days. «My data» shows your applications.")).format(
        number=number)
