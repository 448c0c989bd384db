"""The platform fakes, for conversations that go through a channel as well."""

import pytest

from tests.fakes.telegram import FakeTelegram
from tests.fakes.vk import FakeVk


@pytest.fixture
async def telegram_fake():
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def vk_fake():
    fake = FakeVk()
    await fake.start()
    yield fake
    await fake.close()
