"""Figures of a set of conversations: median and 90th percentile of durations, groups."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.5: the median, 0.9: p90); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class Figures:
    """One group's figures; durations in minutes."""

    conversations: int
    first_response_median: float | None
    first_response_p90: float | None
    resolution_median: float | None
    resolution_p90: float | None
    rating_average: float | None
    ratings: int


def figures(rows: Sequence[tuple[float | None, float | None, int | None]]) -> Figures:
    """From (first response, resolution, rating) of each conversation, minutes or None."""
    first = [row[0] for row in rows if row[0] is not None]
    resolved = [row[1] for row in rows if row[1] is not None]
    rated = [row[2] for row in rows if row[2] is not None]
    return Figures(len(rows), percentile(first, 0.5), percentile(first, 0.9),
                   percentile(resolved, 0.5), percentile(resolved, 0.9),
                   round(sum(rated) / len(rated), 2) if rated else None, len(rated))
