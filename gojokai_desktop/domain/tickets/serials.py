"""Numbered tickets: a lot's serial range (A000101〜A000150), positions taken and free.

A serial is an optional prefix followed by digits; a lot's range keeps one prefix and one
width. Handovers and returns take runs of positions (0 = the lot's first ticket); what is
free is the lot less the runs taken, so a reversed handover's tickets can be handed out again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError

_SERIAL = re.compile(r"^(?P<prefix>[A-Za-z\-]*)(?P<digits>\d{1,12})$")

Run = tuple[int, int]  # (first position, count)


@dataclass(frozen=True)
class SerialRange:
    prefix: str
    first: int
    last: int
    width: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def serial(self, position: int) -> str:
        return f"{self.prefix}{self.first + position:0{self.width}d}"

    def text(self, position: int, count: int) -> str:
        """The serials of ``count`` tickets from ``position``: A000101〜A000103, or one."""
        if count == 1:
            return self.serial(position)
        return f"{self.serial(position)}〜{self.serial(position + count - 1)}"


def _parse(text: str, field: str) -> tuple[str, int, int]:
    clean = unicodedata.normalize("NFKC", text).strip().upper()
    match = _SERIAL.match(clean)
    if match is None:
        raise ValidationError(
            f"「{text}」は券番号として読めません（英字の後に数字。例: A000101）", field
        )
    digits = match.group("digits")
    return match.group("prefix"), int(digits), len(digits)


def parse_range(first: str, last: str, quantity: int) -> SerialRange:
    """The range ``first``〜``last``, which must hold exactly ``quantity`` tickets."""
    prefix, start, width = _parse(first, "券番号（から）")
    last_prefix, end, last_width = _parse(last, "券番号（まで）")
    if last_prefix != prefix or last_width != width:
        raise ValidationError(
            f"券番号の始め「{first}」と終わり「{last}」の英字・桁数をそろえてください",
            "券番号（まで）",
        )
    if end < start:
        raise ValidationError("券番号の終わりは始め以上にしてください", "券番号（まで）")
    if end - start + 1 != quantity:
        raise ValidationError(
            f"券番号 {first}〜{last} は{end - start + 1:,}枚分です。入荷数（{quantity:,}枚）と"
            "合わせてください",
            "入荷数",
        )
    return SerialRange(prefix, start, end, width)


def free_runs(size: int, taken: Iterable[Run]) -> list[Run]:
    """The runs of positions of a lot of ``size`` not in any of ``taken``, in order."""
    free: list[Run] = []
    position = 0
    for first, count in sorted(taken):
        if first > position:
            free.append((position, first - position))
        position = max(position, first + count)
    if position < size:
        free.append((position, size - position))
    return free


def take_lowest(free: Sequence[Run], quantity: int) -> list[Run]:
    """``quantity`` positions from the lowest free ones (handovers hand out in order)."""
    runs: list[Run] = []
    for first, count in free:
        if quantity <= 0:
            break
        used = min(count, quantity)
        runs.append((first, used))
        quantity -= used
    if quantity > 0:
        raise ValueError("not enough free positions")
    return runs


def take_highest(free: Sequence[Run], quantity: int) -> list[Run]:
    """``quantity`` positions from the highest free ones (returns give back the last tickets)."""
    runs: list[Run] = []
    for first, count in reversed(free):
        if quantity <= 0:
            break
        used = min(count, quantity)
        runs.append((first + count - used, used))
        quantity -= used
    if quantity > 0:
        raise ValueError("not enough free positions")
    return sorted(runs)
