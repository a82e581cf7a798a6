"""Cell addresses of a survey question: ``調査票!D6`` (a sheet name, ``!``, one cell)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError

#: Excel's limits (XFD1048576): an address past them is a typing mistake.
MAX_COLUMN = 16_384
MAX_ROW = 1_048_576
_CELL_RE = re.compile(r"\$?(?P<column>[A-Z]{1,3})\$?(?P<row>[0-9]{1,7})")
_EXAMPLE = "例: 調査票!D6"
#: Characters Excel never allows in a sheet name.
_BAD_SHEET_CHARS = set("[]:*?/\\")


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, order=True)
class CellRef:
    """One cell of one sheet of the council's workbook."""

    sheet: str
    row: int
    column: int

    @property
    def coordinate(self) -> str:
        """``D6``."""
        return f"{column_letters(self.column)}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.coordinate}"


def _split_sheet(text: str) -> tuple[str, str]:
    if text.startswith("'"):
        # 'シート 1'!D6: a quoted name, with '' for an apostrophe inside (Excel's own way).
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise ValidationError(f"「{text}」は ' が閉じていません（{_EXAMPLE}）", "セル")
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        if text[end + 1 : end + 2] != "!":
            raise ValidationError(
                f"「{text}」はシート名の後に ! がありません（{_EXAMPLE}）", "セル"
            )
        return text[1:end].replace("''", "'"), text[end + 2 :]
    sheet, mark, cell = text.rpartition("!")
    if not mark:
        raise ValidationError(
            f"「{text}」にシート名がありません。「シート名!セル」の形で書いてください（{_EXAMPLE}）",
            "セル",
        )
    return sheet, cell


def parse_cell(text: str) -> CellRef:
    """Read ``調査票!D6``, ``'調査 票'!$D$6`` or ``調査票!ｄ６`` (full width is read as half width
    in the cell part; the sheet name is kept exactly as written, as Excel compares it)."""
    raw = text.strip()
    if not raw:
        raise ValidationError(f"セルを書いてください（{_EXAMPLE}）", "セル")
    sheet, cell_text = _split_sheet(raw)
    sheet = sheet.strip()
    if not sheet:
        raise ValidationError(f"「{raw}」のシート名が空です（{_EXAMPLE}）", "セル")
    if len(sheet) > 31 or _BAD_SHEET_CHARS & set(sheet):
        raise ValidationError(
            f"「{sheet}」はExcelのシート名になりません（31文字まで、[ ] : * ? / \\ は使えません）",
            "セル",
        )
    cell = unicodedata.normalize("NFKC", cell_text).strip().upper()
    if ":" in cell:
        raise ValidationError(
            f"「{raw}」は範囲です。セルは1つだけ書いてください（{_EXAMPLE}）", "セル"
        )
    match = _CELL_RE.fullmatch(cell)
    if match is None:
        raise ValidationError(f"「{raw}」のセル番地が読めません（{_EXAMPLE}）", "セル")
    column = column_number(match["column"])
    row = int(match["row"])
    if column > MAX_COLUMN or not 1 <= row <= MAX_ROW:
        raise ValidationError(
            f"「{raw}」はExcelのシートの範囲（XFD1048576まで）を超えています", "セル"
        )
    return CellRef(sheet, row, column)
