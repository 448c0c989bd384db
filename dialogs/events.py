"""/events: what is coming up, a card, registration with a QR ticket and a calendar file."""

from __future__ import annotations

from backend.events import ticket
from backend.events.values import EventInfo, RegistrationInfo
from backend.i18n import N_
from backend.services import events
from backend.untrusted import whole
from dialogs.applications import age_steps, contact_steps, save_contact
from dialogs.context import Ctx
from dialogs.events_card import card_options, card_text, check_age, event_of, place_names, seats
from dialogs.filtering import ANY, set_filter
from dialogs.model import Ask, Attachment, Choose, Dialog, Do, Jump, NeedsConsent, Option, Say
from dialogs.once import forget, per_turn
from dialogs.places import places

PAGE = 5
ONLINE = "online"


async def opening(ctx: Ctx) -> None:
    """A deep link opens an event card: events-e12."""
    ctx.data["filters"] = {}
    arg = ctx.arg or ""
    if arg.startswith("e") and whole(arg[1:]) is not None:
        ctx.data["pick"] = arg[1:]


async def _coming(ctx: Ctx) -> list[EventInfo]:
    values = ctx.data.get("filters", {})
    place, kind = values.get("place"), values.get("kind", "")
    return await per_turn(ctx, ("coming", place, kind), lambda: events.upcoming(
        ctx.now, municipality_id=int(place) if place and place != ONLINE else None, kind=kind,
        online=place == ONLINE))


def _where(ctx: Ctx, event: EventInfo, places: dict[int, str]) -> str:
    return places.get(event.municipality_id, "") if event.municipality_id else ctx._(N_("online"))


async def list_text(ctx: Ctx) -> str:
    coming, places = await _coming(ctx), await place_names(ctx)
    if not coming:
        return ctx._(N_("No events match right now. Try another place or kind in the filters, "
                        "or look again in a few days."))
    lines = [ctx.ngettext("{n} event coming up.", "{n} events coming up.",
                          len(coming)).format(n=len(coming)), ""]
    for number, event in enumerate(coming[ctx.page * PAGE:(ctx.page + 1) * PAGE],
                                   start=ctx.page * PAGE + 1):
        lines += [f"{number}. {event.title}",
                  f"   {ctx.datetime(event.starts_at)} · {_where(ctx, event, places)} · "
                  f"{seats(ctx, event)}"]
    lines += ["", ctx._(N_("Tap a number to open an event."))]
    return "\n".join(lines)


async def list_options(ctx: Ctx) -> list[Option]:
    return [Option(str(e.id), str(i), translate=False)
            for i, e in enumerate(await _coming(ctx), start=1)]


FILTERS = (Option("filters", N_("⚙ Place and kind")),)


async def filter_options(ctx: Ctx) -> list[Option]:
    values, _ = ctx.data["filters"], ctx._
    place = values.get("place")
    names = await place_names(ctx)
    shown = _(N_("online")) if place == ONLINE else names.get(int(place)) if place else _(
        N_("anywhere"))
    kind = _(N_("🗂 Kind: {value}")).format(value=_(events.KINDS[values["kind"]])) \
        if values.get("kind") else _(N_("🗂 Kind: any"))
    return [Option("place", _(N_("📍 Where: {value}")).format(value=shown), translate=False),
            Option("kind", kind, translate=False)]


async def place_options(ctx: Ctx) -> list[Option]:
    return [Option(ANY, N_("Anywhere")), Option(ONLINE, N_("Online")), *await places(ctx)]


async def open_mine(ctx: Ctx) -> Jump:
    registration = await events.active_registration(int(ctx.data["pick"]), ctx.user.id)
    return Jump("myevents", f"r{registration.id}" if registration else None)


async def question_text(ctx: Ctx) -> str:
    """The next question, in English where staff wrote one for each; an English reader is
    told before the first one when the form is in Russian only."""
    event = await event_of(ctx)
    number = _answered(ctx.data)
    english = ctx.locale != "ru" and len(event.questions_en) == len(event.questions)
    asked = (event.questions_en if english else event.questions)[number]
    notice = ctx._(N_("These questions are in Russian only: the organizers have not "
                      "translated them. Answer in any language.")) + "\n\n" \
        if number == 0 and ctx.locale != "ru" and not english else ""
    return f"{notice}{number + 1}/{len(event.questions)}\n\n{asked}"


def _answered(data: dict) -> int:
    return sum(1 for key in data if key.startswith("answer") and key[6:].isdigit())


def after_question(data: dict) -> str:
    return "question" if _answered(data) < data["questions"] else "confirm"


async def count_questions(ctx: Ctx) -> None:
    event = await event_of(ctx)
    ctx.data["questions"] = len(event.questions) if event else 0


async def confirm_text(ctx: Ctx) -> str:
    event = await event_of(ctx)
    return ctx._(N_("Shall we register you?\n{title}\n{when}\nThe organizers will see your "
                    "name and phone.")).format(title=event.title if event else "",
                                               when=ctx.datetime(event.starts_at) if event else "")


async def submit(ctx: Ctx) -> None:
    await save_contact(ctx)
    answers = [ctx.data[f"answer{n}"] for n in range(1, ctx.data.get("questions", 0) + 1)]
    outcome = await events.register(int(ctx.data["pick"]), ctx.user.id, channel=ctx.channel,
                                    now=ctx.now, answers=answers)
    forget(ctx)
    ctx.data["outcome"] = [outcome.registration.id, outcome.registration.status,
                           outcome.position, outcome.new]


async def _outcome(ctx: Ctx) -> RegistrationInfo | None:
    registration_id = ctx.data["outcome"][0]
    return await per_turn(ctx, ("registration", registration_id),
                          lambda: events.registration_of(registration_id, ctx.user.id))


async def outcome_text(ctx: Ctx) -> str:
    registration_id, status, position, new = ctx.data["outcome"]
    return ticket_text(ctx, await _outcome(ctx), repeated=not new, position=position)


def ticket_text(ctx: Ctx, registration: RegistrationInfo, *, repeated: bool = False,
                position: int | None = None) -> str:
    event, _ = registration.event, ctx._
    head = {  # the title goes on a line of its own: no quotes within quotes
        "confirmed": N_("You are registered! Show this QR code at the door."),
        "pending": N_("Your registration is sent; the organizers will confirm it."),
        "waiting": N_("No seats left. You are number {position} on the waiting list; we will "
                      "write as soon as a seat is free."),
        "offered": N_("A seat is free for you until {until}."),
    }[registration.status]
    lines = []
    if repeated:
        lines.append(_(N_("You are already registered.")))
    lines.append(_(head).format(position=position or "",
                                until=ctx.datetime(registration.offer_until)
                                if registration.offer_until else ""))
    lines.append(event.title)
    lines.append(_(N_("When: {when}")).format(when=ctx.datetime(event.starts_at)))
    if registration.status == "confirmed":
        place = event.online_url or event.venue
        if place:
            lines.append(_(N_("Where: {place}")).format(place=place))
        lines.append(_(N_("Ticket code: {code}")).format(code=registration.ticket))
    return "\n".join(lines)


async def ticket_picture(ctx: Ctx) -> Attachment | None:
    registration = await _outcome(ctx)
    if registration is None or registration.status != "confirmed":
        return None
    return Attachment("ticket.png", ticket.qr_png(registration.ticket))


async def calendar_file(ctx: Ctx) -> Attachment | None:
    registration = await _outcome(ctx)
    if registration is None or registration.status not in ("confirmed", "pending"):
        return None
    return calendar_attachment(registration.event, ctx)


def calendar_attachment(event: EventInfo, ctx: Ctx) -> Attachment:
    data = ticket.ics(f"event-{event.id}@copp29", event.title, event.starts_at, event.ends_at,
                      event.venue or event.online_url, event.description, ctx.now)
    return Attachment("event.ics", data, is_image=False)


def no_calendar(ctx: Ctx) -> bool:
    """Only a held seat (or one awaiting approval) goes into a calendar."""
    return ctx.data["outcome"][1] not in ("confirmed", "pending")


DIALOG = Dialog(
    "events",
    steps=[
        Do("open", opening, next=lambda data: "card" if "pick" in data else "list"),
        Choose("list", list_text, options=list_options, fixed=FILTERS, save_as="pick",
               page_size=PAGE, next=lambda data: "filters" if data["pick"] == "filters"
               else "card"),
        Choose("filters", N_("Which events to show?"), options=filter_options, save_as="which",
               next=lambda data: "f_place" if data["which"] == "place" else "f_kind"),
        Choose("f_place", N_("Where?"), options=place_options, save_as="f_place"),
        Do("set_place", set_filter("place", "f_place"), next="list"),
        Choose("f_kind", N_("Which kind?"),
               options=(Option(ANY, N_("Any kind")),
                        *(Option(k, v) for k, v in events.KINDS.items())),
               save_as="f_kind"),
        Do("set_kind", set_filter("kind", "f_kind"), next="list"),
        Choose("card", card_text, options=card_options, save_as="action",
               next=lambda data: "mine" if data["action"] == "mine" else "consent"),
        Do("mine", open_mine),
        NeedsConsent("consent"),
        *age_steps(N_("How old are you?")),
        Do("check_age", check_age),
        *contact_steps(),
        Do("questions", count_questions),
        Ask("question", question_text, save_as=lambda ctx: f"answer{_answered(ctx.data) + 1}",
            skip_if=lambda ctx: _answered(ctx.data) >= ctx.data["questions"],
            next=after_question, max_length=500),
        Choose("confirm", confirm_text, options=(Option("send", N_("✅ Register")),),
               save_as="confirm"),
        Do("submit", submit, settles=True),
        Say("outcome", outcome_text, attachment=ticket_picture),
        Say("calendar", N_("Add it to your calendar:"), attachment=calendar_file,
            skip_if=no_calendar),
    ],
    title=N_("📅 Events"),
    command="events",
    words=N_("events; event; open days; career trials; excursions"),
    about=N_("career trials, open days, excursions"),
    in_menu=True,
)
