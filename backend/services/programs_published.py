"""Every published program, read for the search snapshot in one plain query.

Loading 20,000 programs as tortoise models with their organization, place and competency took
about 2 s (most of it building model objects); as plain tuples, with a ProgramInfo made only for
the programs shown, it is a fraction of that: the first search after a change is under a second.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import NamedTuple

from tortoise import connections

from backend.programs.places import place_label
from backend.services.programs import ProgramInfo

_SQL = """
SELECT p.id, p.code, p.title, p.type, p.form, p.distance, p.hours, p.price, p.free_for,
       p.start_date, p.document, p.description, p.requirements, p.url, p.status,
       o.name, m.name, m.kind, c.name, p.municipality_id, p.competency_id
FROM programs p
JOIN organizations o ON o.id = p.organization_id
LEFT JOIN municipalities m ON m.id = p.municipality_id
LEFT JOIN competencies c ON c.id = p.competency_id
WHERE p.status = 'published'
ORDER BY p.id
"""


class Published(NamedTuple):
    """A published program's columns; its ProgramInfo is made when it is shown."""

    id: int
    code: str
    title: str
    type: str
    form: str
    distance: bool
    hours: int
    price: int
    free_for: tuple[str, ...]
    start_date: date | None
    document: str
    description: str
    requirements: str
    url: str
    status: str
    organization: str
    municipality: str
    municipality_kind: str
    competency: str
    municipality_id: int | None
    competency_id: int | None

    def info(self) -> ProgramInfo:
        return ProgramInfo(*self[:16], municipality=self.municipality,
                           competency=self.competency, place=_place(
                               self.municipality, self.municipality_kind)
                           if self.municipality else "")


_place = functools.lru_cache(maxsize=1024)(place_label)


def _date(raw: date | str | None) -> date | None:  # SQLite hands dates and JSON over as text
    return date.fromisoformat(raw[:10]) if isinstance(raw, str) else raw


def _list(raw: list | str | None) -> tuple[str, ...]:
    return _decoded(raw) if isinstance(raw, str) else tuple(raw or ())


@functools.lru_cache(maxsize=4096)  # programs share a few lists of groups
def _decoded(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw))


async def published() -> list[Published]:
    _, rows = await connections.get("default").execute_query(_SQL)
    found = []
    for row in rows:
        values = list(row)
        values[5], values[8], values[9] = bool(values[5]), _list(values[8]), _date(values[9])
        values[16:19] = (value or "" for value in values[16:19])
        found.append(Published._make(values))
    return found
