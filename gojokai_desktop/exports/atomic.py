"""Saving a workbook whole or not at all: to a temporary name beside it, then renamed."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from gojokai_desktop.files import atomic_path


def save_workbook_atomically(book: Workbook, path: Path | str) -> None:
    """Save ``book`` at ``path``; a failure half-way (a full disk) leaves any earlier file as
    it was and no temporary file (see ``gojokai_desktop.files``)."""
    with atomic_path(path) as temp:
        try:
            book.save(temp)
        except BaseException:
            _abandon(book)
            raise


def _abandon(book: Workbook) -> None:
    """A write-only sheet whose save failed still holds a row writer over the closed file;
    closed later by the garbage collector it would raise there ("I/O operation on closed
    file"). Close it now, where its error can be ignored."""
    for sheet in book.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()


def save_workbook(book: Workbook, out: Path | str | IO[bytes]) -> None:
    """To a path atomically, or into a stream as it is."""
    if isinstance(out, str | Path):
        save_workbook_atomically(book, out)
    else:
        book.save(out)
