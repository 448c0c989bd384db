"""Searching published programs: one function for the bot, the API and subscribers' alerts.

Ranking, filtering and the page shown come from a snapshot of the published catalog in memory
(the search index, each program's filterable fields and its ProgramInfo); the database is not
asked per search. The snapshot is rebuilt when the catalog changed: before the next search after
a change made in this process; for a change made by another process, a look at the count and the
latest change (renaming a competency touches its programs, so that counts) is taken every
CHECK_EVERY seconds in the background, searches meanwhile answered from the snapshot they have.
The search synonyms staff added (services.programs_synonyms) join the shipped lexicon in the
snapshot; adding or removing one counts as a change too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from dataclasses import asdict, dataclass, replace
from datetime import date

import numpy as np
from tortoise.functions import Count, Max

from backend import stems
from backend.models import Municipality, Program, SearchSynonym
from backend.programs import search
from backend.programs.columns import Columns, Wanted
from backend.programs.lexicon import Entry, Lexicon
from backend.programs.places import place_key
from backend.services.programs import Area, ProgramInfo
from backend.services.programs_published import Published, published

log = logging.getLogger(__name__)
CHECK_EVERY = 2.0  # seconds between looks at whether another process changed the catalog
REGION = {"област", "обл"}  # «Архангельская область»


@dataclass(frozen=True)
class Filters:
    municipality: str = ""
    type: str = ""
    form: str = ""
    free: bool | None = None
    distance: bool | None = None
    competencies: tuple[int, ...] = ()  # an area, or what a career test result matches
    starts_by: date | None = None  # starts from today until this day ("within a month")

    def as_json(self) -> dict:
        """Set filters only, in plain JSON (a subscription keeps them)."""
        values = {k: v for k, v in asdict(self).items() if v not in ("", None, ())}
        if self.starts_by:
            values["starts_by"] = self.starts_by.isoformat()
        if self.competencies:
            values["competencies"] = list(self.competencies)
        return values

    @classmethod
    def from_json(cls, values: dict) -> Filters:
        values = dict(values)
        if values.get("starts_by"):
            values["starts_by"] = date.fromisoformat(values["starts_by"])
        values["competencies"] = tuple(values.get("competencies", ()))
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass
class _Snapshot:
    stamp: tuple
    checked: float
    index: search.Index
    programs: list[Published]  # in the index's order
    places: dict[str, set[int]]  # short municipality name → ids
    place_words: dict[str, str]  # stem of a one-word municipality or centre name → its name
    columns: Columns  # the filterable values in the index's order

    def __post_init__(self) -> None:
        self.by_id = {program.id: program for program in self.programs}
        self.infos: dict[int, ProgramInfo] = {}

    @functools.cached_property
    def area_ids(self) -> dict[str, int | None]:
        """Competency name → id, for the areas a suggestion names."""
        return {program.competency: program.competency_id for program in self.programs}

    @functools.cached_property
    def areas(self) -> list[Area]:
        """The areas that have published programs, by name."""
        return sorted((Area(area_id, name) for name, area_id in self.area_ids.items()
                       if area_id is not None), key=lambda area: area.name)

    def info(self, program_id: int) -> ProgramInfo:
        if (found := self.infos.get(program_id)) is None:
            found = self.infos[program_id] = self.by_id[program_id].info()
        return found


_snapshot: _Snapshot | None = None
_generation = 0  # counts invalidations: a look begun before one does not install its snapshot
_looking: asyncio.Task | None = None


def invalidate() -> None:
    """The catalog changed in this process: rebuild before the next search."""
    global _snapshot, _generation, _looking
    _snapshot, _looking = None, None
    _generation += 1


async def _stamp() -> tuple:
    row = await Program.filter(status="published").annotate(
        n=Count("id"), latest=Max("updated_at")).first().values("n", "latest")
    # ids are never reused: an added synonym raises the latest, a removed one lowers the count
    synonyms = await SearchSynonym.all().annotate(n=Count("id"), latest=Max("id")).first() \
        .values("n", "latest")
    return row["n"], row["latest"], synonyms["n"], synonyms["latest"]


async def _lexicon() -> Lexicon:
    """The shipped lexicon with the synonyms staff added."""
    rows = await SearchSynonym.all().order_by("id").values_list("phrase", "competency__name",
                                                                 "words")
    return Lexicon.with_extra(Entry(phrase, (name,) if name else (), (words,) if words else ())
                              for phrase, name, words in rows)


async def _build(stamp: tuple) -> _Snapshot:
    programs = await published()
    index = search.Index([search.Document(p.id, {
        "title": p.title, "competency": p.competency, "organization": p.organization,
        "description": p.description, "requirements": p.requirements,
        "free_for": " ".join(p.free_for)}, p.free_for) for p in programs],
        lexicon=await _lexicon())
    columns = Columns.of((p.id, p.municipality_id, p.type, p.form, p.price, p.distance,
                          p.competency_id, p.start_date) for p in programs)
    places: dict[str, set[int]] = {}
    place_words: dict[str, str] = {}
    municipalities = await Municipality.all()
    for municipality in municipalities:
        places.setdefault(place_key(municipality.name), set()).add(municipality.id)
    # a district's name or its centre's («Мезенский», «Мезень»): the district's key
    for name, key in [(m.name, place_key(m.name)) for m in municipalities] + [
            (m.centre, place_key(m.name)) for m in municipalities]:
        if len(found := search.terms(place_key(name or ""))) == 1:
            place_words.setdefault(found[0], key)
    return _Snapshot(stamp, 0.0, index, programs, places, place_words, columns)


def _without_places(query: str, place_words: dict[str, str]) -> tuple[str, str]:
    """The query without the names of places, and the place named: a place is where to
    study, not what («прогноз погоды архангельск» is not a course in Arkhangelsk). With
    «область» the name is the region's, the whole catalog: no place."""
    kept, place, region = [], "", False
    for word in query.split():
        found = search.terms(word)
        if len(found) == 1 and found[0] in place_words:
            place = place or place_words[found[0]]
        elif len(found) == 1 and found[0] in REGION:
            region = True
        else:
            kept.append(word)
    return " ".join(kept), "" if region else place


async def _look() -> _Snapshot:
    """The snapshot of the catalog as it is now: the one we have if nothing changed."""
    global _snapshot
    generation, stamp = _generation, await _stamp()
    current = _snapshot
    if current is None or current.stamp != stamp:
        current = await _build(stamp)
    current.checked = time.monotonic()
    if generation == _generation:
        _snapshot = current
    return current


async def _current(recheck: bool) -> _Snapshot:
    global _looking
    if _snapshot is None or recheck:
        return await _look()
    if time.monotonic() - _snapshot.checked >= CHECK_EVERY and (
            _looking is None or _looking.done()):
        _looking = asyncio.create_task(_look_in_background())
    return _snapshot


async def _look_in_background() -> None:
    try:
        await _look()
    except Exception:  # the next search looks again; this one has its answer
        log.warning("search: could not look at the catalog for changes", exc_info=True)


async def catalog() -> tuple[int, list[Area]]:
    """How many programs are published, and their areas: what a «nothing found» page offers
    instead, read from the snapshot (counting and sorting 20,000 programs took 30–40 ms)."""
    snapshot = await _current(recheck=False)
    return len(snapshot.programs), snapshot.areas


def _asks_for_everything(query: str) -> bool:
    """«курсы», «онлайн курсы»: words, none of them a topic — the list, filtered."""
    return bool(stems.words(query)) and not search.terms(query)


async def find_programs(query: str = "", filters: Filters = Filters(), limit: int = 20,
                        offset: int = 0, *, today: date | None = None,
                        within: list[int] | None = None,
                        open_first: bool = False) -> tuple[int, list[ProgramInfo]]:
    """Published programs matching the words and filters, best match first.

    Without words, those open to apply come before those already started; `open_first`
    does the same for words (the site asks for it; the bot shows the best match first).

    `within` limits the search to these program ids (the newly published, for subscribers);
    it also makes sure the snapshot is current, whatever process published them.
    """
    snapshot = await _current(recheck=within is not None)
    query, asked = search.intents(query)
    if asked:  # «бесплатно», «онлайн» in the words: a filter, unless one is already set
        filters = replace(filters, **{k: v for k, v in asked.items()
                                      if getattr(filters, k) is None})
    query, place = _without_places(query, snapshot.place_words)
    if place and not any(map(search.is_topic, search.terms(query))):
        # «курсы в Котласе», «обучение в Мезенском районе»: all of the place
        query = ""
    if place and not filters.municipality:
        # the place named narrows what the other words find; when it has none of it, the
        # programs elsewhere are better than nothing
        found = await find_programs(query, replace(filters, municipality=place), limit, offset,
                                    today=today, within=within, open_first=open_first)
        if found[0] or not query:
            return found
    places = snapshot.places.get(place_key(filters.municipality), set()) \
        if filters.municipality else None
    today = today or date.today()
    wanted = Wanted(places, filters.type, filters.form, filters.free, filters.distance,
                    filters.competencies,
                    (today, filters.starts_by) if filters.starts_by else None, within)
    kept = snapshot.columns.keep(wanted)
    if query.strip() and not _asks_for_everything(query):
        scores = snapshot.index.rank(query)
        if scores is not None and open_first:
            scores = _open_first(scores, snapshot.columns.started(today))
        total, page = (0, []) if scores is None else snapshot.index.top(
            scores, kept, offset + limit)
        page = page[offset:]
    else:
        programs = snapshot.programs if kept is None else [
            program for program, keep in zip(snapshot.programs, kept, strict=True) if keep]
        fit = {competency: n for n, competency in enumerate(filters.competencies)}

        def order(program: Published) -> tuple:
            """Open to apply before already started; for a test result, best fit first;
            then the soonest start."""
            start = program.start_date or date.max
            return (start < today, fit.get(program.competency_id, len(fit)), start,
                    program.title, program.id)

        ranked = [program.id for program in sorted(programs, key=order)]
        total, page = len(ranked), ranked[offset:offset + limit]
    return total, [snapshot.info(i) for i in page]


def _open_first(scores: np.ndarray, started: np.ndarray) -> np.ndarray:
    """The scores with every matching open program above every started one, each group in
    its own order."""
    lift = float(scores.max()) + 1.0
    return np.where((scores > 0) & ~started, scores + lift, scores)


@dataclass(frozen=True)
class Suggestion:
    """For words that found nothing: a corrected query that finds something, and the areas
    nearest to the words."""

    did_you_mean: str | None
    areas: list[Area]


async def suggest(query: str) -> Suggestion:
    snapshot = await _current(recheck=False)
    words = _without_places(search.intents(query)[0], snapshot.place_words)[0]
    found = snapshot.index.suggest(words)
    return Suggestion(found.did_you_mean, [Area(snapshot.area_ids[name], name)
                                           for name in found.competencies])
