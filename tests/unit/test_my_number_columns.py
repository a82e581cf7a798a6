"""A column is refused as My Number when at least half of its filled values are 12 digits
(hyphens, spaces and full-width digits aside); blanks do not count either way."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from gojokai_desktop.services.members.import_columns import looks_like_my_number

TWELVE = "123456789012"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([TWELVE] * 5, True),
        (["1234-5678-9012", "1234 5678 9012", "１２３４５６７８９０１２"], True),
        ([TWELVE, TWELVE, "山田", "佐藤"], True),  # half is enough
        ([TWELVE, "山田", "佐藤"], False),
        (["山田"] * 3 + [TWELVE] * 3, True),  # the 12-digit half comes last
        (["山田"] * 4 + [TWELVE] * 3, False),
        ([TWELVE, "", "", "", None, "-", " "], True),  # blanks (and lone hyphens) not counted
        (["", None], False),
        ([], False),
        (["1234567890123", "12345678901"], False),  # 13 and 11 digits
        ([123456789012, "山田"], True),  # a number cell counts as its digits
    ],
)
def test_a_my_number_column_is_recognised(values: list[object], expected: bool) -> None:
    assert looks_like_my_number(values) is expected


def _by_counting(values: list[object]) -> bool:
    """The rule read plainly: every value looked at."""
    cleaned = [
        unicodedata.normalize("NFKC", str(v).replace("-", "").replace(" ", "")) for v in values
    ]
    cleaned = [v for v in cleaned if v]
    twelve = sum(1 for v in cleaned if re.fullmatch(r"\d{12}", v))
    return bool(cleaned) and twelve * 2 >= len(cleaned)


def test_stopping_early_gives_the_same_answer_as_counting_everything() -> None:
    rng = random.Random(20)
    kinds = [TWELVE, "山田 太郎", "", "0123-4567-8901", "090-1234-5678", None]
    for _ in range(2_000):
        values = [rng.choice(kinds) for _ in range(rng.randint(0, 12))]
        assert looks_like_my_number(values) is _by_counting(values), values
