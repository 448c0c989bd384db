"""/stop: no more mailings. Messages about the resident's own registrations still arrive."""

from backend.i18n import N_
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Dialog, Do, Say


async def unsubscribe(ctx: Ctx) -> None:
    ctx.user = await users.set_subscribed(ctx.user.id, False)


DIALOG = Dialog(
    "stop",
    steps=[
        Do("unsubscribe", unsubscribe),
        Say("done", N_("Done: no more mailings from us. Reminders about your own registrations "
                       "will still come. To turn mailings back on, open «My data» (/mydata).")),
    ],
    title=N_("Stop mailings"),
    command="stop",
    about=N_("stop mailings (messages about your registrations still arrive)"),
    resumable=False,
)
