"""/myevents: my registrations — the ticket again, a calendar file, a freed seat, cancelling.

The dialog id stays "myevents": notices, deep links and stored sessions carry it."""

from __future__ import annotations

from backend.events import ticket
from backend.events.values import RegistrationInfo
from backend.i18n import N_
from backend.services import events
from backend.untrusted import whole
from dialogs.context import Ctx
from dialogs.events import calendar_attachment, ticket_text
from dialogs.model import END, Attachment, Choose, Dialog, Do, Option, Say
from dialogs.mydata import application_lines
from dialogs.once import forget, per_turn
from dialogs.words import YES


async def opening(ctx: Ctx) -> None:
    """A notice's button opens one registration: myevents-r12."""
    arg = ctx.arg or ""
    if arg.startswith("r") and whole(arg[1:]) is not None:
        ctx.data["pick"] = arg[1:]


async def _coming(ctx: Ctx) -> list[RegistrationInfo]:
    return await per_turn(ctx, ("mine",),
                          lambda: events.coming_registrations(ctx.user.id, ctx.now))


async def list_text(ctx: Ctx) -> str:
    """Coming events, then the applications for programs: both are «my registrations»."""
    mine = await _coming(ctx)
    if mine:
        lines = [ctx._(N_("Your registrations:"))]
        lines += [f"{i}. {r.event.title} — {ctx.datetime(r.event.starts_at)}"
                  for i, r in enumerate(mine, start=1)]
    else:
        lines = [ctx._(N_("You have no registrations for coming events. /events shows what is "
                          "on."))]
    if applied := await application_lines(ctx):
        lines += ["", *applied]
    return "\n".join(lines)


async def list_options(ctx: Ctx) -> list[Option]:
    return [Option(str(r.id), str(i), translate=False)
            for i, r in enumerate(await _coming(ctx), start=1)]


async def _registration(ctx: Ctx) -> RegistrationInfo | None:
    pick = int(ctx.data["pick"])
    registration = await per_turn(ctx, ("registration", pick),
                                  lambda: events.registration_of(pick, ctx.user.id))
    return registration if registration and registration.status in events.ACTIVE else None


async def card_text(ctx: Ctx) -> str:
    registration = await _registration(ctx)
    if registration is None:
        return ctx._(N_("This registration is no longer active."))
    position = await events.position(registration)
    return ticket_text(ctx, registration, position=position)


async def card_picture(ctx: Ctx) -> Attachment | None:
    registration = await _registration(ctx)
    if registration is None or registration.status != "confirmed":
        return None
    return Attachment("ticket.png", ticket.qr_png(registration.ticket))


async def actions(ctx: Ctx) -> list[Option]:
    registration = await _registration(ctx)
    if registration is None:
        return []
    options = []
    if registration.status == "offered":
        options.append(Option("take", N_("✅ Take the seat")))
    if registration.status in ("confirmed", "pending"):
        options.append(Option("calendar", N_("📆 Calendar file")))
    if ctx.now <= registration.event.cancellation_deadline:
        options.append(Option("cancel", N_("✖ Cancel my registration")))
    return options


def after_action(data: dict) -> str:
    return {"take": "take", "calendar": "calendar", "cancel": "sure"}[data["action"]]


async def calendar_file(ctx: Ctx) -> Attachment | None:
    registration = await _registration(ctx)
    return calendar_attachment(registration.event, ctx) if registration else None


async def take(ctx: Ctx) -> None:
    await events.confirm_offer(int(ctx.data["pick"]), ctx.user.id, now=ctx.now)
    forget(ctx)


async def cancel(ctx: Ctx) -> None:
    await events.cancel(int(ctx.data["pick"]), ctx.user.id, now=ctx.now)
    forget(ctx)


DIALOG = Dialog(
    "myevents",
    steps=[
        Do("open", opening, next=lambda data: "card" if "pick" in data else "list"),
        Choose("list", list_text, options=list_options, save_as="pick"),
        Say("card", card_text, attachment=card_picture),
        Choose("actions", N_("What would you like to do?"), options=actions, save_as="action",
               next=after_action),
        Do("take", take, next="card"),
        Say("calendar", N_("Add it to your calendar:"), attachment=calendar_file, next="actions"),
        Choose("sure", N_("Cancel your registration? Your seat will go to the next person in "
                          "line."), options=(Option("yes", N_("Yes, cancel"), aliases=YES),),
               save_as="sure"),
        Do("cancel", cancel),
        Say("cancelled", N_("Your registration is cancelled."), next=END),
    ],
    title=N_("🎟 My registrations"),
    command="myevents",
    words=N_("my registrations; my events; my tickets"),
    about=N_("your tickets and registrations"),
    needs_consent=True,
    in_menu=True,
)
