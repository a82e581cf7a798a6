"""Writing files whole or not at all, and saying in Japanese why the disk refused.

Every export, PDF, bank file and backup goes through here: the bytes go to a hidden
temporary file in the target folder (the rename stays on one disk), are flushed to the disk,
and only then take the final name. A full or read-only disk, or a crash, leaves any earlier
file as it was and no temporary file behind. Standard library only: every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` survive a power cut (a no-op where not supported)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish(temp: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(temp, path)
        return
    # Never over an existing file (a bank file sent twice pays everyone twice): a hard link
    # fails if the name exists; where links are not possible, check then rename.
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(temp, path)


@contextlib.contextmanager
def atomic_path(path: Path | str, *, overwrite: bool = True) -> Iterator[Path]:
    """``with atomic_path(out) as temp: write(temp)``: ``out`` appears only when the block
    ends without an error, with everything written; otherwise nothing changes."""
    target = Path(path)
    temp = temporary_name(target)
    try:
        yield temp
        if temp.exists():
            with temp.open("rb+") as stream:
                os.fsync(stream.fileno())
        _publish(temp, target, overwrite)
        fsync_directory(target.parent)
    except OSError as exc:
        # The clerk chose the final name: a refusal names it, not the hidden temporary file.
        if exc.filename is not None and Path(exc.filename) == temp:
            exc.filename = str(target)
        raise
    finally:
        with contextlib.suppress(OSError):  # a folder that is not there has no file to remove
            temp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_open(path: Path | str, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """``with atomic_open(out, "w", encoding="utf-8") as f: f.write(...)``, whole or nothing."""
    with atomic_path(path) as temp, temp.open(mode, **kwargs) as stream:
        yield stream
        stream.flush()


def write_bytes_atomically(path: Path | str, data: bytes, *, overwrite: bool = True) -> int:
    with atomic_path(path, overwrite=overwrite) as temp:
        temp.write_bytes(data)
    return len(data)


_REASONS = {
    errno.ENOSPC: (
        "ディスクの空きが足りません。不要なファイルを消すか、別の保存先を選んでください。"
    ),
    errno.EROFS: "書き込みできない場所です（読み取り専用のディスクまたはフォルダ）。",
    errno.EACCES: "書き込む権限がありません。別の保存先を選ぶか、管理者に確かめてください。",
    errno.EPERM: "書き込む権限がありません。別の保存先を選ぶか、管理者に確かめてください。",
    errno.ENOENT: "フォルダが見つかりません（USBメモリが外れていないか確かめてください）。",
    errno.EEXIST: "同じ名前のファイルが既にあります。",
    errno.EISDIR: "フォルダの名前です。ファイル名を指定してください。",
    errno.ENAMETOOLONG: "ファイル名が長すぎます。",
    errno.ENOTDIR: (
        "保存先のフォルダがありません（途中の名前がファイルです）。保存先を選び直してください。"
    ),
    errno.EDQUOT: "ディスクの使用量の上限に達しました。",
}


def describe_os_error(exc: OSError, path: Path | str | None = None) -> str:
    """One sentence a clerk can act on: where, and what the machine said."""
    where = str(path or exc.filename or "")
    reason = _REASONS.get(exc.errno or 0)
    if reason is None and getattr(exc, "winerror", None) == 32:  # a file open in Excel
        reason = "ほかのプログラム（Excelなど）で開かれています。閉じてからやり直してください。"
    if reason is None:
        reason = f"ファイルを読み書きできませんでした（{exc.strerror or exc}）。"
    return f"{where}: {reason}" if where else reason
