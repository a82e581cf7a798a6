"""``gojokai reports …`` and ``gojokai year …`` on the demo: files out, exit codes, the close
and the re-opening, and a write into a closed year refused with the year named."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop import paths
from gojokai_desktop.cli import main
from gojokai_desktop.services.demo.pipeline import generate_demo


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-cli") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # The demo's administrator, for the commands that write (close, reopen, bill).
    monkeypatch.setenv("GOJOKAI_USER", "admin")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")
    copy = tmp_path / "demo.sqlite3"
    copy.write_bytes(demo_template.read_bytes())
    return ["--db", str(copy)]


def test_report_files(demo_db, tmp_path, capsys) -> None:
    book = tmp_path / "決算.xlsx"
    args = ["reports", "settlement", "--fiscal-year", "2025", "--unit", "千円"]
    assert main([*args, "--out", str(book), *demo_db]) == 0
    assert "収支決算書を出力しました" in capsys.readouterr().out
    sheet = load_workbook(book)["一般会計"]
    assert sheet["A3"].value == "(単位: 千円)"
    totals = {
        row[1]: row[2:4] for row in sheet.iter_rows(values_only=True) if row[1] in ("収入合計",)
    }
    (income_a, income_b) = totals["収入合計"]
    assert isinstance(income_a, int)
    assert isinstance(income_b, int)
    for name, command in (
        ("活動.pdf", "activity"),
        ("資料.pdf", "packet"),
        ("中間.pdf", "interim"),
    ):
        out = tmp_path / name
        assert main(["reports", command, "--fiscal-year", "2025", "--out", str(out), *demo_db]) == 0
        assert len(PdfReader(out).pages) >= 1
    assert main(["reports", "packet", "--fiscal-year", "2025", "--out", "x.txt", *demo_db]) == 2
    assert "FILE" not in capsys.readouterr().err


def test_year_check_close_and_reopen(demo_db, capsys) -> None:
    assert main(["year", "check", "--fiscal-year", "2026", *demo_db]) == 1
    out = capsys.readouterr().out
    assert "× 作成中のままの支払予定があります　［慶弔給付］→［支払］" in out
    assert "締められません" in out
    assert main(["year", "check", "--fiscal-year", "2025", *demo_db]) == 0
    assert "締め済み" in capsys.readouterr().out
    assert main(["year", "close", "--fiscal-year", "2025", *demo_db]) == 1
    assert "既に締め済み" in capsys.readouterr().err
    assert main(["year", "reopen", "--fiscal-year", "2025", "--reason", "", *demo_db]) == 1
    assert "理由" in capsys.readouterr().err
    assert main(["year", "reopen", "--fiscal-year", "2025", "--reason", "記帳漏れ", *demo_db]) == 0
    assert main(["year", "close", "--fiscal-year", "2025", *demo_db]) == 0
    said = capsys.readouterr().out
    assert "令和7年度を締めました。翌年度へ繰り越した額: 合計" in said
    backups = list((paths.backup_dir() / "年度締め").glob("*close2025.sqlite3"))
    assert len(backups) == 1
    assert str(backups[0]) in said


def test_a_closed_year_refuses_writes_from_the_command_line(demo_db, capsys) -> None:
    assert main(["dues", "bill", "--period", "2025-05", *demo_db]) == 1
    assert "令和7年度は締め済み" in capsys.readouterr().err


def test_usage_help_and_errors_are_japanese(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["reports", "-h"])
    shown = capsys.readouterr().out
    assert shown.startswith("使い方: gojokai reports [-h] COMMAND ...")
    assert "オプション:" in shown
    assert "この説明を表示して終了する" in shown
    assert "usage" not in shown
    with pytest.raises(SystemExit) as exit_info:
        main(["reports", "settlement"])
    said = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "gojokai reports settlement: エラー: 次の引数を指定してください: " in said
    with pytest.raises(SystemExit):
        main(["reports", "bogus"])
    said = capsys.readouterr().err
    assert "'bogus' は選べません（" in said
    assert "error" not in said
