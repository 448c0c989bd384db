"""Demo activity: the demo residents' applications and event registrations, so the panel's
registers and lists are not empty on a fresh start."""

from __future__ import annotations

import random
from datetime import datetime

from backend.errors import ServiceError
from backend.models import Application, Event, Program, Registration, User
from backend.services import events

STATUSES = ("new", "contacted", "enrolled", "declined")


async def seed(now: datetime) -> dict[str, int]:
    if await Application.filter(is_demo=True).exists():
        return {"applications_created": 0, "registrations_created": 0}
    rng = random.Random(150)
    people = list(await User.filter(is_demo=True, pd_consent=True).order_by("id"))
    for number, person in enumerate(people, start=1):
        await User.filter(id=person.id, full_name__isnull=True).update(
            full_name=f"Житель {number} (демо)", phone=f"+7900000{number:04d}")
    programs = list(await Program.filter(is_demo=True, status="published")
                    .values_list("id", flat=True))
    applications = 0
    for person in people:
        for program in rng.sample(programs, rng.choice((0, 1, 1, 2, 3))):
            await Application.create(user_id=person.id, kind="program", program_id=program,
                                     status=rng.choices(STATUSES, weights=(5, 3, 2, 1))[0],
                                     channel=person.platform, is_demo=True)
            applications += 1
    coming = list(await Event.filter(is_demo=True, status="published"))
    registrations = 0
    for person in rng.sample(people, min(30, len(people))) if coming else []:
        try:
            outcome = await events.register(rng.choice(coming).id, person.id,
                                            channel=person.platform, now=now)
        except ServiceError:  # an age limit or a closed registration: as in life
            continue
        await Registration.filter(id=outcome.registration.id).update(is_demo=True)
        registrations += outcome.new
    return {"applications_created": applications, "registrations_created": registrations}
