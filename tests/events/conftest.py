"""A resident at the main menu, at the events' test time."""

import pytest

from tests.events.helpers import NOW
from tests.talk import Talker, onboard


@pytest.fixture
async def talk(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk)
    return talk
