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

from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
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
