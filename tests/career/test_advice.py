"""Advice that fits the person: a pupil of 14–17 is not offered programs for adults."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.career.topics import about, topics_of
from backend.demo import programs as demo_programs
from backend.models import Competency, Event, Organization, Program
from backend.programs.rules import open_to_minors
from backend.services import career
from dialogs.engine import Account
from tests.talk import Press, Talker, onboard

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TYPES = "RIASEC"


def test_continuing_education_and_programs_from_18_are_for_adults():
    assert not open_to_minors("dpo_upskilling", "")
    assert not open_to_minors("prof_training", "с 18 лет")
    assert not open_to_minors("prof_training", "Среднее профессиональное или высшее образование")
    assert open_to_minors("prof_training", "")
    assert open_to_minors("general", "с 14 лет")
    assert not open_to_minors("prof_upskilling", "работающие электротехнический персонал")
    assert not open_to_minors("prof_retraining", "")  # builds on a trade one has
    assert not open_to_minors("prof_training", "водительское удостоверение категории B")
    assert not open_to_minors("general", "без требований", "Компьютерная грамотность 50+")


async def test_a_pupil_is_offered_only_programs_a_pupil_may_take(mode):
    await demo_programs.seed(NOW)
    adult_only_offered = 0
    for kind in TYPES:
        scores = {t: (10 if t == kind else 2) for t in TYPES}
        for group in ("14-17", "25-34"):
            offered = await career.recommend_programs(scores, None, NOW.date(), age_group=group)
            programs = [await Program.get(id=p.id) for p in offered]
            adults = [p for p in programs if not open_to_minors(p.type, p.requirements, p.title)]
            if group == "14-17":
                assert adults == [], kind
            else:
                adult_only_offered += len(adults)
    assert adult_only_offered  # the same profiles do bring adult programs to adults


async def test_the_test_result_of_a_pupil_lists_no_adult_program(mode):
    await demo_programs.seed(NOW)
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("14–17"))
    for n in range(30):  # Artistic (A) interests only: designers, often for adults
        await talk(Press("Интересно" if n % 6 == 2 else "Неинтересно"))
    result = talk.last[0].text
    titles = [line[2:].split(" — ")[0] for line in result.splitlines() if line.startswith("• ")]
    assert titles
    for title in titles:
        assert any(open_to_minors(p.type, p.requirements, p.title)
                   for p in await Program.filter(title=title)), title


async def test_all_dont_know_gets_a_kind_result_with_a_next_step(mode):
    await demo_programs.seed(NOW)
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("25–34"), *[Press("Не знаю")] * 30)
    result = talk.last[0].text
    assert result.startswith("Интересы пока не выражены, и это нормально.")
    assert "ведущий тип" not in result and "профессии" not in result
    assert "/events" in result and "/consult" in result
    assert "• " not in result  # no list of professions or programs for everyone


async def test_programs_by_test_result_come_best_fit_first(mode):
    from backend.services import programs_search

    await demo_programs.seed(NOW)
    scores = {"R": 2, "I": 10, "A": 2, "S": 2, "E": 2, "C": 6}
    fit = await career.matching_competencies(scores)
    assert len(fit) > 1
    filters = programs_search.Filters(competencies=tuple(fit))
    _, found = await programs_search.find_programs("", filters, limit=100, today=NOW.date())
    programs = [await Program.get(id=p.id) for p in found]
    open_now = [fit.index(p.competency_id) for p in programs
                if p.start_date is None or p.start_date >= NOW.date()]
    assert open_now == sorted(open_now) and len(set(open_now)) > 1  # started ones come last


def answers_for(loader: str) -> list[str]:
    """Practical (R) and systematic (C) activities interesting, the loader item as given."""
    presses = []
    for position in range(1, 31):
        kind = "RIASEC"[(position - 1) % 6]
        presses.append(loader if position == LOADER_ITEM else
                       "Интересно" if kind in "RC" else "Неинтересно")
    return presses


LOADER_ITEM = 19  # «Управлять лесозаготовительной машиной или погрузчиком»


async def test_an_activity_answered_not_interesting_takes_its_programs_away(mode):
    """Only the loader program fits, so it is offered, unless its item was «Неинтересно»."""
    college = await Organization.create(name="Колледж (демо)")
    logistics = await Competency.get(name="Складская логистика")
    await Program.create(code="P-1", title="Водитель погрузчика", type="prof_training",
                         form="ochnaya", hours=160, document="свидетельство", distance=True,
                         status="published", organization_id=college.id,
                         competency_id=logistics.id)
    results = {}
    for answer in ("Интересно", "Неинтересно"):
        talk = Talker(mode.engine(), account=Account("terminal", f"resident-{answer}"))
        talk.now = NOW
        await onboard(talk)
        await talk("/test", Press("Начать тест"), Press("25–34"),
                   *[Press(a) for a in answers_for(answer)])
        results[answer] = talk.last[0].text
    assert "• Водитель погрузчика" in results["Интересно"]  # the control: it is offered
    assert "Водитель погрузчика" not in results["Неинтересно"]


def test_topics_match_a_title_in_any_form():
    assert about("Водитель погрузчика", ["погрузчик"])
    assert about("Ремонт и обслуживание автомобилей", ["ремонт автомобилей"])
    assert not about("Ремонт квартир", ["ремонт автомобилей"])
    assert not about("Водитель погрузчика", [])
    assert not about("Водитель погрузчика", ["—"])  # a topic without words names nothing
    assert topics_of(" погрузчик,, ремонт автомобилей ") == ("погрузчик", "ремонт автомобилей")


async def test_a_mixed_profile_gets_the_event_of_its_leading_part(mode):
    from backend.demo import events as demo_events

    await demo_programs.seed(NOW)
    await demo_events.seed(NOW)
    practical_then_curious = {"R": 10, "I": 9, "A": 0, "S": 0, "E": 0, "C": 0}
    event = await Event.get(id=await career.recommend_event(practical_then_curious, None, NOW))
    # Electrical work fits practical and curious both; it was the online Python class (I only).
    assert event.title == "Профпроба «Электромонтёр» (демо)"
