"""First contact: greeting and language, then the consent dialog."""

from backend.i18n import N_, gettext
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Choose, Dialog, Do, Jump, Option

GREETING = N_(
    "Hello! I am the bot of the Center for Advanced Professional Training of "
    "Arkhangelsk Region. I will help you choose a profession, find courses and sign up "
    "for events."
)
CHOOSE_LANGUAGE = N_("Choose your language:")
LANGUAGES = (Option("ru", "Русский", translate=False), Option("en", "English", translate=False))


async def greeting(ctx: Ctx) -> str:
    other = "en" if ctx.locale == "ru" else "ru"
    return "\n\n".join(
        (ctx._(GREETING), ctx._(CHOOSE_LANGUAGE) + " / " + gettext(other, CHOOSE_LANGUAGE))
    )


async def save_language(ctx: Ctx) -> Jump:
    ctx.user = await users.set_locale(ctx.user.id, ctx.data["locale"])
    return Jump("consent", ctx.arg)


DIALOG = Dialog(
    "start",
    steps=[
        Choose("language", greeting, options=LANGUAGES, save_as="locale"),
        Do("save", save_language),
    ],
    resumable=False,
)
