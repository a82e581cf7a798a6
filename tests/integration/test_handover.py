"""引継ぎ: one file with the database, the society's own forms and settings, checked whole by
its checksums before anything is replaced on the next clerk's PC."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from gojokai_desktop.cli import main
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.handover import inspect_handover
from gojokai_desktop.services.untrusted import UntrustedFileError


@pytest.fixture
def old_pc(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A demo database, one form the society changed, a USB backup folder."""
    from gojokai_desktop.services.demo.pipeline import generate_demo

    data = tmp_path / "old-pc"
    monkeypatch.setenv("GOJOKAI_DATA_DIR", str(data))
    monkeypatch.setenv("GOJOKAI_USER", "admin")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    db = data / "gojokai.sqlite3"
    generate_demo(db, size="S")
    (data / "forms").mkdir()
    (data / "forms" / "receipt.toml").write_text('title = "うちの領収書"\n', encoding="utf-8")
    local_settings.update_local(data, backup_folder="/media/usb/backup", pc_login={"token": "x"})
    return data, db


def test_the_next_pc_gets_the_database_forms_and_settings(old_pc, tmp_path, monkeypatch, capsys):
    _data, db = old_pc
    handover = tmp_path / "引継ぎ.gojokai"
    assert main(["handover", "export", str(handover), "--db", str(db)]) == 0
    assert "会員 300 人、独自の様式 1 件" in capsys.readouterr().out
    with zipfile.ZipFile(handover) as archive:
        names = set(archive.namelist())
        settings = archive.read("settings/pc-settings.json").decode()
    assert names == {
        "manifest.json",
        "manifest.sha256",
        "database.sqlite3",
        "forms/receipt.toml",
        "settings/pc-settings.json",
    }
    assert "backup_folder" in settings
    assert "token" not in settings  # this PC's automatic login never travels
    summary = inspect_handover(handover)
    assert (summary.society, summary.members, summary.forms) == (
        "福島市勤労者互助会",
        300,
        ("receipt.toml",),
    )

    new_data = tmp_path / "new-pc"
    monkeypatch.setenv("GOJOKAI_DATA_DIR", str(new_data))
    new_db = new_data / "gojokai.sqlite3"
    assert main(["handover", "import", str(handover), "--db", str(new_db)]) == 0
    with sqlite3.connect(new_db) as connection:
        assert connection.execute("SELECT count(*) FROM members").fetchone() == (300,)
    assert (new_data / "forms" / "receipt.toml").read_text(
        encoding="utf-8"
    ) == 'title = "うちの領収書"\n'
    assert local_settings.backup_folder(new_data) == Path("/media/usb/backup")
    assert main(["check", "--db", str(new_db)]) == 0


def test_a_changed_byte_is_refused_and_nothing_is_replaced(old_pc, tmp_path, capsys):
    _data, db = old_pc
    handover = tmp_path / "h.gojokai"
    assert main(["handover", "export", str(handover), "--db", str(db)]) == 0
    tampered = tmp_path / "tampered.gojokai"
    with zipfile.ZipFile(handover) as source, zipfile.ZipFile(tampered, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "forms/receipt.toml":
                data = data.replace("うち".encode(), "よそ".encode())
            out.writestr(item, data)
    with pytest.raises(UntrustedFileError, match=r"forms/receipt\.toml のチェックサムが合いません"):
        inspect_handover(tampered)
    target = tmp_path / "other.sqlite3"
    shutil.copyfile(db, target)
    before = target.read_bytes()
    assert main(["handover", "import", str(tampered), "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert "チェックサムが合いません" in err
    assert target.read_bytes() == before
    not_zip = tmp_path / "x.gojokai"
    not_zip.write_text("hello", encoding="utf-8")
    assert main(["handover", "import", str(not_zip), "--check"]) == 2
    assert "引継ぎファイルではないか、壊れています" in capsys.readouterr().err
