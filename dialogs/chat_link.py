"""/link CODE (or the deep link chat_link-CODE): staff link this chat to their panel account."""

from backend.i18n import N_
from backend.services import chat_links
from dialogs.context import Ctx
from dialogs.model import Dialog, Do, Say


async def link(ctx: Ctx) -> None:
    ctx.data["login"] = await chat_links.redeem(ctx.arg or "", ctx.user.id, now=ctx.now)


DIALOG = Dialog(
    "chat_link",
    steps=[
        Do("link", link),
        Say("done", N_("Done: this chat is linked to the staff account «{login}». Test "
                       "broadcasts from the admin panel will come here.")),
    ],
    command="link",  # no `about`: staff use it, residents' command lists do not show it
    resumable=False,
)
