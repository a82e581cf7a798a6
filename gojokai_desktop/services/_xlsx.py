"""Opening a workbook read-only without reading every sheet whole first.

openpyxl (3.1) makes each sheet of a read-only workbook when the workbook is loaded, and
each sheet looks for its stated size (``<dimension>``) by parsing the sheet's XML with *end*
events: a sheet that states no size (openpyxl's own write-only workbooks, many other
programs) is parsed to its end just to be opened, before a single row is read. On a roster
of 50,000 rows that is a whole extra pass (about 2.5 s), and ``sheet_names`` paid it for
every sheet.

``<dimension>`` comes before ``<sheetData>`` in a worksheet (ECMA-376, CT_Worksheet), so
reading *start* events and stopping at ``<sheetData>`` finds it, or its absence, at once.
The XML parser is openpyxl's own (defusedxml when installed). Nothing else differs from
``load_workbook(path, read_only=True, data_only=False)``; the versions are pinned in
``constraints.txt`` and ``tests/test_untrusted_files.py`` checks the result against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

_DIMENSION = f"{{{SHEET_MAIN_NS}}}dimension"
_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"


class _QuickSizeSheet(ReadOnlyWorksheet):  # type: ignore[misc]
    def _get_size(self) -> None:
        with self._get_source() as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == _DIMENSION:
                    bounds = SheetDimension.from_tree(element).boundaries
                    if bounds is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = bounds
                    return
                if element.tag == _DATA:
                    return  # no stated size: the rows are read as they come

    def value_rows(self, formula: Callable[[str], Any]) -> Iterator[tuple[Any, ...]]:
        """Every row's values from column A, whatever size the sheet states: what
        ``reset_dimensions()`` then ``iter_rows()`` give, a formula cell's text passed through
        ``formula``, without making a cell object per value (500,000 for a roster)."""
        parent = self.parent
        with self._get_source() as source:
            parser = WorkSheetParser(
                source,
                self._shared_strings,
                data_only=parent.data_only,
                epoch=parent.epoch,
                date_formats=parent._date_formats,
                timedelta_formats=parent._timedelta_formats,
            )
            expected = 1
            for number, cells in parser.parse():
                for _missing in range(expected, number):  # rows the sheet leaves out
                    yield ()
                if number >= expected:
                    expected = number + 1
                    yield _values(cells, formula)


def _values(cells: list[dict[str, Any]], formula: Callable[[str], Any]) -> tuple[Any, ...]:
    """A row's values from column A to its last cell (openpyxl's ``_get_row``)."""
    if not cells:
        return ()
    width = cells[-1]["column"]
    values: list[Any] = [None] * width
    for cell in cells:
        column = cell["column"]
        if 1 <= column <= width:
            value = cell["value"]
            values[column - 1] = formula(value) if cell["data_type"] == "f" else value
    return tuple(values)


class _QuickReader(ExcelReader):  # type: ignore[misc]
    def read_worksheets(self) -> None:
        # openpyxl's read-only branch of ExcelReader.read_worksheets, with the sheet above.
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _QuickSizeSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def load_read_only(path: Path) -> Any:
    """``load_workbook(path, read_only=True, data_only=False)``, each sheet opened at once.
    data_only=False: formula cells arrive as formulas, so they can be reported."""
    reader = _QuickReader(path, read_only=True, keep_vba=False, data_only=False)
    reader.read()
    return reader.wb
