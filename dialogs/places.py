"""The region's municipalities as options: a town typed by its own name («Няндома») finds
its district."""

from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Option


async def places(ctx: Ctx | None = None) -> list[Option]:
    return [Option(str(place.id), place.name, translate=False, aliases=(place.centre,))
            for place in await users.list_municipalities()]
