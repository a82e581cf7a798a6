"""The files the tickets, events, partners, reports and survey commands write are whole or
absent: a folder that is not there and a disk that fills up half-way each give a Japanese
message (no traceback) and leave neither a partial file nor a temporary one."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from gojokai_desktop import files
from gojokai_desktop.cli import main
from gojokai_desktop.services.demo.pipeline import generate_demo

SURVEY = Path(__file__).resolve().parents[2] / "resources" / "survey"
FULL_DISK = "ディスクの空きが足りません"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exports-demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GOJOKAI_USER", "admin")  # the demo's administrator
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, copy)
    return str(copy)


def _commands(out: Path) -> dict[str, list[str]]:
    o = str(out)
    return {
        "tickets report xlsx": ["tickets", "report", "--fiscal-year", "2025", "--out", f"{o}.xlsx"],
        "tickets report pdf": ["tickets", "report", "--fiscal-year", "2025", "--out", f"{o}.pdf"],
        "tickets orders": ["tickets", "orders", "--fiscal-year", "2025", "--out", f"{o}.xlsx"],
        "tickets stock": ["tickets", "stock", "--fiscal-year", "2025", "--out", f"{o}.pdf"],
        "events report xlsx": ["events", "report", "--fiscal-year", "2025", "--out", f"{o}.xlsx"],
        "events report pdf": ["events", "report", "--fiscal-year", "2025", "--out", f"{o}.pdf"],
        "partners report pdf": ["partners", "report", "--fiscal-year", "2025", "--out", f"{o}.pdf"],
        "partners report xlsx": [
            "partners", "report", "--fiscal-year", "2025", "--out", f"{o}.xlsx",
        ],
        "partners export": [
            "partners", "export", "--partner", "ろうきん", "--fiscal-year", "2025",
            "--out", f"{o}.xlsx",
        ],
        "reports settlement": [
            "reports", "settlement", "--fiscal-year", "2025", "--out", f"{o}.pdf",
        ],
        "reports packet": ["reports", "packet", "--fiscal-year", "2025", "--out", f"{o}.pdf"],
        "survey fill": ["survey", "fill", str(SURVEY / "sample_2025.toml"), "--out", f"{o}.xlsx"],
    }  # fmt: skip


NAMES = list(_commands(Path("x")))


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_folder_and_a_full_disk_give_a_message_and_no_file(
    name: str, demo_db: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    args = _commands(folder / "出力")[name]
    # Sure that the command writes its file when nothing is in the way.
    assert main([*args, "--db", demo_db]) == 0, capsys.readouterr().err
    written = _left(folder)
    assert len(written) == 1
    assert written[0].startswith("出力")
    (folder / written[0]).unlink()
    capsys.readouterr()

    # The folder is a file (a mistyped path): a message, exit code 5, nothing written.
    blocked = tmp_path / "ファイル.txt"
    blocked.write_text("x")
    bad = [a.replace(str(folder), str(blocked)) for a in args]
    assert main([*bad, "--db", demo_db]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if name.startswith("survey"):  # checked before writing, with the folder named
        assert f"フォルダ {blocked} がありません" in err
    else:
        assert f"{blocked / '出力'}" in err  # the file the clerk asked for, not a temporary one
        assert "保存先のフォルダがありません（途中の名前がファイルです）" in err
    assert _left(folder) == []
    assert blocked.read_text() == "x"

    # The disk fills up as the finished file is flushed: the message says so, the folder
    # keeps nothing (no partial file under the final name, no temporary file).
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    assert main([*args, "--db", demo_db]) != 0
    err = capsys.readouterr().err
    assert FULL_DISK in err
    assert "Traceback" not in err
    assert _left(folder) == []
