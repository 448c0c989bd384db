"""Applying through the service: the rules hold whoever calls it, not only the dialog."""

from __future__ import annotations

from datetime import date

import pytest

from backend.errors import ServiceError
from backend.models import Application, Organization, Program, User
from backend.services import applications

TODAY = date(2026, 11, 28)


async def program_starting(start: date | None) -> int:
    college = await Organization.create(name="Колледж (демо)")
    program = await Program.create(code="P-1", title="Программа", type="prof_training",
                                   form="ochnaya", hours=300, document="свидетельство",
                                   status="published", organization_id=college.id,
                                   start_date=start)
    return program.id


async def resident() -> int:
    user = await User.create(platform="vk", external_id="5", pd_consent=True,
                             full_name="Анна Иванова", phone="+79115551234")
    return user.id


async def test_a_program_that_has_started_takes_no_applications(mode):
    program_id, user_id = await program_starting(date(2026, 11, 14)), await resident()
    with pytest.raises(ServiceError) as refused:
        await applications.apply(user_id, "program", program_id=program_id, channel="vk",
                                 today=TODAY)
    assert refused.value.code == "program_unavailable"
    assert await Application.all().count() == 0


async def test_a_program_starting_today_or_later_takes_them(mode):
    program_id, user_id = await program_starting(TODAY), await resident()
    number, new = await applications.apply(user_id, "program", program_id=program_id,
                                           channel="vk", today=TODAY)
    assert new and await Application.filter(id=number).exists()
