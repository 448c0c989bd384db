"""The search quality set (tests/data/search_queries.json) and its hit@3 on the catalog."""

from __future__ import annotations

import json
from pathlib import Path

from backend.services import programs_search

CASES = Path(__file__).resolve().parents[1] / "data" / "search_queries.json"


def cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def relevant(case: dict, program) -> bool:
    if "expect" in case:
        return program.title in case["expect"]
    return bool(set(case["expect_free_for_any"]) & set(program.free_for))


async def hit_at_3(selected: list[dict] | None = None) -> tuple[float, list[str]]:
    """Share of queries with a relevant program among the first three, and the misses."""
    misses = []
    selected = cases() if selected is None else selected
    for case in selected:
        _, found = await programs_search.find_programs(case["q"], limit=3)
        if not any(relevant(case, program) for program in found):
            misses.append(f"{case['q']!r} → {[p.title for p in found]}")
    return 1 - len(misses) / len(selected), misses
