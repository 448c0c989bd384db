"""The career test's forms: the texts of a new version, and the weights table."""

from __future__ import annotations

from multidict import MultiDict

from backend.career.scoring import TYPES
from backend.services.career import ITEM_FIELDS, TYPE_FIELDS, ItemText, TypeText
from backend.untrusted import whole

NOT_A_WEIGHT = -1  # what a field that is no whole number becomes: the service refuses it


def test_items(form: MultiDict, count: int) -> list[ItemText]:
    """Items `item<n>_<field>`, n from 1 to `count`."""
    return [ItemText(n, *(str(form.get(f"item{n}_{k}", "")) for k in ITEM_FIELDS))
            for n in range(1, count + 1)]


def type_texts(form: MultiDict) -> dict[str, TypeText]:
    """Texts `type<kind>_<field>` for every type."""
    return {kind: TypeText(*(str(form.get(f"type{kind}_{k}", "")) for k in TYPE_FIELDS))
            for kind in TYPES}


def weights(form: MultiDict, competency_ids: list[int]) -> dict[tuple[str, int], int]:
    """Fields `w<competency id><type>`; an empty one is 0."""
    values = {}
    for competency in competency_ids:
        for kind in TYPES:
            weight = whole(str(form.get(f"w{competency}{kind}", "0")).strip() or "0")
            values[(kind, competency)] = NOT_A_WEIGHT if weight is None else weight
    return values
