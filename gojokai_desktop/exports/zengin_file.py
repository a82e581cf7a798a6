"""Writing a Zengin 総合振込 file to disk: all or nothing, never over an existing file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
)
from gojokai_desktop.files import write_bytes_atomically


def _exists(name: str) -> ValidationError:
    return ValidationError(
        f"{name} は既にあります（二重振込を防ぐため上書きしません。別の名前にしてください）",
        "出力先",
    )


def write_zengin_file(
    path: Path,
    header: ZenginHeader,
    transfers: Sequence[ZenginTransfer],
    settings: ZenginSettings | None = None,
) -> int:
    """Write the file and return its size in bytes.

    The bytes are built (and so every payee checked) before anything touches the disk; they
    go to a hidden temporary file, are flushed to the disk, then renamed, so the bank never
    receives a half-written file. An existing file is refused: a second upload pays everyone twice.
    """
    if path.exists():
        raise _exists(path.name)
    data = build_zengin_file(header, transfers, settings or ZenginSettings())
    try:
        # Never over a file of that name, even one made meanwhile (a hard link where the
        # disk has them; FAT-formatted USB sticks, where bank files often go, do not).
        return write_bytes_atomically(path, data, overwrite=False)
    except FileExistsError as exc:
        raise _exists(path.name) from exc
