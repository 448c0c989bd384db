"""Hypothesis strategies for hostile input: JSON of any shape, text that breaks naive parsers.

Random values alone rarely reach the code behind validation, so `shaped(template)` starts
from a real update or a filled-in form and replaces, drops or keeps each part.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Fast and repeatable: a few seconds a test, the same examples on every run, so CI cannot
# flake on a find. COPP_FUZZ_EXPLORE=20 tries 20 times as many, new ones each run.
EXPLORE = int(os.environ.get("COPP_FUZZ_EXPLORE", "0"))
FUZZ = settings(max_examples=60 * max(EXPLORE, 1), deadline=None, derandomize=not EXPLORE,
                database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# What breaks parsers: digits str.isdigit() accepts and int() refuses or misreads, numbers
# past every column, signs and exponents; NUL (PostgreSQL text cannot hold it), markup.
NUMBERS = st.sampled_from(["0", "-1", "+1", "1e9", "1.5", "²", "١٢", "٣", "9" * 20, "9" * 400,
                           str(2 ** 31), str(2 ** 63), "inf", "nan", " 7 "])
ODD = st.sampled_from(["", " ", "\x00", "a\x00b", "\u202e", "ё" * 300, "{}", "[]", "null",
                       "'; DROP TABLE users; --", "{{7*7}}", "%s", "../../etc/passwd", "\r\n"])
# Text an HTTP form or query can carry: no lone surrogates (they cannot be encoded).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(NUMBERS, ODD, TEXT, st.integers().map(str))

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=20), NUMBERS, ODD)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)


def _mostly(likely, other):
    """`likely` three times in four: a hostile value in one place, the rest still valid."""
    return st.integers(0, 3).flatmap(lambda n: other if n == 0 else likely)


def shaped(template):
    """Values like `template`: each part kept, replaced by any JSON, or (in a dict) dropped."""
    if isinstance(template, dict):
        parts = {k: shaped(v) for k, v in template.items()}
        whole = _mostly(st.fixed_dictionaries(parts), st.fixed_dictionaries({}, optional=parts))
    elif isinstance(template, list):
        whole = st.lists(shaped(template[0]), max_size=3) if template else st.just([])
    else:
        whole = st.just(template)
    return _mostly(whole, JSON)


def form(template: dict[str, str]):
    """A form like `template` (field → a valid value) with one to three fields made hostile."""
    names = sorted(template)
    return st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {k: VALUES if k in chosen else st.just(v) for k, v in template.items()}))
