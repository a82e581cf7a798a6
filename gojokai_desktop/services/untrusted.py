"""Files from outside (取り込むファイル): checked before they are read, read with bounded memory.

Every importer uses this module: roster workbooks and CSV (members), and the areas that come
later (tickets, events, partners, survey answers), templates, backups and handover files.
A file that is empty, not what it claims, password-protected, a "zip bomb", too large, too
wide or too long, or undecodable is refused with :class:`UntrustedFileError` (a
ValidationError of the field ``ファイル``) naming the file and the problem, before anything
is written. The limits are far above any real society (20,000 members, 50 columns) and
keep memory under 500 MB.

How to use it in a new importer::

    from gojokai_desktop.services.untrusted import ROSTER_LIMITS, read_rows
    sheet = read_rows(path, sheet_name, limits=ROSTER_LIMITS)   # a workbook or a CSV file
    for row_number, cells in sheet.rows: ...                     # formulas are FormulaCell
    sheet.messages  # notices for the clerk (e.g. the stated sheet size was wrong)

An importer that wants only some rows passes ``keep`` (row number, cells → the row to keep,
or None to drop it; raising a ValidationError stops the reading): the rows are then never
held all at once, so a sheet of 300,000 rows is refused after the first rows too many.

Report a ``FormulaCell`` in a column you import as an error of that row: the program never
computes formulas, and the cached value may be stale or missing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services import collection

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")


@dataclass(frozen=True)
class Limits:
    """What a file of one kind may be; checked before reading."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 300 * 1024 * 1024
    max_part_bytes: int = 200 * 1024 * 1024
    max_shared_strings_bytes: int = 60 * 1024 * 1024
    max_ratio: int = 100
    max_parts: int = 2000
    max_rows: int = 100_000
    max_columns: int = 200
    max_cell_chars: int = 32_767
    max_cells: int = 3_000_000
    # What the file should hold, for the advice in a refusal (「名簿だけのファイルにしてください」).
    content: str = "名簿"


ROSTER_LIMITS = Limits()


class UntrustedFileError(ValidationError):
    """A file refused before or while reading; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path.name}: {problem}", "ファイル")


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula (``=A1&B1``): never imported, reported on its row."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass
class Sheet:
    """The rows read: ``(row number as the clerk sees it, cells)``, and notices."""

    source: str
    name: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    cells: int = 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise UntrustedFileError(path, "ファイルが見つかりません。") from None
    except OSError as exc:
        raise UntrustedFileError(path, f"ファイルを読めません（{exc.strerror or exc}）。") from exc


def check_size(path: Path, limits: Limits) -> int:
    size = _size(path)
    if path.is_dir():
        raise UntrustedFileError(path, "フォルダです。ファイルを選んでください。")
    if size == 0:
        raise UntrustedFileError(path, "空のファイルです（0バイト）。")
    if size > limits.max_file_bytes:
        raise UntrustedFileError(
            path,
            f"ファイルが大きすぎます（{size / 1e6:,.0f} MB、{limits.max_file_bytes / 1e6:,.0f} MB"
            f"まで）。{limits.content}だけのファイルにしてください。",
        )
    return size


def _head(path: Path, size: int = 1 << 20) -> bytes:
    with path.open("rb") as stream:
        return stream.read(size)


def check_zip_container(
    path: Path, limits: Limits, *, kind: str = "Excelのブック（.xlsx）"
) -> None:
    """An Office file (or a handover file) is a zip: every part is measured before reading,
    so a small file that expands to gigabytes ("zip bomb") is refused."""
    check_size(path, limits)
    head = _head(path)
    if head.startswith(OLE2_MAGIC):
        if _ENCRYPTED_MARK in head:
            raise UntrustedFileError(
                path,
                "パスワードが付いたブックは読めません。Excelでパスワードを外して保存し直してください。",
            )
        raise UntrustedFileError(
            path, "古い形式（.xls）のブックです。Excelで「.xlsx」形式で保存し直してください。"
        )
    if not zipfile.is_zipfile(path):
        raise UntrustedFileError(path, f"{kind}ではないか、壊れています。")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UntrustedFileError(path, f"{kind}が壊れています（{exc}）。") from exc
    if len(parts) > limits.max_parts:
        raise UntrustedFileError(path, f"中のファイルが多すぎます（{len(parts):,}個）。")
    total = 0
    for part in parts:
        name = part.filename
        if name.startswith(("/", "\\")) or ".." in Path(name).parts:
            raise UntrustedFileError(path, f"中に危険な名前のファイルがあります（{name}）。")
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > 1_000_000 and ratio > limits.max_ratio:
            raise UntrustedFileError(
                path,
                f"中の {name} が異常に圧縮されています（{part.file_size / 1e6:,.0f} MB に展開、"
                f"{ratio:,.0f} 倍）。壊れたファイルか、攻撃用のファイルです。",
            )
        part_limit = (
            limits.max_shared_strings_bytes
            if name.endswith("sharedStrings.xml")
            else limits.max_part_bytes
        )
        if part.file_size > part_limit:
            raise UntrustedFileError(
                path, f"中の {name} が大きすぎます（展開すると {part.file_size / 1e6:,.0f} MB）。"
            )
    if total > limits.max_uncompressed_bytes:
        raise UntrustedFileError(
            path,
            f"展開すると大きすぎます（{total / 1e6:,.0f} MB）。"
            f"{limits.content}だけのファイルにしてください。",
        )


def open_workbook(path: Path, limits: Limits = ROSTER_LIMITS) -> Any:
    """An openpyxl workbook in read-only mode, after the container was measured. The caller
    closes it (``workbook.close()``)."""
    from gojokai_desktop.services._xlsx import load_read_only

    check_zip_container(path, limits)
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise UntrustedFileError(path, "Excelのブック（.xlsx）ではありません。")
    try:
        return load_read_only(path)  # formulas arrive as formulas, to be reported
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise UntrustedFileError(path, f"ブックが壊れていて読めません（{exc}）。") from exc
    except Exception as exc:  # openpyxl's own errors, and XML parse errors of a broken part
        problem = f"ブックが壊れていて読めません（{type(exc).__name__}: {exc}）。"
        raise UntrustedFileError(path, problem) from exc


def sheet_names(path: Path, limits: Limits = ROSTER_LIMITS) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    if path.suffix.lower() in CSV_SUFFIXES:
        check_size(path, limits)
        return [path.stem]
    workbook = open_workbook(path, limits)
    try:
        # Chart sheets (a graph on a sheet of its own) hold no rows to read: not offered.
        names = [worksheet.title for worksheet in workbook.worksheets]
    finally:
        workbook.close()
    if not names:
        raise UntrustedFileError(path, "表のシートがありません（グラフのシートだけです）。")
    return names


def _formula(text: Any) -> FormulaCell:
    return FormulaCell(str(text))


Keep = Callable[[int, tuple[Any, ...]], tuple[Any, ...] | None]


def _kept(keep: Keep | None, number: int, cells: tuple[Any, ...]) -> tuple[Any, ...] | None:
    return cells if keep is None else keep(number, cells)


def _workbook_rows(path: Path, sheet: str | None, limits: Limits, keep: Keep | None) -> Sheet:
    workbook = open_workbook(path, limits)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = "、".join(workbook.sheetnames)
            raise ValidationError(f"シート「{sheet}」がありません（あるのは {names}）。", "シート")
        if not workbook.worksheets:
            raise UntrustedFileError(path, "表のシートがありません（グラフのシートだけです）。")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        if not hasattr(worksheet, "value_rows"):
            raise ValidationError(
                f"シート「{sheet}」はグラフのシートで、読める表がありません。"
                "表のあるシートを選んでください。",
                "シート",
            )
        result = Sheet(path.name, worksheet.title)
        stated = _stated_rows(worksheet)
        last = 0
        try:
            # The sheet's stated size (<dimension>) may be wrong (written by other programs):
            # every row there is is read, whatever it says.
            for number, cells in enumerate(worksheet.value_rows(_formula), start=1):
                _check_row(path, number, cells, limits, result)
                kept = _kept(keep, number, cells)
                if kept is not None:
                    result.rows.append((number, kept))
                last = number
        except ValidationError:  # ours, or the importer's own (``keep``): said as it is
            raise
        except Exception as exc:  # a broken sheet part (bad XML) found half-way
            raise UntrustedFileError(
                path, f"シート「{worksheet.title}」の途中が壊れています（{exc}）。"
            ) from exc
        if stated is not None and last > stated:
            result.messages.append(
                f"{path.name}: シートに書かれた大きさ（{stated:,}行）より多い {last:,}行を"
                "読みました（ほかのソフトで作られたファイルです）。"
            )
        return result
    finally:
        workbook.close()


def _stated_rows(worksheet: Any) -> int | None:
    try:
        return int(worksheet.max_row) if worksheet.max_row else None
    except (TypeError, ValueError):
        return None


def _check_row(
    path: Path, number: int, cells: tuple[Any, ...], limits: Limits, sheet: Sheet
) -> None:
    sheet.cells += len(cells)
    if sheet.cells > limits.max_cells:
        raise UntrustedFileError(
            path,
            f"セルが多すぎます（{limits.max_cells:,}個まで）。{limits.content}だけのファイルにしてください。",
        )
    if number > limits.max_rows:
        raise UntrustedFileError(
            path,
            f"行が多すぎます（{limits.max_rows:,}行まで）。{limits.content}だけのファイルにしてください。",
        )
    if len(cells) > limits.max_columns:
        used = max((i for i, c in enumerate(cells, start=1) if c not in (None, "")), default=0)
        if used > limits.max_columns:
            raise UntrustedFileError(
                path, f"{number}行目の列が多すぎます（{used:,}列、{limits.max_columns}列まで）。"
            )
    for position, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
            raise UntrustedFileError(
                path, f"{number}行目 {position}列目の文字が長すぎます（{len(cell):,}文字）。"
            )


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or Shift_JIS (cp932), judged from the first 64 KB."""
    head = _head(path, 1 << 16)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at 64 KB is not an error
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp932")().decode(head, final=False)
    except UnicodeDecodeError:
        raise UntrustedFileError(
            path, "文字コードが読めません（UTF-8でもShift_JIS（cp932）でもありません）。"
        ) from None
    return "cp932"


def _csv_rows(path: Path, limits: Limits, keep: Keep | None) -> Sheet:
    check_size(path, limits)
    encoding = detect_encoding(path)
    result = Sheet(path.name, path.stem)
    number = 0
    try:
        with path.open("r", encoding=encoding, newline="", errors="strict") as stream:
            reader = csv.reader(stream)
            for number, row in enumerate(reader, start=1):
                cells = tuple(row)
                _check_row(path, number, cells, limits, result)
                kept = _kept(keep, number, cells)
                if kept is not None:
                    result.rows.append((number, kept))
    except UnicodeDecodeError:
        raise UntrustedFileError(
            path, f"{number + 1}行目あたりの文字が読めません（{encoding} として読みました）。"
        ) from None
    except csv.Error as exc:
        raise UntrustedFileError(path, f"{number + 1}行目をCSVとして読めません（{exc}）。") from exc
    return result


@collection.paused()  # every row of a file read at once, none of it garbage
def read_rows(
    path: Path,
    sheet: str | None = None,
    *,
    limits: Limits = ROSTER_LIMITS,
    keep: Keep | None = None,
) -> Sheet:
    """Every row of the sheet (the first unless named) or of the CSV file, checked; with
    ``keep``, only the rows it returns (as it returns them)."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path, limits, keep)
    if suffix in WORKBOOK_SUFFIXES or zipfile.is_zipfile(path) or _size(path) == 0:
        return _workbook_rows(path, sheet, limits, keep)
    if _head(path, 8).startswith(OLE2_MAGIC):
        return _workbook_rows(path, sheet, limits, keep)  # refused there, with the reason
    raise UntrustedFileError(path, "Excelのブック（.xlsx）かCSVファイル（.csv）を選んでください。")


def check_text_file(path: Path, *, max_bytes: int = 1024 * 1024, kind: str = "ファイル") -> str:
    """A small text file (a form template, a survey definition): size and UTF-8 checked."""
    size = _size(path)
    if size > max_bytes:
        raise UntrustedFileError(path, f"{kind}として大きすぎます（{size:,} バイト）。")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UntrustedFileError(
            path, f"UTF-8 の文字として読めません（{exc.start} バイト目）。"
        ) from exc


def cell_text(value: Any) -> Any:
    """A cell as the importers want it: text, or a date; formulas stay FormulaCell."""
    if type(value) is str:  # most cells: nothing to convert (checked first, cheaply)
        return value
    if isinstance(value, FormulaCell):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return ""
    return value if isinstance(value, dt.date) else str(value)


__all__ = [
    "ROSTER_LIMITS",
    "FormulaCell",
    "Limits",
    "Sheet",
    "UntrustedFileError",
    "cell_text",
    "check_text_file",
    "check_zip_container",
    "read_rows",
    "sheet_names",
]
