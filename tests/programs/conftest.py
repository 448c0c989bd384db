"""A resident at the main menu of a catalog seeded with the demo programs."""

from datetime import UTC, datetime

import pytest

from backend.demo import programs as demo_programs
from tests.talk import Talker, onboard

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
async def talk(mode) -> Talker:
    await demo_programs.seed(NOW)
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk)
    return talk
