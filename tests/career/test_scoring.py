"""Scoring of «Компас профессий»: exact scores, ties, flags; the pilot statistics."""

from datetime import UTC, datetime

import pytest

from backend.career.psychometrics import corrected_item_total, cronbach_alpha
from backend.career.scoring import TYPES, Item, band, score

# The v1 order: R, I, A, S, E, C repeated five times; sectors only matter for ranking programs.
ITEMS = [Item(n, TYPES[(n - 1) % 6], "forest" if n % 2 else "sea") for n in range(1, 31)]


def answers_by_type(**by_type: int) -> dict[int, int]:
    return {item.number: by_type.get(item.type, 0) for item in ITEMS}


def test_a_type_scores_the_sum_of_its_five_items():
    answers = answers_by_type(R=2, I=2, A=1)
    result = score(ITEMS, answers, seconds=300)
    assert result.scores == {"R": 10, "I": 10, "A": 5, "S": 0, "E": 0, "C": 0}
    assert result.groups == (("R", "I"), ("A",))
    assert result.code == "RI-A" and result.leading == ("R", "I")
    assert result.flags == ()


def test_ties_stay_together_until_three_types_are_covered():
    answers = answers_by_type(S=2, E=1, C=1, A=1)
    answers[5] = 0  # one E item "not interesting": E = 4
    result = score(ITEMS, answers, seconds=200)
    assert result.scores == {"R": 0, "I": 0, "A": 5, "S": 10, "E": 4, "C": 5}
    assert result.groups == (("S",), ("A", "C"))
    assert result.code == "S-AC"


def test_flat_and_acquiescent_and_all_zero_and_too_fast_are_flagged():
    assert score(ITEMS, answers_by_type(R=1, I=1, A=1, S=1, E=1, C=1)).flags == ("flat",)
    everything = score(ITEMS, answers_by_type(R=2, I=2, A=2, S=2, E=2, C=2), seconds=45)
    assert everything.flags == ("flat", "acquiescence", "too_fast")
    assert everything.groups == (TYPES,)
    assert score(ITEMS, answers_by_type()).flags == ("flat", "all_zero")


def test_sector_affinity_is_the_mean_answer_per_sector():
    answers = {item.number: 2 if item.sector == "sea" else 0 for item in ITEMS}
    assert score(ITEMS, answers).sectors == {"sea": 2.0, "forest": 0.0}


def test_the_topics_of_items_answered_not_interesting_are_declined():
    items = [Item(1, "R", "лес", ("погрузчик", "харвестер")), Item(2, "C", "офис", ("склад",)),
             Item(3, "A", "дизайн")]
    assert score(items, {1: 0, 2: 1, 3: 0}).declined == ("погрузчик", "харвестер")
    assert score(items, {1: 2, 2: 2, 3: 2}).declined == ()


def test_missing_or_odd_answers_are_refused():
    answers = answers_by_type(R=2)
    del answers[30]
    with pytest.raises(ValueError, match="no answers to items"):
        score(ITEMS, answers)
    with pytest.raises(ValueError, match="0, 1 or 2"):
        score(ITEMS, {**answers_by_type(), 1: 3})


@pytest.mark.parametrize("value, expected", [(0, "low"), (3, "low"), (4, "middle"),
                                             (6, "middle"), (7, "high"), (10, "high")])
def test_bands(value, expected):
    assert band(value) == expected


def test_cronbach_alpha_on_a_hand_computed_example():
    responses = [[2, 1, 2], [1, 1, 0], [2, 2, 2], [0, 1, 1], [1, 0, 1]]
    assert cronbach_alpha(responses) == pytest.approx(0.75)
    assert cronbach_alpha([[1, 2, 3], [2, 3, 4], [3, 4, 5]]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # no variance: undefined, not 0
    assert cronbach_alpha([[1, 2]]) is None


def test_corrected_item_total_correlations():
    responses = [[2, 2, 0], [1, 1, 1], [0, 0, 2], [2, 1, 0]]
    first, second, third = corrected_item_total(responses)
    # by hand: item 1 against [2, 2, 2, 1]: -0.75 / sqrt(2.75 * 0.75)
    assert first == pytest.approx(-0.75 / (2.75 * 0.75) ** 0.5)
    assert second is None  # the other two items always add up to 2: no variance
    assert third == pytest.approx(-4.75 / (2.75 * 8.75) ** 0.5)


async def test_scale_statistics_from_stored_results(mode):
    from backend.models import CareerResult, User
    from backend.services import career, career_statistics

    version = await career.current_version()
    user = await User.create(platform="vk", external_id="1", pd_consent=True)
    # Three residents: R items move together (α = 1), I items never vary (undefined).
    for level in (0, 1, 2):
        answers = {str(n): (level if TYPES[(n - 1) % 6] == "R" else 1) for n in range(1, 31)}
        await CareerResult.create(user_id=user.id, version_id=version, answers=answers,
                                  scores={}, code="", flags=[], started_at=datetime.now(UTC),
                                  finished_at=datetime.now(UTC))
    statistics = {s.type: s for s in await career_statistics.scale_statistics(version)}
    assert statistics["R"].results == 3 and statistics["R"].alpha == pytest.approx(1.0)
    assert list(statistics["R"].item_total) == [1, 7, 13, 19, 25]
    assert all(r == pytest.approx(1.0) for r in statistics["R"].item_total.values())
    assert statistics["I"].alpha is None
