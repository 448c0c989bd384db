"""The region's municipalities as options: a town typed by its own name («Няндома») finds
its district."""

from backend.programs.places import place_label
from backend.programs.translit import to_latin
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Option


async def places(ctx: Ctx | None = None) -> list[Option]:
    return [Option(str(place.id), label(place), translate=False,
                   aliases=(place.name, place.centre, *latin(place.centre)))
            for place in await users.list_municipalities()]


def label(place: users.Place) -> str:
    """«Каргопольский округ», not a bare adjective; a town by its own name."""
    return place_label(place.name, place.kind)


def latin(name: str) -> tuple[str, ...]:
    """A town's name as people write it in Latin letters: «Архангельск» → arhangelsk,
    arkhangelsk."""
    spellings = (" ".join(to_latin(word) or word for word in text.split())
                 for text in (name.lower(), name.lower().replace("х", "kh")))
    return tuple(dict.fromkeys(spellings))
