"""Where the resident lives: it picks programs and events nearby. Personal data: consent first."""

from backend.i18n import N_
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Do, Say
from dialogs.places import places


async def save(ctx: Ctx) -> None:
    await users.set_profile(ctx.user.id, municipality_id=int(ctx.data["municipality"]),
                            channel=ctx.channel)


async def saved(ctx: Ctx) -> str:
    place = await users.municipality_name(int(ctx.data["municipality"]))
    return ctx._(N_("Saved: {place}. We will suggest what is near you.")).format(place=place)


DIALOG = Dialog(
    "profile",
    steps=[
        Choose("municipality", N_("Where do you live? Choose your town or district, or type "
                                  "its name."), options=places, save_as="municipality"),
        Do("save", save),
        Say("saved", saved),
    ],
    title=N_("🏠 Where I live"),
    command="profile",
    about=N_("your town or district"),
    needs_consent=True,
)
