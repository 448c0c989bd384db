"""Platform-neutral dialogs. REGISTRY maps a dialog id to its definition."""

from dialogs import (
    career_test,
    chat_link,
    consent,
    consult,
    courses,
    events,
    events_mine,
    help,
    language,
    mydata,
    profile,
    start,
    stop,
    surveys,
)
from dialogs.menu import menu_dialog
from dialogs.model import Dialog


def build_registry(dialogs: list[Dialog]) -> dict[str, Dialog]:
    menu = menu_dialog([d for d in dialogs if d.in_menu])
    return {d.id: d for d in [menu, *dialogs]}


# Menu order is the order here; each capability adds its dialog to this list.
REGISTRY = build_registry(
    [career_test.DIALOG, courses.DIALOG, events.DIALOG, events_mine.DIALOG, surveys.DIALOG,
     consult.DIALOG, mydata.DIALOG, help.DIALOG, profile.DIALOG, language.DIALOG, start.DIALOG,
     consent.DIALOG, stop.DIALOG, chat_link.DIALOG]
)
