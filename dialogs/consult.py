"""/consult: ask a career counsellor to call back. An application of its own kind; offered
beside writing a question in «Ask a person» (dialogs/consultations.py)."""

from __future__ import annotations

from backend.i18n import N_
from backend.services import applications
from dialogs.applications import contact_steps, save_contact
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Do, Option, Say


async def submit(ctx: Ctx) -> None:
    await save_contact(ctx)
    number, new = await applications.apply(ctx.user.id, "consultation", channel=ctx.channel)
    ctx.data["application"] = [number, new]


async def sent_text(ctx: Ctx) -> str:
    number, new = ctx.data["application"]
    if not new:
        return ctx._(N_("Your request No. {number} is already with a counsellor; they will "
                        "call you soon.")).format(number=number)
    return ctx._(N_("Thank you! Request No. {number} is sent. A counsellor will call you within "
                    "three working days.")).format(number=number)


DIALOG = Dialog(
    "consult",
    steps=[
        Choose("intro", N_("A career counsellor of the Center will call you, free of charge, to "
                           "talk about what suits you: professions, programs, first steps."),
               options=(Option("go", N_("📞 Ask for a call")),), save_as="go"),
        *contact_steps(),
        Do("submit", submit, settles=True),
        Say("sent", sent_text),
    ],
    title=N_("💬 Talk to a counsellor"),
    command="consult",
    words=N_("call me; call back; counsellor; career consultation"),
    about=N_("a career counsellor calls you back"),
    needs_consent=True,
)
