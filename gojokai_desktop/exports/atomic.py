"""Saving a workbook whole or not at all: to a temporary name beside it, then renamed."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from openpyxl import Workbook


def save_workbook_atomically(book: Workbook, path: Path) -> None:
    """Save ``book`` at ``path``; a failure half-way leaves any earlier file as it was.

    The temporary file sits in the same folder (so the rename stays on one disk) under a
    hidden, unique name, and is removed whatever happens.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
