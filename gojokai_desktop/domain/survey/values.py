"""Answer values by kind: reading what a clerk typed or a file holds, showing and storing them.

Kinds: ``number`` (a count, integer), ``yen`` (integer yen), ``text``, ``date`` and ``choice``
(one of the question's choices). A number where text is asked, or text where a number is
asked, is refused with a message naming what was found: it is usually a question mapped to
the wrong cell or an answer given to the wrong id.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki, parse_date
from gojokai_desktop.domain.yen import MAX_AMOUNT

KINDS = ("number", "yen", "text", "date", "choice")
KIND_LABELS = {
    "number": "数値",
    "yen": "金額",
    "text": "文章",
    "date": "日付",
    "choice": "選択",
}
NUMERIC_KINDS = frozenset({"number", "yen"})
Value = int | str | dt.date

#: Units a clerk may type after a number (287人, 12件, 1,234円); they are dropped.
_UNITS = ("円", "人", "名", "件", "所", "社", "回", "個", "枚", "口", "世帯", "事業所")
_NUMBER_RE = re.compile(r"(?P<sign>[-−‐△▲])?(?P<body>[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)")


def _kind_family(kind: str) -> str:
    if kind in NUMERIC_KINDS:
        return "number"
    return "date" if kind == "date" else "text"


def compatible(question_kind: str, source_kind: str) -> bool:
    """Whether a figure of ``source_kind`` can answer a question of ``question_kind``: a count
    may fill a yen question and the reverse, text fills text or a choice, a date a date."""
    return _kind_family(question_kind) == _kind_family(source_kind)


def _parse_number(text: str, unit: str, field: str, kind: str) -> int:
    shown = text.strip()
    normalized = "".join(unicodedata.normalize("NFKC", text).split())
    for suffix in (unit, *_UNITS):
        if suffix and normalized.endswith(suffix):
            normalized = normalized[: -len(suffix)]
            break
    normalized = normalized.lstrip("¥\\")
    match = _NUMBER_RE.fullmatch(normalized)
    if match is None:
        what = "金額" if kind == "yen" else "数値"
        raise ValidationError(
            f"{what}の質問に「{shown}」と入っています（数字で入力してください。例: 1,234）", field
        )
    number = int(match["body"].replace(",", ""))
    if number > MAX_AMOUNT:
        raise ValidationError(f"「{shown}」は大きすぎます", field)
    return -number if match["sign"] else number


def parse_answer(
    kind: str,
    raw: object,
    *,
    field: str,
    choices: Sequence[str] = (),
    unit: str = "",
) -> Value | None:
    """The answer ``raw`` (typed text, or a value read from a TOML file) as the kind's value;
    None for an empty answer. Raises :class:`ValidationError` naming ``field``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind in NUMERIC_KINDS:
        return _numeric(kind, raw, field, unit)
    if kind == "date":
        return _date(raw, field)
    if isinstance(raw, bool | int | float | dt.date | dt.time):
        shown = raw.isoformat() if isinstance(raw, dt.date | dt.time) else str(raw)
        raise ValidationError(
            f"{KIND_LABELS[kind]}の質問に数値・日付の {shown} が入っています"
            '（文章として答えるなら "…" で囲んでください）',
            field,
        )
    if not isinstance(raw, str):
        raise ValidationError(f"{KIND_LABELS[kind]}の質問に答えられない値です（{raw!r}）", field)
    if kind == "choice":
        return _choice(raw, choices, field)
    return raw.strip("\n").rstrip()


def _numeric(kind: str, raw: object, field: str, unit: str) -> int:
    if isinstance(raw, bool):
        raise ValidationError(f"{KIND_LABELS[kind]}の質問に true/false が入っています", field)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        raise ValidationError(
            f"{KIND_LABELS[kind]}の質問に小数 {raw} が入っています（整数で答えてください）", field
        )
    if isinstance(raw, str):
        return _parse_number(raw, unit, field, kind)
    raise ValidationError(
        f"{KIND_LABELS[kind]}の質問に数値でない値が入っています（{raw!r}）", field
    )


def _date(raw: object, field: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        return parse_date(raw, field)
    raise ValidationError(f"日付の質問に {raw!r} が入っています（例: 令和7年4月1日）", field)


def _choice(raw: str, choices: Sequence[str], field: str) -> str:
    wanted = unicodedata.normalize("NFKC", raw).strip()
    for choice in choices:
        if unicodedata.normalize("NFKC", choice).strip() == wanted:
            return choice
    listed = "、".join(f"「{c}」" for c in choices)
    raise ValidationError(
        f"「{raw.strip()}」は選択肢にありません（{listed}から選んでください）", field
    )


def format_value(kind: str, value: Value | None) -> str:
    """How an answer shows on the screen and in the PDF: 1,234 / 令和7年4月1日 / the text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_wareki(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def encode_value(value: Value | None) -> str | None:
    """The answer as stored text: digits, an ISO date, or the text itself."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def decode_value(kind: str, text: str | None) -> Value | None:
    """The stored text back as the kind's value (a kind changed since is read as text)."""
    if text is None:
        return None
    try:
        if kind in NUMERIC_KINDS:
            return int(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
    except ValueError:
        return text
    return text
