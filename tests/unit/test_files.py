"""Files written whole or not at all, and the disk's refusals said in Japanese."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from gojokai_desktop.files import (
    atomic_open,
    atomic_path,
    describe_os_error,
    write_bytes_atomically,
)


def test_a_failure_half_way_keeps_the_earlier_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "名簿.csv"
    target.write_text("earlier", encoding="utf-8")

    def fill_the_disk() -> None:
        with atomic_open(target, "w", encoding="utf-8") as out:
            out.write("half of the new file")
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        fill_the_disk()
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["名簿.csv"]


def test_the_file_appears_whole_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    with atomic_path(target) as temp:
        temp.write_bytes(b"%PDF-1.4 whole")
        assert not target.exists()
        assert temp.parent == tmp_path
        assert temp.name.startswith(".out.pdf.")
    assert target.read_bytes() == b"%PDF-1.4 whole"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_bank_file_is_never_written_over(tmp_path: Path) -> None:
    target = tmp_path / "furikomi.txt"
    write_bytes_atomically(target, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_bytes_atomically(target, b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["furikomi.txt"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "ディスクの空きが足りません"),
        (errno.EROFS, "読み取り専用"),
        (errno.EACCES, "書き込む権限がありません"),
        (errno.ENOENT, "フォルダが見つかりません"),
    ],
)
def test_the_disk_says_why_in_japanese(code: int, words: str) -> None:
    message = describe_os_error(OSError(code, "x", "/mnt/usb/名簿.xlsx"))
    assert message.startswith("/mnt/usb/名簿.xlsx: ")
    assert words in message
