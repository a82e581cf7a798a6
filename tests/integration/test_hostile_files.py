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


def _plain_and_quick(path: Path) -> tuple[object, object]:
    from openpyxl import load_workbook

    from gojokai_desktop.services._xlsx import load_read_only

    return load_workbook(path, read_only=True, data_only=False), load_read_only(path)


def _sheet_rows(workbook: object) -> list[list[list[tuple[object, object]]]]:
    return [
        [[(c.value, getattr(c, "data_type", None)) for c in row] for row in sheet.iter_rows()]
        for sheet in workbook.worksheets  # type: ignore[attr-defined]
    ]


def test_the_quick_open_reads_what_openpyxl_reads(tmp_path: Path) -> None:
    """A sheet with a stated size, one without (write-only), a formula and a second sheet:
    the same names, sizes, values and cell types as openpyxl's own read-only load."""
    import datetime as dt

    from openpyxl import Workbook

    stated = Workbook()
    stated.active.title = "名簿"
    stated.active.append(["氏名", "生年月日", "金額"])
    stated.active.append(["佐藤 花子", dt.date(1980, 4, 1), 1200])
    stated.active.append(["=A2", None, "=C2*2"])
    stated.active["B6"] = "間の行なし"  # rows 4 and 5 are not in the file
    stated.create_sheet("別表").append(["x", 1])
    stated.save(tmp_path / "stated.xlsx")
    unstated = Workbook(write_only=True)
    sheet = unstated.create_sheet("名簿")
    for i in range(300):
        sheet.append([f"会員{i}", i, None, "=1+1" if i == 7 else ""])
    unstated.create_sheet("空")
    unstated.save(tmp_path / "unstated.xlsx")
    for name, sizes in (("stated.xlsx", [(6, 3), (1, 2)]), ("unstated.xlsx", [(None, None)] * 2)):
        plain, quick = _plain_and_quick(tmp_path / name)
        assert quick.sheetnames == plain.sheetnames  # type: ignore[attr-defined]
        got = [(s.max_row, s.max_column) for s in quick.worksheets]  # type: ignore[attr-defined]
        assert got == [(s.max_row, s.max_column) for s in plain.worksheets] == sizes  # type: ignore[attr-defined]
        assert _sheet_rows(quick) == _sheet_rows(plain)
        assert len(_sheet_rows(quick)[0]) == (6 if name == "stated.xlsx" else 300)
        for fast, slow in zip(quick.worksheets, plain.worksheets, strict=True):  # type: ignore[attr-defined]
            slow.reset_dimensions()
            expected = [
                tuple(("式", c.value) if c.data_type == "f" else c.value for c in row)
                for row in slow.iter_rows()
            ]
            assert list(fast.value_rows(lambda text: ("式", text))) == expected
            if name == "stated.xlsx" and fast.title == "名簿":
                assert expected[2] == (("式", "=A2"), None, ("式", "=C2*2"))
                assert expected[3:] == [(), (), (None, "間の行なし")]
        plain.close()  # type: ignore[attr-defined]
        quick.close()  # type: ignore[attr-defined]


def test_opening_a_workbook_does_not_read_its_sheets_whole(tmp_path: Path) -> None:
    """The sheet's XML is broken near its end: the workbook still opens and lists its
    sheets (nothing read past <sheetData>); reading the rows then names the broken sheet."""
    from openpyxl import load_workbook

    from gojokai_desktop.services.untrusted import read_rows, sheet_names

    make_corpus(tmp_path)
    with pytest.raises(SyntaxError):  # openpyxl's own load parses the whole sheet to open it
        load_workbook(tmp_path / "bad_xml.xlsx", read_only=True)
    assert sheet_names(tmp_path / "bad_xml.xlsx") == ["名簿"]
    with pytest.raises(UntrustedFileError) as refused:
        read_rows(tmp_path / "bad_xml.xlsx")
    assert "シート「名簿」の途中が壊れています" in refused.value.message


def test_a_chart_sheet_is_not_offered_and_picking_it_says_why(tmp_path: Path) -> None:
    """A graph on a sheet of its own holds no rows: it is not among the sheets offered, and
    a sheet name of one (typed, or from an older list) is refused saying so, not as a
    broken file; a workbook of charts alone says it has no table."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.members.import_read import sheet_names

    book = Workbook()
    roster = book.active
    roster.title = "名簿"
    roster.append(["氏名", "フリガナ"])
    roster.append(["山田 太郎", "ヤマダ タロウ"])
    chart = BarChart()
    chart.add_data(Reference(roster, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("グラフ").add_chart(chart)
    path = tmp_path / "with_chart.xlsx"
    book.save(path)
    assert sheet_names(path) == ["名簿"]
    assert [cells for _n, cells in read_table(path, "名簿").rows][1] == (
        "山田 太郎",
        "ヤマダ タロウ",
    )
    with pytest.raises(ValidationError) as refused:
        read_table(path, "グラフ")
    assert refused.value.field == "シート"
    assert "シート「グラフ」はグラフのシートで、読める表がありません" in refused.value.message

    only = Workbook()
    only.create_chartsheet("グラフ").add_chart(chart)
    only.remove(only.active)
    charts_only = tmp_path / "charts_only.xlsx"
    only.save(charts_only)
    for attempt in (lambda: sheet_names(charts_only), lambda: read_table(charts_only)):
        with pytest.raises(UntrustedFileError, match="表のシートがありません"):
            attempt()
