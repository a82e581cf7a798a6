"""Reading a partner's workbook (or CSV) of results: untrusted, so size, formulas, broken
files and huge sheets end in a message, never in a crash; the columns are guessed by their
Japanese headings and the clerk may map them otherwise."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services import untrusted

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 60
_HEADER_SCAN_ROWS = 15

#: What a column can hold, with the words of the partners' sheets that suggest each.
FIELD_LABELS: dict[str, str] = {
    "item": "項目",
    "amount": "実績",
    "establishment": "事業所",
    "period": "期間",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item": ("項目", "項目名", "推進項目", "共済", "共済種目", "種目", "商品", "商品名", "品目"),
    "amount": (
        "実績",
        "件数",
        "実績件数",
        "新規加入実績",
        "加入実績",
        "口数",
        "金額",
        "上期実績",
        "下期実績",
        "年間実績",
        "当月実績",
        "実数",
        "実績数",
    ),
    "establishment": (
        "事業所",
        "事業所名",
        "事業所番号",
        "事業所コード",
        "所属",
        "単組",
        "会社名",
        "勤務先",
    ),
    "period": ("期間", "対象期間", "期", "月", "対象月", "年月", "実績月"),
}


@dataclass(frozen=True)
class Cell:
    """A cell as read: its value (text, number or date) and whether it held a formula."""

    value: Any
    formula: bool = False

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


@dataclass(frozen=True)
class ResultSheet:
    """A sheet as read: non-blank rows with the row numbers the clerk sees in Excel."""

    source: str
    sheet: str
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]

    def row(self, number: int) -> tuple[Cell, ...]:
        return next((cells for n, cells in self.rows if n == number), ())


@dataclass(frozen=True)
class ColumnMap:
    """The heading row and the column (0-based) of each field; None: not in the file."""

    header_row: int
    headers: tuple[str, ...]
    item: int | None
    amount: int | None
    establishment: int | None = None
    period: int | None = None

    def of(self, field: str) -> int | None:
        value: int | None = getattr(self, field)
        return value


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _broken(path: Path, reason: str = "") -> ValidationError:
    detail = f"（{reason}）" if reason else ""
    return ValidationError(
        f"{path.name} はExcelのファイルとして読めません{detail}。壊れているか別の形式です。"
        "Excelで開いて「名前を付けて保存」（.xlsx）し直してください。",
        "ファイル",
    )


# The checks every importer shares (services/untrusted.py), with this sheet's sizes: blank
# (formatted) rows are allowed far past the figures, but not without end.
MAX_SHEET_ROWS = 50_000
LIMITS = untrusted.Limits(
    max_file_bytes=MAX_FILE_BYTES,
    max_rows=MAX_SHEET_ROWS,
    max_columns=16_384,
    max_cells=2_000_000,
    content="実績の表",
)


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    _check_file(path)
    try:
        return untrusted.sheet_names(path, LIMITS)
    except untrusted.UntrustedFileError as exc:
        raise _said_as_broken(path, exc) from exc


def _said_as_broken(path: Path, exc: untrusted.UntrustedFileError) -> ValidationError:
    """A broken or foreign file is told how to fix it (save it again from Excel)."""
    if "ではないか、壊れています" in exc.message or "壊れていて読めません" in exc.message:
        return _broken(path)
    return exc


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ValidationError(f"{path} が見つかりません。", "ファイル")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise ValidationError(
            f"{path.name}: 取り込めるのは .xlsx（Excel）か .csv のファイルです。", "ファイル"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            f"{path.name} は大きすぎます（{size // 1024 // 1024:,} MB。"
            f"{MAX_FILE_BYTES // 1024 // 1024} MBまで）。"
            "実績の表だけを別のファイルにしてください。",
            "ファイル",
        )
    if size == 0:
        raise ValidationError(f"{path.name} は空のファイルです。", "ファイル")


def read_sheet(path: Path, sheet: str | None = None) -> ResultSheet:
    """Every non-blank row of the sheet (the first unless named) or of the CSV file.

    Read through ``services/untrusted.py``: the workbook measured before it is opened (zip
    bombs, broken parts), the stated sheet size ignored, CSV read as a stream.
    """
    _check_file(path)
    csv_file = path.suffix.lower() == ".csv"
    kept = 0
    limit = MAX_ROWS + _HEADER_SCAN_ROWS

    def keep(_number: int, values: tuple[Any, ...]) -> tuple[Cell, ...] | None:
        # Row by row, so a sheet of 300,000 rows stops at the first row too many instead of
        # being held whole (it took 87 s and 2 GB).
        nonlocal kept
        cells = tuple(_cell(v, csv_file) for v in values[:MAX_COLUMNS])
        if not any(c.text for c in cells):
            return None
        kept += 1
        if kept > limit:
            raise ValidationError(
                f"{path.name}: 行が多すぎます（{MAX_ROWS:,}行まで）。1つの推進先・1年度の実績だけを"
                "取り込んでください。",
                "ファイル",
            )
        return cells

    try:
        read = untrusted.read_rows(path, sheet, limits=LIMITS, keep=keep)
    except untrusted.UntrustedFileError as exc:
        raise _said_as_broken(path, exc) from exc
    return ResultSheet(path.name, read.name, tuple(read.rows))


def _cell(value: Any, csv_file: bool) -> Cell:
    if isinstance(value, untrusted.FormulaCell):
        return Cell(value.formula, True)
    # A CSV file carries no formulas; a cell starting with "=" is text and is read as such.
    formula = not csv_file and isinstance(value, str) and value.startswith("=")
    if isinstance(value, dt.datetime):
        value = value.date()
    return Cell(value, formula)


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


def guess_columns(sheet: ResultSheet) -> ColumnMap:
    """The first of the first 15 rows where the item and the figure columns are recognised,
    each field mapped to the first column whose heading suggests it."""
    for number, cells in sheet.rows[:_HEADER_SCAN_ROWS]:
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            field = _field_of(cell.text)
            if field is not None and field not in found:
                found[field] = position
        if "item" in found and "amount" in found:
            return ColumnMap(
                header_row=number,
                headers=tuple(c.text for c in cells),
                item=found["item"],
                amount=found["amount"],
                establishment=found.get("establishment"),
                period=found.get("period"),
            )
    first = sheet.rows[0] if sheet.rows else (1, ())
    return ColumnMap(first[0], tuple(c.text for c in first[1]), None, None)


def headers_of(sheet: ResultSheet, header_row: int) -> tuple[str, ...]:
    """The headings of ``header_row``, blank ones named by their column (``3列目``)."""
    cells = sheet.row(header_row)
    width = max((len(c) for _n, c in sheet.rows), default=0)
    return tuple((cells[p].text if p < len(cells) else "") or f"{p + 1}列目" for p in range(width))
