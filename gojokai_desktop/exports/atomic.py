"""Saving a workbook whole or not at all: to a temporary name beside it, then renamed."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from openpyxl import Workbook

from gojokai_desktop.files import atomic_path


def save_workbook_atomically(book: Workbook, path: Path | str) -> None:
    """Save ``book`` at ``path``; a failure half-way (a full disk) leaves any earlier file as
    it was and no temporary file (see ``gojokai_desktop.files``)."""
    with atomic_path(path) as temp:
        book.save(temp)


def save_workbook(book: Workbook, out: Path | str | IO[bytes]) -> None:
    """To a path atomically, or into a stream as it is."""
    if isinstance(out, str | Path):
        save_workbook_atomically(book, out)
    else:
        book.save(out)
