"""``gojokai partners report|import|export|list``: the files, the lines printed, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from gojokai_desktop.cli import main
from tests.integration.partners.scenario import RokinYear, rokin_year

# An import writes: the command acts as the society's administrator, logged in from the
# environment.
pytestmark = pytest.mark.usefixtures("cli_user")


@pytest.fixture
def rokin(ctx, society) -> RokinYear:
    year = rokin_year(ctx, society)
    ctx.database.dispose()
    return year


def test_report_as_pdf_and_workbook(rokin, db_url: str, tmp_path: Path, capsys) -> None:
    pdf = tmp_path / "上期.pdf"
    assert (
        main(
            [
                "partners",
                "report",
                "--fiscal-year",
                "2025",
                "--period",
                "H1",
                "--out",
                str(pdf),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == f"推進実績報告（ろうきん）を出力しました: {pdf}（1ページ）\n"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "合計 件 76,440 42,651 55.7% 42,603 100.1% ○" in text
    xlsx = tmp_path / "年間.xlsx"
    assert (
        main(
            [
                "partners",
                "report",
                "--fiscal-year",
                "2025",
                "--period",
                "year",
                "--partner",
                "ろうきん",
                "--rounding",
                "trunc_2",
                "--out",
                str(xlsx),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    sheet = load_workbook(xlsx)["ろうきん"]
    assert sheet["A1"].value == "ろうきん 推進実績報告（2025年度 年間）"
    assert [c.value for c in sheet[5]][4:7] == ["年間目標", "年間実績", "達成率"]
    assert sheet.cell(6, 7).number_format == "0.00%"


def test_report_refusals(rokin, db_url: str, tmp_path: Path, capsys) -> None:
    assert (
        main(
            [
                "partners",
                "report",
                "--fiscal-year",
                "2025",
                "--out",
                str(tmp_path / "x.txt"),
                "--db",
                db_url,
            ]
        )
        == 2
    )
    assert ".pdf か .xlsx" in capsys.readouterr().err
    assert (
        main(
            [
                "partners",
                "report",
                "--fiscal-year",
                "2019",
                "--out",
                str(tmp_path / "x.pdf"),
                "--db",
                db_url,
            ]
        )
        == 1
    )
    assert "2019年度の推進項目がある推進先がありません" in capsys.readouterr().err
    assert (
        main(
            [
                "partners",
                "report",
                "--fiscal-year",
                "2025",
                "--partner",
                "県民共済",
                "--out",
                str(tmp_path / "x.pdf"),
                "--db",
                db_url,
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "推進先: 推進先「県民共済」は登録されていません（登録済み: ろうきん）" in err
    assert not (tmp_path / "x.pdf").exists()


def _statement(path: Path, figure: object) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["項目", "下期実績"])
    sheet.append(["メイン化", figure])
    sheet.append(["合計", figure])
    book.save(path)
    return path


def test_import_checks_then_stores(rokin, db_url: str, tmp_path: Path, capsys) -> None:
    good = _statement(tmp_path / "下期.xlsx", 8_000)
    args = [
        "partners",
        "import",
        str(good),
        "--partner",
        "ろうきん",
        "--fiscal-year",
        "2025",
        "--period",
        "下期",
        "--db",
        db_url,
    ]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "3行目: 「合計」の行（合計の行は取り込みません）" in out
    year = "2025年度（令和7年4月〜令和8年3月）"
    assert f"確認のみ（ろうきん {year}）: 追加 1・変更 0・変更なし 0" in out
    assert main(args) == 0
    assert "取り込みました（ろうきん 2025年度（令和7年4月〜令和8年3月））: 追加 1" in (
        capsys.readouterr().out
    )
    bad = _statement(tmp_path / "bad.xlsx", -5)
    assert main([*args[:2], str(bad), *args[3:]]) == 1
    err = capsys.readouterr().err
    assert "2行目 実績「-5」: マイナス（-5）は入力できません" in err
    assert "取り込めない行が1行あります。何も保存していません。" in err


def test_import_with_columns_named_by_letter(rokin, db_url: str, tmp_path: Path, capsys) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["区分", "名前", "数"])
    sheet.append(["上期", "預金", 4_100])
    book.save(tmp_path / "odd.xlsx")
    base = [
        "partners",
        "import",
        str(tmp_path / "odd.xlsx"),
        "--partner",
        "ろうきん",
        "--fiscal-year",
        "2025",
        "--db",
        db_url,
    ]
    assert main(base) == 1
    assert "項目・実績の列を選んでください" in capsys.readouterr().err
    assert main([*base, "--columns", "項目=B,実績=C,期間=A"]) == 0
    assert "変更 1" in capsys.readouterr().out


def test_export_and_list(rokin, db_url: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "実績.xlsx"
    assert (
        main(
            [
                "partners",
                "export",
                "--partner",
                "ろうきん",
                "--fiscal-year",
                "2025",
                "--out",
                str(out),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert "（5行）" in capsys.readouterr().out
    rows = list(load_workbook(out)["実績"].iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("項目", "事業所", "期間", "実績", "単位", "入力方法", "入力者")
    assert rows[1][:4] == (
        "預金・融資・各種サービス／メイン化（給振・年金・公振・クレジット）",
        None,
        "上期（令和7年4月〜令和7年9月）",
        10_682,
    )
    assert main(["partners", "list", "--db", db_url]) == 0
    assert capsys.readouterr().out == "ろうきん　年度の始まり 4月　2024〜2025年度\n"
