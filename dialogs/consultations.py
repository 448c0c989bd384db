"""/operator: a question to a person. The resident writes, a consultant of the Center answers
in the same messenger; while the conversation is open, what they type here goes to it.
«Main menu» leads back to the bot, /operator (or the reply's button) back to the conversation.
A call back instead is the older «Профконсультант» request (dialogs/consult.py)."""

from __future__ import annotations

from backend.i18n import N_
from backend.services import consultations
from dialogs.context import Ctx
from dialogs.model import END, Ask, Branch, Choose, Dialog, Do, Jump, NeedsConsent, Option, Say

WAYS = (Option("write", N_("✍️ Write my question")),
        Option("call", N_("📞 Ask for a call back")))


def when(ctx: Ctx) -> str:
    """Who answers and when, by the working hours at this moment."""
    promise = consultations.promise(ctx.now)
    if promise.open_now:
        return ctx.ngettext("Consultants are at work now: the answer usually comes within "
                            "{n} minute.",
                            "Consultants are at work now: the answer usually comes within "
                            "{n} minutes.", promise.minutes).format(n=promise.minutes)
    return ctx._(N_("Consultants work on working days from 9:00 to 17:00, Arkhangelsk time. "
                    "The answer will come after {moment}.")).format(
        moment=ctx.datetime(promise.opens_at))


async def enter(ctx: Ctx) -> str:
    """A rating from the closing message's buttons, the open conversation, or the start."""
    if ctx.arg and ctx.arg.startswith("r"):
        return "rate"
    number = await consultations.open_one(ctx.user.id) if ctx.user.pd_consent else None
    if number:
        ctx.data.update(state="back", number=number)
        return "chat"
    return "intro"


async def intro(ctx: Ctx) -> str:
    return ctx._(N_("Ask the Center's consultants anything the bot cannot answer: professions, "
                    "programs, events, studying. A consultant will answer you here, in this "
                    "chat.")) + "\n\n" + when(ctx)


async def open_it(ctx: Ctx) -> None:
    number, new = await consultations.ask(ctx.user.id, ctx.data.pop("question"),
                                          channel=ctx.channel, now=ctx.now)
    ctx.data.update(state="opened" if new else "added", number=number)


async def chat_text(ctx: Ctx) -> str:
    _, number = ctx._, ctx.data.get("number")
    how = _(N_("Write here: your messages go to the consultant. «Main menu» takes you back to "
               "the bot; /operator brings you back to this conversation."))
    state = ctx.data.get("state")
    if state == "sent":
        return _(N_("✓ Sent to your conversation No. {number}.")).format(number=number)
    if state == "opened":
        head = _(N_("Thank you! Your question No. {number} is with the consultants.")).format(
            number=number) + " " + when(ctx)
    elif state == "added":
        head = _(N_("Added to your open question No. {number}.")).format(number=number)
    else:
        head = _(N_("This is your conversation No. {number} with the consultants.")).format(
            number=number)
    return f"{head}\n\n{how}"


async def send(ctx: Ctx) -> str:
    number = await consultations.write(ctx.user.id, ctx.data.pop("message"), now=ctx.now)
    if number is None:
        return "closed"
    ctx.data.update(state="sent", number=number)
    return "chat"


async def rate(ctx: Ctx) -> None:
    number, _, score = (ctx.arg or "")[1:].partition(".")
    saved = (number.isdecimal() and score.isdecimal()
             and await consultations.rate(ctx.user.id, int(number), int(score)))
    ctx.data["rated"] = bool(saved)


async def rated_text(ctx: Ctx) -> str:
    if ctx.data.get("rated"):
        return ctx._(N_("Thank you for the rating! It helps us answer better."))
    return ctx._(N_("This rating could not be saved: the conversation is not closed or not "
                    "yours."))


DIALOG = Dialog(
    "consultations",
    steps=[
        Do("enter", enter),
        Choose("intro", intro, options=WAYS, save_as="way",
               next=Branch("way", {"write": "consent", "call": Jump("consult")})),
        NeedsConsent("consent"),
        Ask("question", N_("Write your question in one message: what would you like to know? "
                           "The more precise, the better the answer."),
            save_as="question", max_length=consultations.MAX_TEXT),
        Do("open", open_it, next="chat", settles=True),
        Ask("chat", chat_text, save_as="message", max_length=consultations.MAX_TEXT),
        Do("send", send, settles=True),
        Say("closed", N_("This conversation has already been closed. You can ask a new "
                         "question."), next="intro"),
        Do("rate", rate),
        Say("rated", rated_text, next=END),
    ],
    title=N_("🙋 Ask a person"),
    command="operator",
    words=N_("person; a real person; live person; human; consultant; operator; "
             "ask a person; ask a question"),
    about=N_("a question to a consultant of the Center"),
    in_menu=True,
)
