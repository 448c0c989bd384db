"""/language: switch between Russian and English."""

from backend.i18n import N_
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Do, Say
from dialogs.start import LANGUAGES


async def save(ctx: Ctx) -> None:
    ctx.user = await users.set_locale(ctx.user.id, ctx.data["locale"])


DIALOG = Dialog(
    "language",
    steps=[
        Choose("locale", N_("Choose your language:"), options=LANGUAGES, save_as="locale"),
        Do("save", save),
        Say("done", N_("Done! I will speak English with you.")),
    ],
    title=N_("🌐 Language"),
    command="language",
    about=N_("change the language"),
    resumable=False,
)
