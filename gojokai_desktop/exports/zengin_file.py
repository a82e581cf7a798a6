"""Writing a Zengin 総合振込 file to disk: all or nothing, never over an existing file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
)


def _exists(name: str) -> ValidationError:
    return ValidationError(
        f"{name} は既にあります（二重振込を防ぐため上書きしません。別の名前にしてください）",
        "出力先",
    )


def _publish(part: Path, path: Path) -> None:
    """Give the finished file its name without ever replacing a file of that name.

    A hard link fails if the name exists; FAT-formatted USB sticks, where bank files often
    go, have no hard links, so there the name is checked again just before the rename.
    """
    try:
        os.link(part, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(17, "exists", str(path)) from None
        part.rename(path)


def write_zengin_file(
    path: Path,
    header: ZenginHeader,
    transfers: Sequence[ZenginTransfer],
    settings: ZenginSettings | None = None,
) -> int:
    """Write the file and return its size in bytes.

    The bytes are built (and so every payee checked) before anything touches the disk; they
    go to ``<name>.part``, are flushed to the disk, then renamed, so the bank never receives a
    half-written file. An existing file is refused: a second upload pays everyone twice.
    """
    if path.exists():
        raise _exists(path.name)
    data = build_zengin_file(header, transfers, settings or ZenginSettings())
    part = path.with_name(path.name + ".part")
    try:
        with part.open("xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _publish(part, path)
    except FileExistsError as exc:
        raise _exists(Path(str(exc.filename2 or exc.filename)).name) from exc
    finally:
        if part.exists():
            part.unlink()
    return len(data)
