"""The filterable values of the indexed programs as arrays in the index's order, so a filter
over thousands of matches is a few array comparisons."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

NONE = -1  # no municipality, no competency
NO_START = date.max.toordinal()


@dataclass(frozen=True)
class Wanted:
    """What the filters ask for; empty or None: anything."""

    places: Collection[int] | None = None
    type: str = ""
    form: str = ""
    free: bool | None = None
    distance: bool | None = None
    competencies: Collection[int] = ()
    starts_between: tuple[date, date] | None = None
    ids: Collection[int] | None = None


class Columns:
    def __init__(self, ids: Sequence[int], municipality: Sequence[int | None],
                 type: Sequence[str], form: Sequence[str], price: Sequence[int],
                 distance: Sequence[bool], competency: Sequence[int | None],
                 start: Sequence[date | None]) -> None:
        self.ids = np.array(ids, np.int64)
        self.municipality = np.array([NONE if v is None else v for v in municipality], np.int64)
        self.type, self.form = np.array(type, object), np.array(form, object)
        self.free = np.array(price, np.int64) == 0
        self.distance = np.array(distance, bool)
        self.competency = np.array([NONE if v is None else v for v in competency], np.int64)
        self.start = np.array([NO_START if d is None else d.toordinal() for d in start],
                              np.int64)

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> Columns:
        """From rows of (id, municipality, type, form, price, distance, competency, start)."""
        return cls(*(list(zip(*rows, strict=True)) or [()] * 8))

    def started(self, today: date) -> np.ndarray:
        """Which positions have started before today (enrolment closed)."""
        return self.start < today.toordinal()

    def keep(self, wanted: Wanted) -> np.ndarray | None:
        """Which positions pass; None when nothing is asked."""
        tests = []
        if wanted.places is not None:
            tests.append(np.isin(self.municipality, list(wanted.places)))
        if wanted.type:
            tests.append(self.type == wanted.type)
        if wanted.form:
            tests.append(self.form == wanted.form)
        if wanted.free is not None:
            tests.append(self.free == wanted.free)
        if wanted.distance is not None:
            tests.append(self.distance == wanted.distance)
        if wanted.competencies:
            tests.append(np.isin(self.competency, list(wanted.competencies)))
        if wanted.starts_between:
            first, last = (day.toordinal() for day in wanted.starts_between)
            tests.append((self.start >= first) & (self.start <= last))
        if wanted.ids is not None:
            tests.append(np.isin(self.ids, list(wanted.ids)))
        return np.logical_and.reduce(tests) if tests else None
