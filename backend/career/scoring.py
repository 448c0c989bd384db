"""Scoring of the career test: a pure function of the answers (DOMAIN.md, section 1).

Answers are 2 (interesting), 1 (don't know), 0 (not interesting). A type's score is the sum
of its items (0-10 with 5 items). Types are ranked by score; equal scores stay together, so
the "code" is a list of groups that covers at least the top three types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean

TYPES = ("R", "I", "A", "S", "E", "C")
INTERESTING, UNSURE, NOT_INTERESTING = 2, 1, 0
ANSWERS = (INTERESTING, UNSURE, NOT_INTERESTING)
TOO_FAST_SECONDS = 60
ACQUIESCENCE_AT = 25  # this many "interesting" answers out of 30 say little about preferences


@dataclass(frozen=True)
class Item:
    number: int
    type: str
    sector: str
    topics: tuple[str, ...] = ()  # programs it is about («погрузчик»)


@dataclass(frozen=True)
class Result:
    scores: dict[str, int]
    groups: tuple[tuple[str, ...], ...]  # ranked, tied types together, covering ≥ 3 types
    sectors: dict[str, float]  # mean answer per sector tag, best first
    flags: tuple[str, ...]  # flat, acquiescence, all_zero, too_fast
    declined: tuple[str, ...] = ()  # topics of the items answered «Неинтересно»

    @property
    def leading(self) -> tuple[str, ...]:
        return self.groups[0]

    @property
    def code(self) -> str:
        """'R-IA-S' style: groups in rank order, tied types in RIASEC order."""
        return "-".join("".join(group) for group in self.groups)


def band(score: int, maximum: int = 10) -> str:
    """low / middle / high, on the 0-10 scale (provisional bands)."""
    share = score / maximum * 10
    return "low" if share <= 3 else "middle" if share <= 6 else "high"


def score(items: Sequence[Item], answers: Mapping[int, int],
          seconds: float | None = None) -> Result:
    """Score a complete set of answers; raises ValueError for a missing or odd answer."""
    missing = [item.number for item in items if item.number not in answers]
    if missing:
        raise ValueError(f"no answers to items {missing}")
    if any(answers[item.number] not in ANSWERS for item in items):
        raise ValueError("answers must be 0, 1 or 2")
    scores = {t: 0 for t in TYPES}
    by_sector: dict[str, list[int]] = {}
    for item in items:
        scores[item.type] += answers[item.number]
        by_sector.setdefault(item.sector, []).append(answers[item.number])
    declined = tuple(topic for item in items if answers[item.number] == NOT_INTERESTING
                     for topic in item.topics)
    return Result(scores, _groups(scores), _sectors(by_sector),
                  _flags(scores, [answers[i.number] for i in items], seconds), declined)


def _groups(scores: dict[str, int]) -> tuple[tuple[str, ...], ...]:
    groups: list[tuple[str, ...]] = []
    covered = 0
    for value in sorted(set(scores.values()), reverse=True):
        if covered >= 3:
            break
        group = tuple(t for t in TYPES if scores[t] == value)
        groups.append(group)
        covered += len(group)
    return tuple(groups)


def _sectors(by_sector: dict[str, list[int]]) -> dict[str, float]:
    means = {sector: round(mean(values), 2) for sector, values in by_sector.items()}
    return dict(sorted(means.items(), key=lambda item: (-item[1], item[0])))


def _flags(scores: dict[str, int], answers: list[int], seconds: float | None) -> tuple[str, ...]:
    flags = []
    if max(scores.values()) - min(scores.values()) <= 2:
        flags.append("flat")
    if answers.count(INTERESTING) >= ACQUIESCENCE_AT:
        flags.append("acquiescence")
    if not any(answers):
        flags.append("all_zero")
    if seconds is not None and seconds < TOO_FAST_SECONDS:
        flags.append("too_fast")
    return tuple(flags)
