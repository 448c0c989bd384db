"""The site's sign-up below HTTP: one transaction over the bot's services."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.errors import ServiceError
from backend.models import Application, AuditEvent, Consent, Registration, User
from public_web import signup
from public_web.browser import external_id
from tests.site.helpers import make_event, make_program, place

VALUES = {"full_name": "Анна Иванова", "phone": "+79111234567"}


async def test_a_browser_nobody_signed_up_from_is_nobody_and_stays_so(mode):
    assert await signup.resident(None) is None
    assert await signup.resident("a-token-never-seen") is None
    assert await User.all().count() == 0


async def test_a_refusal_after_consent_leaves_nothing_half_written(mode):
    event = await make_event(min_age=14, max_age=17)
    values = {**VALUES, "municipality_id": (await place()).id, "age_group": "50+"}
    with pytest.raises(ServiceError) as refused:
        await signup.register("token-1", event.id, values, locale="ru", evidence="/events/1",
                              now=datetime.now(UTC))
    assert refused.value.code == "event_age"
    for model in (User, Consent, Registration, AuditEvent):
        assert await model.all().count() == 0, model.__name__


async def test_one_token_one_resident_consent_recorded_once(mode):
    program = await make_program()
    event = await make_event()
    values = {**VALUES, "municipality_id": (await place()).id, "age_group": "25-34"}
    now = datetime.now(UTC)
    number, new = await signup.apply("token-2", program.id, values, locale="en",
                                     evidence="/programs/WELD-1", now=now)
    outcome = await signup.register("token-2", event.id, values, locale="en",
                                    evidence=f"/events/{event.id}", now=now)
    user = await signup.resident("token-2")
    assert user is not None and user.pd_consent and user.has_contact
    assert (await User.get()).external_id == external_id("token-2") != "token-2"
    assert new and await Application.get(id=number)
    assert outcome.registration.status == "confirmed" and outcome.new
    given = await Consent.all()
    assert [(c.locale, c.channel) for c in given] == [("en", "site")]
