"""The main menu: one entry per dialog that works today."""

from backend.i18n import N_
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Jump, Option


def menu_dialog(entries: list[Dialog]) -> Dialog:
    options = tuple(Option(d.id, d.title) for d in entries)

    async def text(ctx: Ctx) -> str:
        return ctx._(N_("Main menu. What would you like to do?"))

    return Dialog(
        "menu",
        steps=[Choose("item", text, options=options, save_as="item",
                      next=lambda data: Jump(data["item"]))],
        title=N_("Main menu"),
        command="menu",
        about=N_("main menu"),
        resumable=False,
    )
