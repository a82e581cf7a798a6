"""Writing the Zengin file: same bytes as the domain builds, atomic, never over a file."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from gojokai_desktop import files
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
)
from gojokai_desktop.exports.zengin_file import write_zengin_file

HEADER = ZenginHeader(
    "1234567890",
    "ゴジョカイ",
    dt.date(2025, 7, 25),
    "2951",
    "ロウキン",
    "101",
    "フクシマ",
    "1",
    "1",
)
PAYEE = ZenginTransfer(
    "0001-001 山田太郎",
    "0001",
    "ミズホ",
    "001",
    "トウキョウ",
    "1",
    "1234567",
    "ヤマダ タロウ",
    30000,
)


def test_writes_the_domain_bytes(tmp_path: Path) -> None:
    out = tmp_path / "furikomi.txt"
    size = write_zengin_file(out, HEADER, [PAYEE])
    assert size == 4 * 122
    assert out.read_bytes() == build_zengin_file(HEADER, [PAYEE])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["furikomi.txt"]
    no_newline = tmp_path / "nl.txt"
    write_zengin_file(no_newline, HEADER, [PAYEE], ZenginSettings(line_ending="none"))
    assert len(no_newline.read_bytes()) == 480


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "furikomi.txt"
    out.write_bytes(b"old")
    with pytest.raises(ValidationError, match=r"furikomi\.txt は既にあります") as e:
        write_zengin_file(out, HEADER, [PAYEE])
    assert e.value.field == "出力先"
    assert out.read_bytes() == b"old"


def test_bad_payee_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "furikomi.txt"
    with pytest.raises(ValidationError) as e:
        write_zengin_file(out, HEADER, [PAYEE, replace(PAYEE, payee_name="山田")])
    assert e.value.field == "0001-001 山田太郎の口座名義"
    assert list(tmp_path.iterdir()) == []


def test_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    # The link lives in the shared atomic writer (gojokai_desktop/files.py).
    monkeypatch.setattr(files.os, "link", no_links)
    out = tmp_path / "usb.txt"
    write_zengin_file(out, HEADER, [PAYEE])
    assert out.read_bytes() == build_zengin_file(HEADER, [PAYEE])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["usb.txt"]


def test_name_taken_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "race.txt"
    real_link = os.link

    def other_program_first(src: str, dst: str) -> None:
        Path(dst).write_bytes(b"theirs")
        real_link(src, dst)

    monkeypatch.setattr(files.os, "link", other_program_first)
    with pytest.raises(ValidationError, match=r"race\.txt は既にあります"):
        write_zengin_file(out, HEADER, [PAYEE])
    assert out.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.txt"]
