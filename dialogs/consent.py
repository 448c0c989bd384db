"""The separate, versioned consent to personal-data processing (152-FZ art. 9)."""

from backend import consent
from backend.i18n import N_
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Do, Jump, Option, Say
from dialogs.words import NO, YES

ANSWERS = (Option("yes", N_("I agree"), aliases=(*YES, "согласен", "согласна", "agree")),
           Option("no", N_("I do not agree"),
                  aliases=(*NO, "не согласен", "не согласна", "disagree")))


async def consent_text(ctx: Ctx) -> str:
    return consent.text(consent.PROCESSING, ctx.locale)


async def record(ctx: Ctx) -> None:
    ctx.user = await users.record_consent(
        ctx.user.id,
        consent.PROCESSING,
        ctx.data["answer"] == "yes",
        locale=ctx.locale,
        channel=ctx.channel,
        evidence=ctx.evidence,
    )


async def outcome(ctx: Ctx) -> str:
    if ctx.user.pd_consent:
        return ctx._(N_("Thank you! Your consent is saved. You can withdraw it at any time "
                        "in «My data» (/mydata)."))
    return ctx._(N_("All right, we will not collect your personal data. Help, the choice of "
                    "language, the catalog and events work without it; whatever needs your data "
                    "will ask again. You can change your mind in «My data» (/mydata)."))


async def go_on(ctx: Ctx) -> Jump | None:
    """Continue to where the resident was heading: a deep link or a dialog that needed consent."""
    if ctx.user.pd_consent and ctx.arg:
        name, _, arg = ctx.arg.partition("-")
        return Jump(name, arg or None)
    return None


DIALOG = Dialog(
    "consent",
    steps=[
        Choose("answer", consent_text, options=ANSWERS, save_as="answer"),
        Do("record", record),
        Say("outcome", outcome),
        Do("go_on", go_on),
    ],
    title=N_("Consent"),
    resumable=False,
)
