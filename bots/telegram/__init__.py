from bots.telegram import models  # noqa: F401  (before any other aiogram import)
