"""Hostile files (tests/hostile/corpus.py): each gives a message naming the file and the problem,
exit code 2 (1 for a roster with formula cells, 0 for a wrong stated sheet size read whole),
no traceback, nothing written, and the whole corpus stays under 500 MB of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gojokai_desktop.services.members.import_read import read_table
from gojokai_desktop.services.untrusted import UntrustedFileError
from tests.hostile.corpus import make_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.sqlite_only  # the files are the subject; the child process counts rows in a file
def test_every_hostile_file_gives_a_message_with_bounded_memory(
    cli_user, db_path: Path, tmp_path: Path, ctx
) -> None:
    ctx.database.dispose()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile.run_corpus", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    report = json.loads(result.stdout)
    for file in report["files"]:
        shown = file["stderr"] + file["stdout"]
        assert file["code"] == file["expected_code"], file
        assert file["expect"] in shown, file
        assert file["name"] in shown or file["name"] == "formulas.xlsx", file
        assert "Traceback" not in file["stderr"], file
        assert not file["written"], file
    assert len(report["files"]) >= 17
    assert report["peak_mb"] < 500, [(f["name"], f["peak_mb_after"]) for f in report["files"]]
    assert result.returncode == 0, result.stderr


def test_a_wrong_stated_sheet_size_is_read_whole(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    table = read_table(tmp_path / "wrong_dimension.xlsx")
    assert [cells[0] for _n, cells in table.rows][-1] == "会員 コ"
    assert len(table.rows) == 11
    assert "シートに書かれた大きさ（3行）より多い 11行を読みました" in table.messages[0]


def test_a_formula_is_kept_as_a_formula_not_read_as_empty(tmp_path: Path) -> None:
    from gojokai_desktop.services.untrusted import FormulaCell

    make_corpus(tmp_path)
    table = read_table(tmp_path / "formulas.xlsx")
    cells = dict(table.rows)[3]
    assert cells[0] == FormulaCell('=CONCATENATE("佐藤"," 花子")')


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.xlsx", "空のファイルです"),
        ("password.xlsx", "パスワードが付いたブックは読めません"),
        ("bomb.xlsx", "異常に圧縮されています"),
        ("undecodable.csv", "文字コードが読めません"),
    ],
)
def test_the_message_names_the_file_and_the_field(tmp_path: Path, name: str, problem: str) -> None:
    make_corpus(tmp_path)
    with pytest.raises(UntrustedFileError) as refused:
        read_table(tmp_path / name)
    assert refused.value.field == "ファイル"
    assert refused.value.message.startswith(f"{name}: ")
    assert problem in refused.value.message
