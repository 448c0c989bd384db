"""The channel fakes, as in tests/dialogs."""

from tests.dialogs.conftest import telegram_fake, vk_fake

__all__ = ["telegram_fake", "vk_fake"]
