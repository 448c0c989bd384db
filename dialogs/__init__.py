"""Platform-neutral dialogs. REGISTRY maps a dialog id to its definition."""

from dialogs import (
    career,
    chat_link,
    consent,
    consult,
    consultations,
    events,
    events_mine,
    help,
    language,
    mydata,
    profile,
    programs,
    start,
    stop,
    surveys,
)
from dialogs.menu import menu_dialog
from dialogs.model import Dialog

# Old ids still open their dialog: deep links already sent, sessions stored before a rename.
ALIASES = {"courses": "programs", "career_test": "career"}


def build_registry(dialogs: list[Dialog], aliases: dict[str, str] = ALIASES
                   ) -> dict[str, Dialog]:
    menu = menu_dialog([d for d in dialogs if d.in_menu], search=programs.DIALOG.id)
    registry = {d.id: d for d in [menu, *dialogs]}
    return registry | {old: registry[new] for old, new in aliases.items()}


# Menu order is the order here; each capability adds its dialog to this list.
REGISTRY = build_registry(
    [career.DIALOG, programs.DIALOG, events.DIALOG, events_mine.DIALOG, surveys.DIALOG,
     consultations.DIALOG, consult.DIALOG, mydata.DIALOG, help.DIALOG, profile.DIALOG,
     language.DIALOG, start.DIALOG, consent.DIALOG, stop.DIALOG, chat_link.DIALOG]
)
