"""Which column of a roster is which field: headers matched by meaning, with a score.

A town roster's headers are the clerk's, not ours: 「氏　名」, 「カナ」, 「No.」, 「事業所番号」.
Each (column, field) pair gets a score — the header is the field's own name (100), one of
its other names (80), or contains one of them (40 + its length) — and the best pairs win,
one column per field and one field per column, the leftmost on a tie. A running-number
column (No., 連番, 番号 …) is a member number only when nothing better is there and its
values are not simply 1, 2, 3 …: with a 「会員番号」 beside it, it never is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Fields a column can be mapped to, with their names on screen (the field's own header).
FIELD_LABELS: dict[str, str] = {
    "number": "会員番号",
    "name": "氏名",
    "name_kana": "フリガナ",
    "birth_date": "生年月日",
    "sex": "性別",
    "establishment_number": "事業所番号",
    "establishment": "事業所名",
    "establishment_kana": "事業所フリガナ",
    "join_date": "入会日",
    "leave_date": "退会日",
    "leave_reason": "退会理由",
    "postal_code": "郵便番号",
    "address": "住所",
    "phone": "電話番号",
    "employment_type": "雇用形態",
    "dues_class": "会費区分",
    "notes": "備考",
}
#: Other names clerks give the same column.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("会員no", "会員no.", "会員コード", "会員cd", "会員ナンバー", "組合員番号"),
    "name": ("名前", "会員氏名", "会員名", "漢字氏名", "氏名漢字"),
    "name_kana": ("ふりがな", "カナ", "氏名カナ", "カナ氏名", "よみ", "ヨミ", "氏名フリガナ",
                  "フリガナ氏名"),
    "birth_date": ("誕生日", "生年", "生年月日(和暦)"),
    "sex": ("男女", "性"),
    "establishment_number": ("事業所コード", "事業所no", "事業所no.", "事業所cd",
                             "会社コード", "勤務先コード"),
    "establishment": ("事業所", "勤務先", "会社名", "所属", "事業所名称", "勤務先名", "会社"),
    "establishment_kana": ("事業所カナ", "事業所名フリガナ", "事業所名カナ", "勤務先カナ"),
    "join_date": ("入会年月日", "加入日", "加入年月日", "資格取得日", "入会"),
    "leave_date": ("退会年月日", "脱退日", "資格喪失日", "退会"),
    "leave_reason": ("退会事由", "脱退理由", "喪失理由"),
    "postal_code": ("〒", "郵便", "郵便番号(自宅)"),
    "address": ("現住所", "所在地", "自宅住所"),
    "phone": ("電話", "tel", "連絡先", "携帯", "携帯電話", "自宅電話"),
    "employment_type": ("雇用区分", "雇用"),
    "dues_class": ("掛金区分",),
    "notes": ("メモ", "摘要"),
}  # fmt: skip
#: Headers that name a running number (通し番号) more often than a member number.
RUNNING_NUMBER_HEADERS = ("no", "no.", "№", "連番", "通番", "番号", "整理番号", "#")
MY_NUMBER_HEADERS = ("マイナンバー", "個人番号")

SCORE_EXACT = 100
SCORE_SYNONYM = 80
SCORE_PARTIAL = 40
SCORE_RUNNING = 10
_TWELVE_DIGITS = re.compile(r"\d{12}")


@dataclass(frozen=True)
class Match:
    """Why a column was (or was not) taken for a field: shown in the mapping step."""

    field: str | None
    score: int
    reason: str


def key(text: str) -> str:
    """A header as compared: NFKC, no spaces, lower case (「氏　名」 = 「氏名」)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _candidates(header: str) -> list[tuple[str, int, str]]:
    """Every field ``header`` could be, with its score and the reason in words."""
    k = key(header)
    if not k:
        return []
    found: list[tuple[str, int, str]] = []
    for field, label in FIELD_LABELS.items():
        names = [key(n) for n in SYNONYMS.get(field, ())]
        if k == key(label):
            found.append((field, SCORE_EXACT, "見出しが項目名と同じ"))
        elif k in names:
            found.append((field, SCORE_SYNONYM, f"「{header.strip()}」は{label}の別名"))
        else:
            contained = [n for n in (key(label), *names) if len(n) > 1 and n in k]
            if contained:
                longest = max(contained, key=len)
                found.append((field, SCORE_PARTIAL + len(longest),
                              f"見出しに「{longest}」を含む"))  # fmt: skip
    if k in {key(h) for h in RUNNING_NUMBER_HEADERS}:
        found.append(("number", SCORE_RUNNING, "通し番号かもしれない見出し"))
    return found


def _nfkc(text: str) -> str:
    # NFKC leaves ASCII as it is; a column of 50,000 numbers needs no normalising.
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _is_running_number(values: Sequence[Any]) -> bool:
    """1, 2, 3, … (or 0, 1, 2 …): a row counter, not a member number."""
    digits = [_nfkc(str(v)).strip() for v in values]
    digits = [d for d in digits if d]
    if len(digits) < 2 or not all(d.isdigit() for d in digits):
        return False
    numbers = [int(d) for d in digits]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_my_number_header(header: str) -> bool:
    k = key(header)
    return any(key(h) in k for h in MY_NUMBER_HEADERS)


def looks_like_my_number(values: Sequence[Any]) -> bool:
    """Most values are 12 digits (hyphens and spaces aside): a My Number column.

    A column of names stops being read once half of it is not 12 digits."""
    twelve = other = 0
    left = len(values)
    for value in values:
        left -= 1
        text = _nfkc(str(value).replace("-", "").replace(" ", ""))
        if not text:
            continue
        if _TWELVE_DIGITS.fullmatch(text):
            twelve += 1
        else:
            other += 1
            if other > twelve + left:  # half of the filled values cannot be 12 digits any more
                return False
    return twelve > 0 and twelve >= other


def match_columns(
    headers: Sequence[str], values: Sequence[Sequence[Any]], refused: Sequence[int] = ()
) -> tuple[tuple[str | None, ...], tuple[Match, ...]]:
    """The field of each column (None: not imported) and why, by the best scores.

    ``values`` holds each column's data cells (for telling a running number); ``refused``
    columns (My Number) are never mapped.
    """
    pairs: list[tuple[int, int, str, str]] = []  # (-score, column, field, reason)
    for position, header in enumerate(headers):
        if position in refused:
            continue
        for field, score, reason in _candidates(header):
            if score == SCORE_RUNNING and _is_running_number(values[position]):
                continue
            pairs.append((-score, position, field, reason))
    mapping: list[str | None] = [None] * len(headers)
    matches = [Match(None, 0, "") for _ in headers]
    taken: set[str] = set()
    for negative, position, field, reason in sorted(pairs):
        if field in taken or mapping[position] is not None:
            continue
        mapping[position] = field
        matches[position] = Match(field, -negative, reason)
        taken.add(field)
    for position, header in enumerate(headers):
        if position in refused:
            matches[position] = Match(None, 0, "マイナンバー（個人番号）とみられるため読まない")
        elif mapping[position] is None:
            matches[position] = _why_not(header, values[position], mapping)
    return tuple(mapping), tuple(matches)


def _why_not(header: str, values: Sequence[Any], mapping: Sequence[str | None]) -> Match:
    k = key(header)
    if k in {key(h) for h in RUNNING_NUMBER_HEADERS}:
        if "number" in mapping:
            return Match(None, 0, "会員番号の列が別にあるため取り込まない")
        if _is_running_number(values):
            return Match(None, 0, "1, 2, 3…の通し番号とみられるため取り込まない")
    if _candidates(header):
        return Match(None, 0, "同じ項目にもっと合う列があるため取り込まない")
    return Match(None, 0, "見出しから項目がわからない")
