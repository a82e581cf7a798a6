"""The council's own workbook: checked against the questions, filled in place, read back.

Only the mapped cells change: every other cell, formula, style, merged range, column width,
sheet and the print setup stay as the council made them, as far as openpyxl carries them
(what it would drop — shapes, form controls, some validation lists … — is found beforehand by
:func:`inspect_template` so the clerk is told before anything is written). After writing, the
new file is read back and compared with the template cell by cell (values and styles), with
its merged ranges, column widths, row heights and print settings; a difference removes the new
file and says where.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from gojokai_desktop.domain.survey.cells import CellRef
from gojokai_desktop.domain.survey.definition import Problem, nearest_names
from gojokai_desktop.domain.survey.values import Value
from gojokai_desktop.exports.atomic import save_workbook_atomically
from gojokai_desktop.exports.survey._guard import UntrustedWorkbookError, check_workbook_file
from gojokai_desktop.exports.survey._inventory import REBUILT, Loss, inventory, losses

#: 令和7年4月1日 in Excel (and LibreOffice) on any locale.
ERA_DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'


class TemplateError(Exception):
    """The template cannot be used at all (not a workbook, huge, hostile, broken)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class CellTarget:
    """A question's place in the template and the answer that goes there (None: unanswered)."""

    question_id: str
    question_text: str
    cell: CellRef
    kind: str
    value: Value | None = None


@dataclass(frozen=True)
class TemplateReport:
    """What the check found: the sheets, every problem (by question), what would be lost."""

    sheets: tuple[str, ...]
    problems: tuple[Problem, ...]
    losses: tuple[str, ...]


@dataclass(frozen=True)
class FilledTemplate:
    """The written workbook: where, how many cells were filled, and that it was read back."""

    path: Path
    written: int
    compared_cells: int


def _load(path: Path) -> tuple[Workbook, list[str]]:
    """openpyxl's reading of a checked file, with the warnings it gave on the way."""
    try:
        check_workbook_file(path)
    except UntrustedWorkbookError as error:
        raise TemplateError(error.message) from error
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = load_workbook(path, rich_text=True, keep_links=True)
        except Exception as error:
            raise TemplateError(
                f"{path.name} を開けませんでした"
                f"（壊れているか、Excelのブックではありません: {error}）"
            ) from error
    return book, [str(w.message) for w in caught]


def _is_formula(cell: Cell) -> bool:
    return cell.data_type == "f" or isinstance(cell.value, ArrayFormula | DataTableFormula)


def _formula_text(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, ArrayFormula):
        return str(value.text)
    return str(value)


def _merged_holding(sheet: Worksheet, ref: CellRef) -> str | None:
    for merged in sheet.merged_cells.ranges:
        if (
            merged.min_row <= ref.row <= merged.max_row
            and merged.min_col <= ref.column <= merged.max_col
            and (merged.min_row, merged.min_col) != (ref.row, ref.column)
        ):
            return str(merged.coord)
    return None


def _cell_problems(book: Workbook, targets: Sequence[CellTarget]) -> list[Problem]:
    problems: list[Problem] = []
    names = book.sheetnames
    for target in targets:
        ref = target.cell

        def problem(message: str, severity: str = "error", t: CellTarget = target) -> None:
            problems.append(Problem(message, t.question_id, t.question_text, severity))

        if ref.sheet not in names:
            near = nearest_names(ref.sheet, names, 1)
            hint = f"。近い名前: {near[0]}" if near else ""
            problem(
                f"シート「{ref.sheet}」は様式にありません（様式のシート: {'、'.join(names)}{hint}）"
            )
            continue
        sheet = book[ref.sheet]
        merged = _merged_holding(sheet, ref)
        if merged is not None:
            top_left = merged.split(":")[0]
            problem(
                f"セル {ref} は結合されたセル {merged} の中にあります。"
                f"書き込めるのは左上のセル {ref.sheet}!{top_left} です"
            )
            continue
        cell = sheet.cell(ref.row, ref.column)
        if _is_formula(cell):
            problem(
                f"セル {ref} には協議会の計算式（{_formula_text(cell)}）があります。"
                "計算式のセルには書き込みません（セルの指定を見直してください）"
            )
            continue
        if isinstance(cell.value, str) and cell.value.strip():
            problem(
                f"セル {ref} には「{cell.value.strip()[:30]}」と書かれています。"
                "見出しのセルではないか確かめてください（書き込むと置き換わります）",
                "warning",
            )
        if sheet.protection.sheet and cell.protection.locked:
            problem(
                f"セル {ref} は保護されたシートの入力できないセルです"
                "（セルの指定を確かめてください）",
                "warning",
            )
    return problems


def _round_trip_losses(path: Path, book: Workbook) -> list[str]:
    before = inventory(path.read_bytes())
    buffer = BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book.save(buffer)
    found: list[Loss] = losses(before, inventory(buffer.getvalue()))
    notes = [str(loss) for loss in found]
    notes += [note for what, note in REBUILT.items() if before.get(what)]
    return notes


def inspect_template(
    path: Path, targets: Sequence[CellTarget], *, losses: bool = True
) -> TemplateReport:
    """Check every target cell and (unless ``losses`` is False: the clerk was told already)
    find what openpyxl would not carry over.

    Raises :class:`TemplateError` for a file that is not a usable workbook.
    """
    book, caught = _load(path)
    problems = _cell_problems(book, targets)
    lost = _round_trip_losses(path, book) if losses else []
    if caught and not lost:
        # openpyxl gave up on a part the counts above do not know: say so, in its words.
        lost = [f"一部が読み込めません（{message}）" for message in dict.fromkeys(caught)]
    return TemplateReport(tuple(book.sheetnames), tuple(problems), tuple(lost))


def _put(cell: Cell, value: Value) -> None:
    if isinstance(value, dt.date):
        keep = cell.number_format
        cell.value = value
        cell.number_format = keep if is_date_format(keep) else ERA_DATE_FORMAT
        return
    cell.value = value
    if isinstance(value, str):
        # An answer is text even when it starts with "=" or reads like #N/A: never a formula.
        cell.data_type = "s"


def fill_template(template: Path, targets: Sequence[CellTarget], out: Path) -> FilledTemplate:
    """Write the answers into a copy of the template at ``out`` (atomically), then read it back
    and compare it with the template; the template itself is never written."""
    if out.resolve() == template.resolve() or (out.exists() and out.samefile(template)):
        raise TemplateError(
            "協議会の様式そのものには書き込みません。別のファイル名を指定してください"
        )
    book, _caught = _load(template)
    problems = [p for p in _cell_problems(book, targets) if p.is_error]
    if problems:
        raise TemplateError("\n".join(str(p) for p in problems))
    written = [t for t in targets if t.value is not None]
    for target in written:
        assert target.value is not None
        _put(book[target.cell.sheet].cell(target.cell.row, target.cell.column), target.value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        save_workbook_atomically(book, out)
    expected = {t.cell: t.value for t in written if t.value is not None}
    try:
        differences, compared = compare_workbooks(template, out, expected)
    except Exception:
        out.unlink(missing_ok=True)
        raise
    if differences:
        out.unlink(missing_ok=True)
        listed = "\n".join(differences[:10])
        raise TemplateError(
            f"書き込んだブックを読み直したところ、様式と違う所がありました:\n{listed}"
        )
    return FilledTemplate(out, len(written), compared)


# -- reading back -------------------------------------------------------------------------------
def _cells(sheet: Worksheet) -> Iterator[tuple[tuple[int, int], Cell]]:
    yield from sheet._cells.items()  # the stored cells only, not a filled grid


def _style(cell: Cell) -> tuple[Any, ...]:
    # Copies: the cell's own style proxies never compare equal across two workbooks.
    return (
        copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment),
        cell.number_format, copy(cell.protection),
    )  # fmt: skip


def _xml(item: Any) -> Any:
    """A setting as its XML text, so two workbooks' settings compare by what is saved."""
    return tostring(item.to_tree()) if hasattr(item, "to_tree") else item


def _same(expected: Value, found: object) -> bool:
    if isinstance(found, dt.datetime) and isinstance(expected, dt.date):
        return found.date() == expected
    return found == expected


def _sheet_settings(sheet: Worksheet) -> dict[str, object]:
    return {
        "用紙・向き・拡大縮小": (_xml(sheet.page_setup), _xml(sheet.sheet_properties.pageSetUpPr)),
        "余白": _xml(sheet.page_margins),
        "印刷の設定": _xml(sheet.print_options),
        "印刷範囲": sheet.print_area,
        "印刷タイトル": (sheet.print_title_rows, sheet.print_title_cols),
        "ヘッダー・フッター": _xml(sheet.HeaderFooter),
        "結合セル": sorted(str(r.coord) for r in sheet.merged_cells.ranges),
        "列の幅": {k: (d.width, d.hidden) for k, d in sheet.column_dimensions.items()},
        "行の高さ": {k: (d.height, d.hidden) for k, d in sheet.row_dimensions.items()},
        "ウィンドウ枠の固定": sheet.freeze_panes,
        "表示（倍率・枠線）": (sheet.sheet_view.zoomScale, sheet.sheet_view.showGridLines),
        "シートの保護": sheet.protection.sheet,
        "表示・非表示": sheet.sheet_state,
        "入力規則": sorted(str(v.sqref) for v in sheet.data_validations.dataValidation),
        "条件付き書式": sorted(str(r.sqref) for r in sheet.conditional_formatting),
    }  # fmt: skip


def compare_workbooks(
    before: Path, after: Path, expected: dict[CellRef, Value]
) -> tuple[list[str], int]:
    """Where ``after`` differs from ``before`` other than ``expected`` answers in their cells;
    and how many cells were compared. Empty when only the answers changed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = load_workbook(before, rich_text=True)
        new = load_workbook(after, rich_text=True)
    differences: list[str] = []
    if old.sheetnames != new.sheetnames:
        return [f"シートが違います: {old.sheetnames} → {new.sheetnames}"], 0
    if sorted(old.defined_names) != sorted(new.defined_names):
        differences.append("名前の定義が違います")
    compared = 0
    for name in old.sheetnames:
        a, b = old[name], new[name]
        settings_a, settings_b = _sheet_settings(a), _sheet_settings(b)
        differences += [
            f"{name}: {k}が違います" for k in settings_a if settings_a[k] != settings_b[k]
        ]
        answers = {(r.row, r.column): v for r, v in expected.items() if r.sheet == name}
        compared += _compare_cells(name, a, b, answers, differences)
    return differences, compared


def _compare_cells(
    name: str,
    a: Worksheet,
    b: Worksheet,
    answers: dict[tuple[int, int], Value],
    differences: list[str],
) -> int:
    old_cells, new_cells = dict(_cells(a)), dict(_cells(b))
    compared = 0
    for key in old_cells.keys() | new_cells.keys() | answers.keys():
        compared += 1
        old_cell = old_cells.get(key) or a.cell(*key)
        new_cell = new_cells.get(key) or b.cell(*key)
        where = f"{name}!{old_cell.coordinate}"
        if key in answers:
            if not _same(answers[key], new_cell.value):
                differences.append(
                    f"{where}: 回答 {answers[key]!r} が {new_cell.value!r} になっています"
                )
        elif old_cell.value != new_cell.value:
            differences.append(f"{where}: {old_cell.value!r} が {new_cell.value!r} に変わりました")
        if _style(old_cell)[:4] != _style(new_cell)[:4] or (
            key not in answers and _style(old_cell) != _style(new_cell)
        ):
            differences.append(f"{where}: 書式が変わりました")
    return compared


def sheet_names(path: Path) -> tuple[str, ...]:
    """The sheets of a workbook (for the screens), after the same checks."""
    book, _caught = _load(path)
    return tuple(book.sheetnames)
