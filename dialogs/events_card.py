"""/events: an event's card, which says who it is for before anything is asked."""

from __future__ import annotations

from backend.events.values import EventInfo
from backend.i18n import N_
from backend.programs.places import place_key
from backend.services import events, users
from dialogs.context import Ctx
from dialogs.model import Option
from dialogs.once import per_turn
from dialogs.places import label


async def place_names(ctx: Ctx) -> dict[int, str]:
    async def load() -> dict[int, str]:
        return {m.id: label(m) for m in await users.list_municipalities()}
    return await per_turn(ctx, ("places",), load)


def seats(ctx: Ctx, event: EventInfo) -> str:
    left = event.seats_left
    if not left:
        return ctx._(N_("full, waiting list open"))
    return ctx.ngettext("{n} seat left", "{n} seats left", left).format(n=left)


async def event_of(ctx: Ctx) -> EventInfo | None:
    pick = int(ctx.data["pick"])
    return await per_turn(ctx, ("event", pick),
                          lambda: events.published_or_cancelled_event(pick))


async def card_text(ctx: Ctx) -> str:
    event = await event_of(ctx)
    if event is None or event.status != "published" or event.starts_at <= ctx.now:
        return ctx._(N_("This event is no longer open for registration."))
    _ = ctx._
    places = await place_names(ctx)
    lines = [event.title, _(events.KINDS[event.kind]), "",
             _(N_("When: {when}")).format(when=ctx.datetime(event.starts_at))]
    if event.municipality_id:
        lines.append(_(N_("Where: {place}")).format(
            place=once(places.get(event.municipality_id, ""), event.venue)))
    else:
        lines.append(_(N_("Online: the link comes with the ticket")))
    if event.audience or events.ages(event):
        who = "; ".join(p for p in (event.audience, events.ages(event)) if p)
        lines.append(_(N_("For whom: {who}")).format(who=who))
    lines.append(seats(ctx, event))
    if event.approval_required:
        lines.append(_(N_("The organizers confirm each registration.")))
    if not _age_fits(ctx, event):
        lines += ["", _(N_("⛔ This event is for ages {ages}, so registration is not open to "
                          "you. Other events are in /events.")).format(ages=events.ages(event))]
    else:
        lines.append(_(N_("Register by {deadline}.")).format(
            deadline=ctx.datetime(event.registration_deadline)))
    if event.description:
        lines += ["", event.description]
    return "\n".join(lines)


def once(town: str, venue: str) -> str:
    """The place named once: a venue that begins with its town («Котлас, ул. Ленина, 1») is
    enough by itself."""
    key = place_key(town)
    if key and venue.casefold().startswith(key) and not venue[len(key):len(key) + 1].isalpha():
        return venue
    return ", ".join(p for p in (town, venue) if p)


def _age_fits(ctx: Ctx, event: EventInfo) -> bool:
    """Whether the resident's age group (when known) is in the event's range."""
    return events.age_fits(ctx.user.age_group, event)


async def check_age(ctx: Ctx) -> str | None:
    """Right after the age is known, before any other question: the card says why not."""
    event = await event_of(ctx)
    return "card" if event is not None and not _age_fits(ctx, event) else None


async def card_options(ctx: Ctx) -> list[Option]:
    event = await event_of(ctx)
    if event is None or event.status != "published":
        return []
    if await events.active_registration(event.id, ctx.user.id):
        return [Option("mine", N_("🎟 My ticket"))]
    if ctx.now > event.registration_deadline or not _age_fits(ctx, event):
        return []
    if not event.seats_left:
        return [Option("join", N_("⏳ Join the waiting list"))]
    return [Option("join", N_("✍ Register"))]
