"""The main menu: one entry per dialog that works today; words typed there are a search."""

from backend.i18n import N_
from dialogs.context import Ctx
from dialogs.model import TYPED, Choose, Dialog, Jump, Option

SEARCH = "q:"  # the argument a dialog opened with typed words gets: "q:<words>"


def menu_dialog(entries: list[Dialog], search: str) -> Dialog:
    """`search`: the dialog that takes what is typed at the menu («хочу на сварщика»)."""
    options = tuple(Option(d.id, d.title) for d in entries)

    async def text(ctx: Ctx) -> str:
        return ctx._(N_("Main menu. What would you like to do?"))

    def chosen(data: dict) -> Jump:
        if data["item"] == TYPED:
            return Jump(search, SEARCH + data["query"])
        return Jump(data["item"])

    return Dialog(
        "menu",
        steps=[Choose("item", text, options=options, save_as="item", typed="query",
                      next=chosen)],
        title=N_("Main menu"),
        command="menu",
        about=N_("main menu"),
        resumable=False,
    )
