"""The 上期 report of seed 001's shape, with rates and grades a hand calculation confirms.

Hand calculation (上期; the labour bank cuts rates after one decimal — 001 prints
951/850 = 111.88… as 111.8%; 目標 counts as reached at half the yearly target):

項目 / 目標 / 上期 → 達成率 / 前年同期 → 前年比 / 評価:
- メイン化 18,500 / 10,682 → 57.740… = 57.7% / 9,900 → 107.898… = 107.8% / ○
  (10,682 × 2 = 21,364 ≥ 18,500 and ≥ 9,900)
- 預金 6,800 / 3,931 → 57.8% / 4,100 → 95.878… = 95.8% / △ (7,862 ≥ 6,800; < 4,100)
- 融資 15,190 / 10,623 → 69.934… = 69.9% / 10,623 → 100.0% / ○ (last year's equal counts)
- 預かり資産 850 / 951 → 111.882… = 111.8% / 980 → 97.040… = 97.0% / △
- 小計 41,340 / 26,187 → 63.345… = 63.3% (the mean of the four rates would be 74.3)
  / 25,603 → 102.280… = 102.2% / ○
- 非対面 35,100 / 16,464 → 46.905… = 46.9% / 17,000 → 96.847… = 96.8% / ×
  (32,928 < 35,100; < 17,000)
- 合計 76,440 / 42,651 → 55.796… = 55.7% / 42,603 → 100.112… = 100.1% / ○
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.integration.partners.scenario import D, RokinYear, at, rokin_year

HAND = {
    # label: (target, result, 達成率, last year, 前年比, grade)
    "メイン化（給振・年金・公振・クレジット）": (
        "18,500",
        "10,682",
        "57.7%",
        "9,900",
        "107.8%",
        "○",
    ),
    "預金（財形・エース・お子さま口座）": ("6,800", "3,931", "57.8%", "4,100", "95.8%", "△"),
    "融資（団体融資・手形貸付等除く）": ("15,190", "10,623", "69.9%", "10,623", "100.0%", "○"),
    "預かり資産（個人型DC新規・投信契約者増加数・国債新規）": (
        "850",
        "951",
        "111.8%",
        "980",
        "97.0%",
        "△",
    ),
    "小計": ("41,340", "26,187", "63.3%", "25,603", "102.2%", "○"),
    "非対面（ろうきんアプリ・エコ通帳・団体IB）": (
        "35,100",
        "16,464",
        "46.9%",
        "17,000",
        "96.8%",
        "×",
    ),
    "合計": ("76,440", "42,651", "55.7%", "42,603", "100.1%", "○"),
}


@pytest.fixture
def rokin(ctx, society) -> RokinYear:
    return rokin_year(ctx, society)


def _cells(line) -> tuple[str, ...]:
    from gojokai_desktop.domain.partners.rates import format_rate

    def figure(v):
        return "-----" if v is None else f"{v:,}"

    return (
        figure(line.target),
        f"{line.result:,}",
        format_rate(line.achievement),
        figure(line.last_year),
        format_rate(line.growth),
        line.grade,
    )


def test_first_half_report_matches_the_hand_calculation(ctx, rokin) -> None:
    from gojokai_desktop.services.partners.report import partner_report

    report = partner_report(at(ctx, D(2025, 10, 25)), rokin.partner_id, 2025, "H1")
    assert report.headings.as_tuple() == (
        "年間目標",
        "上期実績",
        "達成率",
        "前年同期",
        "前年比",
        "評価",
    )
    assert report.period_label == "上期（令和7年4月〜令和7年9月）"
    shown = {line.label: _cells(line) for line in report.lines}
    assert shown == HAND
    assert [line.kind for line in report.lines] == [
        "item",
        "item",
        "item",
        "item",
        "subtotal",
        "item",
        "total",
    ]
    assert report.line("小計").group == "預金・融資・各種サービス"


def test_first_half_pdf_prints_the_table_in_seed_001_shape(ctx, rokin, tmp_path: Path) -> None:
    from gojokai_desktop.services.partners.report import partner_reports, print_reports

    october = at(ctx, D(2025, 10, 25))
    reports = partner_reports(october, 2025, "H1")
    out = tmp_path / "joki.pdf"
    pages = print_reports(october, reports, out)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert pages == len(PdfReader(out).pages) == 1
    assert "ろうきん 推進実績報告（2025年度 上期）" in text
    assert "年間目標 上期実績 達成率 前年同期 前年比 評価" in text
    assert "【預金・融資・各種サービス】" in text
    assert "【非対面】" in text
    assert "18,500 10,682 57.7% 9,900 107.8% ○" in text
    assert "850 951 111.8% 980 97.0% △" in text
    assert "小計 件 41,340 26,187 63.3% 25,603 102.2% ○" in text
    assert "合計 件 76,440 42,651 55.7% 42,603 100.1% ○" in text
    assert "35,100 16,464 46.9% 17,000 96.8% ×" in text
    assert "令和7年10月25日作成" in text
    # Study sessions come from the events' records; this society held none with the bank.
    assert "この期間の研修・行事の記録に、学習会はありません。" in text


def test_workbook_holds_the_same_figures_as_numbers(ctx, rokin, tmp_path: Path) -> None:
    from gojokai_desktop.services.partners.report import export_reports, partner_reports

    october = at(ctx, D(2025, 10, 25))
    out = tmp_path / "joki.xlsx"
    export_reports(october, partner_reports(october, 2025, "H1"), out)
    sheet = load_workbook(out)["ろうきん"]
    headings = [c.value for c in sheet[5]]
    assert headings == [
        "区分",
        "No",
        "項目",
        "単位",
        "年間目標",
        "上期実績",
        "達成率",
        "前年同期",
        "前年比",
        "評価",
    ]
    rows = {r[2]: r for r in sheet.iter_rows(min_row=6, values_only=True) if r[2]}
    main = rows["メイン化（給振・年金・公振・クレジット）"]
    assert main[4:] == (18_500, 10_682, pytest.approx(0.577), 9_900, pytest.approx(1.078), "○")
    total = rows["合計"]
    assert total[4:6] == (76_440, 42_651)
    assert total[6] == pytest.approx(0.557)
    assert total[9] == "○"
    assert sheet.cell(6 + 0, 7).number_format == "0.0%"


def test_year_report_uses_year_headings_and_full_targets(ctx, rokin) -> None:
    from gojokai_desktop.services.partners.report import partner_report

    report = partner_report(ctx, rokin.partner_id, 2025, "year")
    assert report.headings.result == "年間実績"
    assert report.headings.last_year == "前年実績"
    main = report.line("main")
    # Half the year's results against the whole target: not reached at the year's end.
    assert (main.result, str(main.achievement), main.grade) == (10_682, "57.7%", "△")


def test_rounding_is_a_setting_of_the_report(ctx, rokin) -> None:
    from gojokai_desktop.services.partners.report import partner_report

    report = partner_report(ctx, rokin.partner_id, 2025, "H1", rounding="trunc_2")
    assert str(report.line("main").achievement) == "57.74%"  # 57.7405… cut, not rounded
    assert str(report.line("合計").achievement) == "55.79%"  # 55.7967… → 55.79, not 55.80
    assert any("小数第2位まで（切り捨て）" in note for note in report.footnotes)
    half_up = partner_report(ctx, rokin.partner_id, 2025, "H1", rounding="half_up_1")
    assert str(half_up.line("assets").achievement) == "111.9%"  # 111.882… rounded up
    assert str(half_up.line("合計").achievement) == "55.8%"
    assert str(half_up.line("main").growth) == "107.9%"


def test_zero_target_and_new_items_print_dashes(ctx, rokin) -> None:
    from gojokai_desktop.domain.partners.periods import FIRST_HALF
    from gojokai_desktop.services.partners.items import ItemInput, save_item
    from gojokai_desktop.services.partners.report import partner_report
    from gojokai_desktop.services.partners.results import save_results
    from gojokai_desktop.services.partners.targets import set_targets

    set_targets(ctx, rokin.partner_id, 2025, {rokin.items["assets"]: 0})
    new = save_item(ctx, rokin.partner_id, 2025, ItemInput("運動項目", "学習会開催回数", "回"))
    save_results(
        ctx, rokin.partner_id, 2025, period=FIRST_HALF, establishment_id=None, values={new.id: 4}
    )
    report = partner_report(ctx, rokin.partner_id, 2025, "H1")
    assets = report.line("assets")
    assert (assets.target, assets.achievement, assets.grade) == (0, None, "-----")
    assert str(assets.growth) == "97.0%"
    study = report.line("学習会開催回数")
    assert (study.target, study.last_year, study.growth, study.grade) == (None, None, None, "-----")
    # 回 is not added to 件: the totals say their unit.
    assert report.line("合計（件）").result == 42_651
    with pytest.raises(KeyError):
        report.line("合計（回）")  # one item of a unit needs no total


def test_a_co_op_report_does_not_speak_of_study_sessions(ctx, society) -> None:
    """こくみん共済 coop holds no 学習会: its report has no 学習会 line (the bank's has)."""
    from gojokai_desktop.services.partners.items import add_partner_from_preset
    from gojokai_desktop.services.partners.report import partner_report

    coop = add_partner_from_preset(at(ctx, D(2025, 4, 10)), "kokumin_kyosai", 2025)
    report = partner_report(at(ctx, D(2025, 10, 25)), coop.id, 2025, "H1")
    assert report.partner_name == "こくみん共済 coop"
    assert report.footnotes
    assert not [note for note in report.footnotes if "学習会" in note]
    assert report.sessions == ()
