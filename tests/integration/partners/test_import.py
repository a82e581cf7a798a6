"""Importing the results a partner sends: mapped columns, every bad row named by its row,
nothing stored from a refused import, formulas, broken and huge files, and a round trip
through the program's own workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import FIRST_HALF, SECOND_HALF
from gojokai_desktop.services.partners import import_read
from gojokai_desktop.services.partners.import_read import (
    ColumnMap,
    guess_columns,
    read_sheet,
    sheet_names,
)
from gojokai_desktop.services.partners.importer import (
    commit_result_import,
    prepare_result_import,
)
from gojokai_desktop.services.partners.items import ItemInput, save_item
from gojokai_desktop.services.partners.report import partner_report
from gojokai_desktop.services.partners.results import export_results, list_results
from tests.integration.partners.scenario import RokinYear, rokin_year


@pytest.fixture
def rokin(ctx, society) -> RokinYear:
    return rokin_year(ctx, society)


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _statement(path: Path) -> Path:
    """下期 as the labour bank's branch sends it: a title, headings, a 合計 with a formula."""
    return _book(
        path,
        [
            ["2025年度 下期推進実績（テスト町勤労者互助会）"],
            [],
            ["No", "項目", "事業所", "年間目標", "下期実績"],
            [1, "メイン化（給振・年金・公振・クレジット）", "", 18_500, "8,100"],
            [2, "預金（財形・エース・お子さま口座）", "", 6_800, 3_000],
            [3, "融資（団体融資・手形貸付等除く）", "1", 15_190, 2_500],
            [3, "融資（団体融資・手形貸付等除く）", "杉妻運輸", 15_190, 1_200],
            [4, "預かり資産", "", 850, ""],
            [None, "合計", None, "=SUM(D4:D8)", "=SUM(E4:E8)"],
        ],
    )


def test_a_statement_is_read_with_its_headings_and_stored_whole(ctx, rokin, tmp_path) -> None:
    sheet = read_sheet(_statement(tmp_path / "下期.xlsx"))
    columns = guess_columns(sheet)
    assert (columns.header_row, columns.item, columns.amount, columns.establishment) == (3, 1, 4, 2)
    assert columns.period is None
    plan = prepare_result_import(
        ctx,
        sheet,
        columns,
        partner_id=rokin.partner_id,
        fiscal_year=2025,
        default_period=SECOND_HALF,
    )
    assert plan.problems == ()
    assert [(x.row, x.amount, x.establishment, x.action) for x in plan.lines] == [
        (4, 8_100, "", "追加"),
        (5, 3_000, "", "追加"),
        (6, 2_500, "0001 福島商事", "追加"),
        (7, 1_200, "0002 杉妻運輸", "追加"),
    ]
    assert [row for row, _why in plan.skipped] == [8, 9]  # a blank figure, the 合計 line
    outcome = commit_result_import(ctx, plan)
    assert (outcome.added, outcome.changed, outcome.unchanged) == (4, 0, 0)
    year = partner_report(ctx, rokin.partner_id, 2025, "year")
    assert year.line("main").result == 10_682 + 8_100
    assert year.line("loan").result == 10_623 + 2_500 + 1_200
    stored = [r for r in list_results(ctx, rokin.partner_id, 2025) if r.source == "imported"]
    assert len(stored) == 4
    # The same file again changes nothing.
    again = prepare_result_import(
        ctx,
        sheet,
        columns,
        partner_id=rokin.partner_id,
        fiscal_year=2025,
        default_period=SECOND_HALF,
    )
    assert {x.action for x in again.lines} == {"変更なし"}


def test_bad_rows_are_named_and_nothing_is_stored(ctx, rokin, tmp_path) -> None:
    counted = save_item(
        ctx, rokin.partner_id, 2025, ItemInput("共済", "こくみん共済", "件", "enrolments")
    )
    path = _book(
        tmp_path / "bad.xlsx",
        [
            ["項目", "期間", "事業所", "実績"],
            ["メイン化（給振・年金・公振・クレジット）", "下期", "", 100],  # 2: fine
            ["住宅ローン", "下期", "", 5],  # 3: not an item of 2025
            ["預金（財形・エース・お子さま口座）", "下期", "", -4],  # 4: negative
            ["融資（団体融資・手形貸付等除く）", "2026年5月", "", 3],  # 5: outside the year
            ["非対面（ろうきんアプリ・エコ通帳・団体IB）", "下期", "", "=1+2"],  # 6: formula
            [counted.name, "下期", "", 2],  # 7: counted from enrolments
            ["預金（財形・エース・お子さま口座）", "9月", "", 10],  # 8: 上期 typed whole
            ["メイン化（給振・年金・公振・クレジット）", "下期", "", 120],  # 9: twice
            ["メイン化（給振・年金・公振・クレジット）", "下期", "9999", 1],  # 10: no such est
            ["預金（財形・エース・お子さま口座）", "下期", "", "1.5"],  # 11: fraction
        ],
    )
    sheet = read_sheet(path)
    plan = prepare_result_import(
        ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id, fiscal_year=2025
    )
    problems = {p.row: str(p) for p in plan.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert (
        "3行目 項目「住宅ローン」: この推進先の2025年度（令和7年4月〜令和8年3月）にない項目です"
        in problems[3]
    )
    assert "4行目 実績「-4」: マイナス" in problems[4]
    assert "5行目 期間「2026年5月」:" in problems[5]
    assert "の外です" in problems[5]
    assert "6行目 実績「=1+2」: 数式のセルです" in problems[6]
    assert "会員の加入記録から数える項目" in problems[7]
    assert "半期でまとめて入力済み" in problems[8]
    assert "2行目と同じ項目・事業所・期間です" in problems[9]
    assert "10行目 事業所「9999」: その番号の事業所は登録されていません" in problems[10]
    assert "小数" in problems[11]
    assert not plan.ok
    before = list_results(ctx, rokin.partner_id, 2025)
    with pytest.raises(RuleViolation, match="取り込めない行が9行あるため、何も保存していません"):
        commit_result_import(ctx, plan)
    assert list_results(ctx, rokin.partner_id, 2025) == before


def test_a_year_without_the_period_column_needs_a_period(ctx, rokin, tmp_path) -> None:
    sheet = read_sheet(
        _book(tmp_path / "p.xlsx", [["項目", "実績"], ["融資（団体融資・手形貸付等除く）", 1]])
    )
    plan = prepare_result_import(
        ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id, fiscal_year=2025
    )
    assert "期間の列がないので、取り込む期間を選んでください" in str(plan.problems[0])
    no_amount = ColumnMap(1, ("項目", "実績"), item=0, amount=None)
    with pytest.raises(ValidationError, match="実績の列を選んでください") as error:
        prepare_result_import(ctx, sheet, no_amount, partner_id=rokin.partner_id, fiscal_year=2025)
    assert error.value.field == "列の割り当て"


def test_a_csv_in_shift_jis_imports_like_a_workbook(ctx, rokin, tmp_path) -> None:
    path = tmp_path / "上期.csv"
    path.write_bytes(
        '項目,期間,実績\n預金（財形・エース・お子さま口座）,上期,"4,000"\n'.encode("cp932")
    )
    sheet = read_sheet(path)
    assert sheet_names(path) == ["上期"]
    plan = prepare_result_import(
        ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id, fiscal_year=2025
    )
    assert [(x.amount, x.previous, x.action) for x in plan.lines] == [(4_000, 3_931, "変更")]
    assert commit_result_import(ctx, plan).changed == 1
    assert partner_report(ctx, rokin.partner_id, 2025, "H1").line("deposit").result == 4_000


def test_broken_huge_and_strange_files_give_a_message(tmp_path, monkeypatch) -> None:
    broken = tmp_path / "壊れた.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(ValidationError, match="Excelのファイルとして読めません") as error:
        read_sheet(broken)
    assert error.value.field == "ファイル"
    with pytest.raises(ValidationError, match=r"\.xlsx（Excel）か \.csv"):
        read_sheet(_book(tmp_path / "x.xlsx", []).rename(tmp_path / "x.pdf"))
    monkeypatch.setattr(import_read, "MAX_FILE_BYTES", 1_000)
    big = _book(tmp_path / "big.xlsx", [["項目", "実績"]] + [["x", n] for n in range(200)])
    with pytest.raises(ValidationError, match="大きすぎます"):
        read_sheet(big)
    monkeypatch.setattr(import_read, "MAX_FILE_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(import_read, "MAX_ROWS", 50)
    with pytest.raises(ValidationError, match="行が多すぎます（50行まで）"):
        read_sheet(big)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空のファイル"):
        read_sheet(empty)


def test_the_program_s_own_workbook_comes_back_unchanged(ctx, rokin, tmp_path) -> None:
    from gojokai_desktop.services.partners.results import save_results

    save_results(
        ctx,
        rokin.partner_id,
        2025,
        period=FIRST_HALF,
        establishment_id=rokin.est_b,
        values={rokin.items["loan"]: 321},
    )
    out = tmp_path / "実績.xlsx"
    rows = export_results(ctx, rokin.partner_id, 2025, out)
    assert rows == 6
    sheet = read_sheet(out)
    plan = prepare_result_import(
        ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id, fiscal_year=2025
    )
    assert plan.problems == ()
    assert len(plan.lines) == 6
    assert {x.action for x in plan.lines} == {"変更なし"}
    assert {(x.establishment, x.amount) for x in plan.lines if x.establishment} == {
        ("0002 杉妻運輸", 321)
    }
    # The blank form lists the items without results, to be filled in and imported.
    form = tmp_path / "用紙.xlsx"
    assert export_results(ctx, rokin.partner_id, 2025, form, blank_items=True) == 6
