"""Whatever a resident types or whatever deep link they open: a reply, never the apology."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import FUZZ, NUMBERS, VALUES
from tests.talk import Talker, onboard

# The deep links that carry an id (a notice's or broadcast's button, t.me/bot?start=...).
LINKS = st.builds("/start {}{}".format, st.sampled_from(
    ["courses-p", "events-e", "myevents-r", "surveys-s"]), st.one_of(NUMBERS, VALUES))
COMMANDS = st.builds("/{} {}".format, st.sampled_from(
    ["start", "courses", "events", "myevents", "surveys", "mydata", "consult"]), VALUES)
TYPED = st.one_of(VALUES, LINKS, COMMANDS)


@pytest.fixture
async def talk(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    return talk


@FUZZ
@given(text=TYPED)
async def test_anything_typed_gets_a_reply_and_never_the_apology(talk, caplog, text):
    caplog.set_level(logging.ERROR)
    caplog.clear()
    await talk(text)
    assert talk.last and "что-то пошло не так" not in talk.text(), text
    assert not caplog.records, text
