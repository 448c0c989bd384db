"""Pilot validation of a test's scales: Cronbach's α and corrected item-total correlations.

`responses` are rows of item scores (one row per finished test) for one scale's items.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import pvariance


def cronbach_alpha(responses: Sequence[Sequence[float]]) -> float | None:
    """α = k/(k-1) · (1 − Σ item variances / variance of totals); None when undefined."""
    if len(responses) < 2 or len(responses[0]) < 2:
        return None
    items = list(zip(*responses, strict=True))
    k = len(items)
    total_variance = pvariance([sum(row) for row in responses])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - sum(pvariance(item) for item in items) / total_variance)


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    n = len(x)
    mean_x, mean_y = sum(x) / n, sum(y) / n
    sxy = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mean_x) ** 2 for a in x)
    syy = sum((b - mean_y) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def corrected_item_total(responses: Sequence[Sequence[float]]) -> list[float | None]:
    """Each item against the total of the other items of its scale."""
    items = list(zip(*responses, strict=True))
    return [pearson(item, [sum(row) - row[index] for row in responses])
            for index, item in enumerate(items)]
