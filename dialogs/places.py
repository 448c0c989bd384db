"""The region's municipalities as options: a town typed by its own name («Няндома») finds
its district."""

from backend.programs.places import place_label
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Option


async def places(ctx: Ctx | None = None) -> list[Option]:
    return [Option(str(place.id), label(place), translate=False,
                   aliases=(place.name, place.centre))
            for place in await users.list_municipalities()]


def label(place: users.Place) -> str:
    """«Каргопольский округ», not a bare adjective; a town by its own name."""
    return place_label(place.name, place.kind)
