"""Reading a roster to import: Excel sheets or CSV (UTF-8 or cp932), header row, column guess."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gojokai_desktop.services import untrusted

#: Fields a column can be mapped to, with the Japanese headers that suggest each.
FIELD_LABELS: dict[str, str] = {
    "number": "会員番号",
    "name": "氏名",
    "name_kana": "フリガナ",
    "birth_date": "生年月日",
    "sex": "性別",
    "establishment": "事業所",
    "join_date": "入会日",
    "postal_code": "郵便番号",
    "address": "住所",
    "phone": "電話",
    "employment_type": "雇用形態",
    "dues_class": "会費区分",
    "notes": "備考",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("会員番号", "会員no", "会員コード", "番号", "no"),
    "name": ("氏名", "名前", "会員氏名", "会員名", "漢字氏名"),
    "name_kana": ("フリガナ", "ふりがな", "カナ", "氏名カナ", "カナ氏名", "よみ", "ヨミ"),
    "birth_date": ("生年月日", "誕生日", "生年"),
    "sex": ("性別", "男女"),
    "establishment": ("事業所", "事業所名", "事業所番号", "勤務先", "会社名", "所属"),
    "join_date": ("入会日", "入会年月日", "加入日", "資格取得日"),
    "postal_code": ("郵便番号", "〒", "郵便"),
    "address": ("住所", "現住所", "所在地"),
    "phone": ("電話", "電話番号", "tel", "連絡先", "携帯"),
    "employment_type": ("雇用形態", "雇用区分"),
    "dues_class": ("会費区分", "掛金区分"),
    "notes": ("備考", "メモ"),
}
MY_NUMBER_HEADERS = ("マイナンバー", "個人番号")
_TWELVE_DIGITS = re.compile(r"\d{12}")
_HEADER_SCAN_ROWS = 15


@dataclass(frozen=True)
class RawTable:
    """A sheet as read: every row as text-or-date cells, row numbers as the clerk sees them."""

    source: str
    sheet: str
    rows: list[tuple[int, tuple[Any, ...]]]
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Columns:
    """The header row chosen and what each column is mapped to (None = not imported)."""

    header_row: int
    headers: tuple[str, ...]
    mapping: tuple[str | None, ...]
    refused: tuple[int, ...]  # columns that look like My Number: never read, never stored


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file), checked first."""
    return untrusted.sheet_names(path)


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """Read every non-blank row of the sheet (the first one unless named) or of the CSV file.

    The file is checked before reading (``services/untrusted.py``): a hostile, broken or
    too large file is refused naming the problem. Formula cells stay ``FormulaCell`` and
    are refused on their row by the importer.
    """
    read = untrusted.read_rows(path, sheet)
    return RawTable(read.source, read.name, _numbered(read.rows), tuple(read.messages))


def _numbered(rows: Iterable[tuple[int, Sequence[Any]]]) -> list[tuple[int, tuple[Any, ...]]]:
    kept = []
    for number, row in rows:
        cells = tuple(untrusted.cell_text(v) for v in row)
        if any(c != "" and (not isinstance(c, str) or c.strip()) for c in cells):
            kept.append((number, cells))
    return kept


def _field_of(header: str) -> str | None:
    key = _key(header)
    if not key:
        return None
    for field, names in _SYNONYMS.items():
        if key in {_key(n) for n in names}:
            return field
    for field, names in _SYNONYMS.items():
        if any(len(_key(n)) > 1 and _key(n) in key for n in names):
            return field
    return None


def _is_my_number_header(header: str) -> bool:
    key = _key(header)
    return any(_key(h) in key for h in MY_NUMBER_HEADERS)


def guess_header_row(table: RawTable) -> int:
    """The first row (of the first 15) where at least two headers are recognised."""
    for number, cells in table.rows[:_HEADER_SCAN_ROWS]:
        if sum(1 for c in cells if isinstance(c, str) and _field_of(c)) >= 2:
            return number
    return table.rows[0][0] if table.rows else 1


def columns_for(table: RawTable, header_row: int) -> Columns:
    """Headers of ``header_row`` (a blank cell under a merged header takes the one above),
    each mapped by its Japanese name; My Number columns are refused."""
    rows = dict(table.rows)
    cells = rows.get(header_row, ())
    above = rows.get(header_row - 1, ())
    width = max((len(r) for _n, r in table.rows), default=0)
    headers = []
    for position in range(width):
        text = str(cells[position]).strip() if position < len(cells) else ""
        if not text and position < len(above):
            text = str(above[position]).strip()  # vertically merged header cell
        headers.append(text)
    data = [r for n, r in table.rows if n > header_row]
    refused: list[int] = []
    mapping: list[str | None] = []
    taken: set[str] = set()
    for position, header in enumerate(headers):
        if _is_my_number_header(header) or _looks_like_my_number(data, position):
            refused.append(position)
            mapping.append(None)
            continue
        field = _field_of(header)
        if field in taken:
            field = None
        if field is not None:
            taken.add(field)
        mapping.append(field)
    return Columns(header_row, tuple(headers), tuple(mapping), tuple(refused))


def _looks_like_my_number(data: list[tuple[Any, ...]], position: int) -> bool:
    values = [str(r[position]).replace("-", "").replace(" ", "") for r in data if position < len(r)]
    values = [unicodedata.normalize("NFKC", v) for v in values if v]
    twelve = sum(1 for v in values if _TWELVE_DIGITS.fullmatch(v))
    return bool(values) and twelve * 2 >= len(values)


def refused_message(columns: Columns) -> list[str]:
    """What the clerk is told about refused columns."""
    return [
        f"列「{columns.headers[p] or f'{p + 1}列目'}」はマイナンバー（個人番号）とみられるため"
        "取り込みません。この列の値は読み込まず、保存もしません。"
        for p in columns.refused
    ]
