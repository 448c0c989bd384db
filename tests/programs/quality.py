"""The search quality set (tests/data/search_queries.json) and its hit@3 on the catalog, by kind.

A case is a query and what a good answer holds among its first three: titles (`expect`), a
free_for group (`expect_free_for_any`), or both; a nonsense case (`expect_none`) is a hit only
when nothing is found. A case without a `kind` counts as «exact».
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from backend.services import programs_search

CASES = Path(__file__).resolve().parents[1] / "data" / "search_queries.json"


def cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def kind(case: dict) -> str:
    return case.get("kind", "exact")


def relevant(case: dict, program) -> bool:
    titles = "expect" not in case or program.title in case["expect"]
    groups = "expect_free_for_any" not in case or bool(
        set(case["expect_free_for_any"]) & set(program.free_for))
    return titles and groups


def hit(case: dict, total: int, found: list) -> bool:
    if case.get("expect_none"):
        return total == 0
    return any(relevant(case, program) for program in found)


@dataclass
class Quality:
    hits: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    misses: list[str] = field(default_factory=list)

    @property
    def overall(self) -> float:
        every = [h for hits in self.hits.values() for h in hits]
        return sum(every) / len(every)

    def by_kind(self) -> dict[str, float]:
        return {k: sum(hits) / len(hits) for k, hits in sorted(self.hits.items())}

    def report(self) -> str:
        parts = [f"{k} {score:.3f} ({len(self.hits[k])})" for k, score in self.by_kind().items()]
        return f"hit@3 = {self.overall:.3f}; " + ", ".join(parts)


async def measure(selected: list[dict] | None = None) -> Quality:
    """hit@3 of each case, grouped by kind, and the misses."""
    quality = Quality()
    for case in cases() if selected is None else selected:
        total, found = await programs_search.find_programs(case["q"], limit=3)
        quality.hits[kind(case)].append(hit(case, total, found))
        if not quality.hits[kind(case)][-1]:
            quality.misses.append(f"[{kind(case)}] {case['q']!r} → {total}: "
                                  f"{[p.title for p in found]}")
    return quality


async def hit_at_3(selected: list[dict] | None = None) -> tuple[float, list[str]]:
    """Share of queries with a relevant program among the first three, and the misses."""
    quality = await measure(selected)
    return quality.overall, quality.misses
