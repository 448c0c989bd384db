"""/help: what the bot does and which commands it knows."""

from backend.i18n import N_
from dialogs.context import Ctx
from dialogs.model import Dialog, Say

INTRO = N_(
    "I am the bot of the Center for Advanced Professional Training of Arkhangelsk Region "
    "(ЦОПП АО). Use the buttons under my messages, or type the number of a button. "
    "Commands:"
)


def command_list(registry: dict[str, Dialog]) -> list[tuple[str, str]]:
    """(command, msgid of what it does), /start first; commands without `about` are unlisted."""
    dialogs = {d.id: d for d in registry.values()}.values()  # an alias is the same dialog
    listed = [(d.command, d.about) for d in dialogs if d.command and d.about]
    return [("start", N_("start again"))] + sorted(listed, key=lambda item: item[0] == "help")


async def help_text(ctx: Ctx) -> str:
    from dialogs import REGISTRY  # the registry includes this dialog

    lines = [f"/{name} — {ctx._(about)}" for name, about in command_list(REGISTRY)]
    return "\n".join([ctx._(INTRO), *lines])


DIALOG = Dialog("help", steps=[Say("text", help_text)], title=N_("❓ Help"), command="help",
                words=N_("help"),
                about=N_("this help"), resumable=False, in_menu=True)
