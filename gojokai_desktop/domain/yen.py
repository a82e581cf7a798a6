"""Money as int yen: parsing what clerks type, formatting for screens and reports, 千円 rounding.

Every amount in the program is an ``int`` of yen. Rounding to 千円 is half-up away from zero
(1,500 円 → 2 千円, -1,500 円 → -2 千円), and a column of parts rounded to 千円 is adjusted by
the largest-remainder method so that it still adds up to its rounded total.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from gojokai_desktop.domain.errors import ValidationError

#: The largest amount accepted as input: 12 digits (the Zengin trailer total field).
MAX_AMOUNT = 999_999_999_999

_MINUS_SIGNS = "-−‐△▲"
_YEN_RE = re.compile(
    r"""^
    (?P<sign1>[-−‐△▲+])?\s*
    (?P<symbol>[¥\\])?\s*
    (?P<sign2>[-−‐△▲+])?\s*
    (?P<body>[0-9][0-9,.]*)\s*
    (?P<suffix>円)?
    $""",
    re.VERBOSE,
)
_PLAIN_RE = re.compile(r"[0-9]+")
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_EXAMPLE = "例: 1,234"


def parse_yen(text: str, field: str = "金額") -> int:
    """Read an amount of yen as clerks type it; return it as ``int``.

    Accepts half- or full-width digits, thousands commas in the right places, a leading
    ``¥``/``￥``/``\\``, a trailing ``円``, surrounding spaces, and a minus written ``-``,
    ``△`` or ``▲``. Anything else raises :class:`ValidationError` naming ``field``.
    """
    normalized = unicodedata.normalize("NFKC", text).strip()
    if not normalized:
        raise ValidationError(f"{field}を入力してください（{_EXAMPLE}）", field)
    match = _YEN_RE.match(normalized)
    if match is None:
        raise ValidationError(
            f"「{text.strip()}」は金額として読めません（数字で入力してください。{_EXAMPLE}）", field
        )
    if match["sign1"] and match["sign2"]:
        raise ValidationError(f"「{text.strip()}」は符号が二重です（{_EXAMPLE}、△1,234）", field)
    body = match["body"]
    if "." in body:
        raise ValidationError(
            f"「{text.strip()}」: 円未満は入力できません（1円単位の整数で入力してください）", field
        )
    if not (_PLAIN_RE.fullmatch(body) or _GROUPED_RE.fullmatch(body)):
        raise ValidationError(
            f"「{text.strip()}」はカンマの位置が違います（3桁ごとに区切ってください。{_EXAMPLE}）",
            field,
        )
    amount = int(body.replace(",", ""))
    if amount > MAX_AMOUNT:
        raise ValidationError(
            f"「{text.strip()}」は大きすぎます（{format_yen(MAX_AMOUNT)}円まで）", field
        )
    sign = match["sign1"] or match["sign2"] or ""
    return -amount if sign and sign in _MINUS_SIGNS else amount


def _require_int(amount: int) -> None:
    # A float or Decimal here is a bug upstream: money never leaves int.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be int yen, not {type(amount).__name__}")


def format_yen(amount: int, *, symbol: bool = False) -> str:
    """Screen format: ``1,234,567``, ``-1,234``; with ``symbol`` ``￥1,234,567``, ``-￥1,234``."""
    _require_int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}{'￥' if symbol else ''}{abs(amount):,}"


def format_report_yen(amount: int) -> str:
    """Format for printed reports: negatives carry △ (``△1,234``); zero is ``0``."""
    _require_int(amount)
    return f"△{-amount:,}" if amount < 0 else f"{amount:,}"


def round_to_thousand(amount: int) -> int:
    """Yen → 千円, half-up away from zero: 1,499 → 1, 1,500 → 2, -1,500 → -2."""
    _require_int(amount)
    thousands, rest = divmod(abs(amount), 1000)
    if rest >= 500:
        thousands += 1
    return -thousands if amount < 0 else thousands


def to_thousand_yen(parts: Sequence[int], total: int | None = None) -> list[int]:
    """Round each part to 千円 so that the results add up to ``round_to_thousand(total)``.

    ``total`` defaults to ``sum(parts)``. Largest-remainder method: every part starts at its
    floor in 千円 and the units still missing go to the parts with the largest remainders
    (earlier position first on ties). When an explicit ``total`` needs fewer units than the
    floors give, units are taken back from the smallest remainders (later position first).
    A difference larger than the number of parts is spread round-robin in the same order.
    A negative total is handled as the mirror image of the positive one, by the sign of the
    unrounded total (so -499 mirrors 499 although both round to 0), and a zero total by the
    sign of its first non-zero part: negating every part negates every result.
    """
    for part in parts:
        _require_int(part)
    basis = sum(parts) if total is None else total
    target = round_to_thousand(basis)
    if not parts:
        if target:
            raise ValueError("to_thousand_yen: no parts to carry a non-zero total")
        return []
    leading = next((part for part in parts if part), 0)
    if basis < 0 or (basis == 0 and leading < 0):  # negatives round exactly like positives
        mirrored = to_thousand_yen(
            [-part for part in parts], -sum(parts) if total is None else -total
        )
        return [-thousands for thousands in mirrored]
    floors = [part // 1000 for part in parts]
    remainders = [part - 1000 * floor for part, floor in zip(parts, floors, strict=True)]
    missing = target - sum(floors)
    if missing >= 0:
        order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
        step = 1
    else:
        order = sorted(range(len(parts)), key=lambda i: (remainders[i], -i))
        step = -1
    rounds, extra = divmod(abs(missing), len(parts))
    result = [floor + step * rounds for floor in floors]
    for index in order[:extra]:
        result[index] += step
    return result
