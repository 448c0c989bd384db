"""/mydata's longer parts: event registrations, survey answers, and what withdrawal means."""

from backend.i18n import N_
from backend.services import consultations, residents, users
from dialogs.context import Ctx

SHOWN = 5  # a longer list is counted, its newest shown
REGISTRATION_STATUS = {
    "confirmed": N_("registered"), "pending": N_("awaiting approval"),
    "waiting": N_("waiting list"), "offered": N_("a seat is offered"),
    "cancelled": N_("cancelled"), "declined": N_("declined"), "expired": N_("offer expired"),
}

async def footprints(ctx: Ctx) -> list[str]:
    registrations, answered = await users.footprints(ctx.user.id)
    lines = []
    if registrations:
        lines.append("• " + ctx.ngettext("Event registrations: {n}", "Event registrations: {n}",
                                         len(registrations)).format(n=len(registrations)))
        lines += [f"   {ctx.date(r.moment)} — {r.title} "
                  f"({ctx._(REGISTRATION_STATUS.get(r.status, r.status))})"
                  for r in registrations[:SHOWN]]
    if answered:
        lines.append("• " + ctx.ngettext("Surveys answered: {n}", "Surveys answered: {n}",
                                         len(answered)).format(n=len(answered)))
        lines += [f"   {ctx.date(r.moment)} — {r.title}" for r in answered[:SHOWN]]
    if len(registrations) > SHOWN or len(answered) > SHOWN:
        lines.append("   " + ctx._(N_("(the newest {n} of each are shown)")).format(n=SHOWN))
    return lines

CONVERSATION_STATUS = {"open": N_("open"), "closed": N_("closed")}


async def conversations(ctx: Ctx) -> list[str]:
    """The resident's questions to the consultants: number, date, messages, rating."""
    held = await consultations.of_user(ctx.user.id)
    lines = ["• " + ctx.ngettext("Questions to the consultants: {n}",
                                 "Questions to the consultants: {n}", len(held)).format(
        n=len(held))]
    for conversation in held[:SHOWN]:
        messages = ctx.ngettext("{n} message", "{n} messages", conversation.messages).format(
            n=conversation.messages)
        line = (f"   {ctx._(N_('No. {number}')).format(number=conversation.id)} "
                f"{ctx.date(conversation.created_at)} — {messages}, "
                f"{ctx._(CONVERSATION_STATUS[conversation.status])}")
        if conversation.rating:
            line += ", " + ctx._(N_("your rating {rating}")).format(rating=conversation.rating)
        lines.append(line)
    return lines


async def after_withdrawal(ctx: Ctx) -> str:
    """What withdrawal did and what comes next, as the code really does it."""
    moment = await users.withdrawn_at(ctx.user.id)
    if moment is None:
        return ""
    _ = ctx._
    erased = moment + residents.RETENTION_AFTER_WITHDRAWAL
    return "\n".join([
        _(N_("Consent withdrawn on {date}")).format(date=ctx.date(moment)),
        _(N_("Already done: your name, phone, age and place are deleted; mailings, event "
             "reminders and alerts about new programs no longer come. Applying, registering "
             "for events and mailings need consent.")),
        _(N_("In 30 days, on {date}, we erase who you are: the link to your account and "
             "your alerts. Your past answers and registrations stay only in statistics, "
             "without your name.")).format(date=ctx.date(erased)),
        _(N_("You can give consent again at any time in «My data».")),
    ])

