"""What goes out on paper and in workbooks: the announcement in seed 000's shape, the form
filled in, lists, the sign-in sheet, name tags, notices, the claim, and the year's report."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.integration.events.scenario import trip_scenario


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _flat(path: Path) -> str:
    """The text without spaces and line breaks: a label and its value read as one."""
    return re.sub(r"\s", "", _text(path))


def test_the_announcement_has_seed_000s_rows_and_the_programme(
    ctx, event_society, tmp_path
) -> None:
    from gojokai_desktop.services.events.letters import print_announcement

    scenario = trip_scenario(ctx, event_society)
    print_announcement(ctx, scenario.study_id, tmp_path / "a.pdf")
    text = _flat(tmp_path / "a.pdf")
    assert "「事務担当者研修会」の開催について（ご案内）" in text
    rows = (
        ("日時", "令和7年6月6日(金)10:00〜"),
        ("会場", "郡山市労働福祉会館（郡山市虎丸7−7）"),
        ("目的", "事務手続きや団体間の情報・意見交換等"),
        ("対象者", "主に事務手続きを担当する新任者、他"),
    )
    for heading, value in rows:
        assert f"{heading}{value}" in text
    assert "○事業概要と勤労者支援融資制度について（東北労働金庫福島県本部）" in text
    assert "○勤互連の事務手続きについて" in text
    assert "申込期間令和7年5月30日(金)まで" in text


def test_the_application_form_is_filled_with_the_party(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.printouts import print_application_form

    scenario = trip_scenario(ctx, event_society)
    print_application_form(ctx, scenario.event_id, tmp_path / "f.pdf",
                           application_id=scenario.hanako_app)  # fmt: skip
    text = _text(tmp_path / "f.pdf")
    assert "秋の日帰りバス旅行" in text
    for name in ("佐藤　花子", "佐藤　太郎", "友人　一"):
        assert name in text
    assert "28,000" in text  # 7,000 + 9,000 + 12,000
    assert "会員 7,000円・家族 9,000円・一般 12,000円" in text


def test_the_filled_form_of_a_cancelled_application_is_marked(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.printouts import print_application_form
    from gojokai_desktop.services.events.roster import list_applications

    scenario = trip_scenario(ctx, event_society)
    cancelled = next(a for a in list_applications(ctx, scenario.event_id)
                     if a.status == "cancelled")  # fmt: skip
    print_application_form(ctx, scenario.event_id, tmp_path / "c.pdf",
                           application_id=cancelled.id)  # fmt: skip
    text = _flat(tmp_path / "c.pdf")
    assert "取消済（取消日令和7年7月5日）" in text  # the day the member called
    assert "イトウ太郎2" in text
    print_application_form(ctx, scenario.event_id, tmp_path / "h.pdf",
                           application_id=scenario.hanako_app)  # fmt: skip
    assert "取消" not in _flat(tmp_path / "h.pdf")
    print_application_form(ctx, scenario.event_id, tmp_path / "b.pdf")  # blank: no mark
    assert "取消" not in _flat(tmp_path / "b.pdf")


def test_lists_sign_in_sheet_and_name_tags(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.printouts import (
        print_name_tags,
        print_participants,
        print_sign_in,
    )
    from gojokai_desktop.services.events.views import get_event

    scenario = trip_scenario(ctx, event_society)
    session = get_event(ctx, scenario.event_id).sessions[0].id
    listing = print_participants(ctx, scenario.event_id, tmp_path / "p.pdf")
    listed = _text(tmp_path / "p.pdf")
    assert "参加者名簿" in listed
    # The totals label is whole although the first column (No) is narrow.
    assert "人数（5件）" in listed
    assert listing.truncated == []
    assert "キャンセル待ち1番" in listed
    assert "参加決定（繰上げ）" in listed
    assert "イトウ　太郎2" not in listed  # the cancelled application is not listed
    print_sign_in(ctx, scenario.event_id, session, tmp_path / "s.pdf")
    print_sign_in(ctx, scenario.event_id, session, tmp_path / "a.pdf", column="出欠")
    sheet = _text(tmp_path / "s.pdf")
    assert "受付簿" in sheet
    assert "受領印" in sheet
    assert "集金額" in sheet
    assert "出欠" in _text(tmp_path / "a.pdf")
    # 5 confirmed: 花子's three, アイダ and the promoted ウエダ (unpaid: 7,000 to collect).
    assert "人数（5件）" in sheet
    assert "7,000" in sheet
    result = print_name_tags(ctx, scenario.event_id, tmp_path / "t.pdf", per_sheet=21)
    tags = _text(tmp_path / "t.pdf")
    assert result.records == 5
    assert result.pages == 1
    assert "佐藤　花子" in tags
    assert "家族（福島商事）" in tags
    assert "郡山工業" in tags


def test_the_participant_list_counts_the_participants_and_lists_the_waiting_apart(
    ctx, event_society, tmp_path
) -> None:
    """人数 and the fee totals are of the participants, as the footnote says; the waiting
    list is printed after them, apart; the workbook agrees."""
    from gojokai_desktop.services.events.printouts import print_participants
    from gojokai_desktop.services.events.reports import export_participants

    scenario = trip_scenario(ctx, event_society)
    print_participants(ctx, scenario.event_id, tmp_path / "p.pdf")
    text = _text(tmp_path / "p.pdf")
    flat = re.sub(r"\s", "", text)
    assert "参加5人・キャンセル待ち1人（末尾に別記）" in flat
    assert "人数（5件）" in text
    # 花子 28,000 (paid), アイダ 7,000 (paid), ウエダ 7,000: 42,000 and 35,000 paid.
    # The last row is the waiting エンドウ (7,000, unpaid), then the totals without him.
    assert "キャンセル待ち1番7,000042,00035,000人数（5件）" in flat
    assert "待15日程1会員エンドウ太郎4" in flat  # numbered apart: 待1, not 6
    assert "「キャンセル待ち」の人は参加者数に含めません" in flat
    # The waiting person comes after every participant.
    lines = text.splitlines()
    waiting_at = next(i for i, x in enumerate(lines) if x.startswith("キャンセル待ち"))
    assert all(not x.startswith("参加決定") for x in lines[waiting_at:])
    export_participants(ctx, scenario.event_id, tmp_path / "p.xlsx")
    rows = list(load_workbook(tmp_path / "p.xlsx")["参加者名簿"].iter_rows(values_only=True))
    heads = next(r for r in rows if r[0] == "No")
    total = next(r for r in rows if r[5] and str(r[5]).startswith("参加 "))
    named = dict(zip(heads, total, strict=True))
    assert (named["氏名"], named["状態"], named["参加費"], named["入金"]) == (
        "参加 5人", "待ち1人は除く", 42_000, 35_000,
    )  # fmt: skip
    statuses = [r[heads.index("状態")] for r in rows[rows.index(heads) + 1 : rows.index(total)]]
    assert statuses[-1].startswith("キャンセル待ち")
    assert not any(s.startswith("キャンセル待ち") for s in statuses[:-1])


def test_notices_say_waiting_or_promoted(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.letters import print_notices

    scenario = trip_scenario(ctx, event_society)
    print_notices(ctx, scenario.event_id, [scenario.waiting_app, scenario.promoted_app],
                  tmp_path / "n.pdf")  # fmt: skip
    pages = [p.extract_text() for p in PdfReader(tmp_path / "n.pdf").pages]
    assert "繰上げ参加のお知らせ" in pages[0]
    assert "令和7年7月5日付けで繰上げ" in pages[0]
    assert "キャンセル待ちのお知らせ" in pages[1]
    assert "第1順位" in pages[1]


def test_the_labour_bank_claim_prints_its_three_figures(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.labour_bank import save_claim
    from gojokai_desktop.services.events.letters import print_labour_bank_claims
    from gojokai_desktop.services.events.views import get_event
    from tests.integration.events.helpers import D

    scenario = trip_scenario(ctx, event_society)
    session = get_event(ctx, scenario.study_id).sessions[0].id
    claim = save_claim(ctx, session, 23, 38_700, D(2025, 6, 16))
    print_labour_bank_claims(ctx, scenario.study_id, [claim], tmp_path / "c.pdf")
    text = _flat(tmp_path / "c.pdf")
    assert "研修会助成金請求書" in text
    assert "参加者数23人" in text
    assert "経費38,700円" in text
    assert "2,000円×23人=46,000円" in text
    assert "請求額38,700円" in text


def test_the_year_report_equals_the_books(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.reports import export_year_report, print_year_report

    scenario = trip_scenario(ctx, event_society)
    export_year_report(ctx, 2025, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["行事別"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "ID")
    heads = rows[header]
    trip_row = next(r for r in rows[header + 1 :] if r[0] == scenario.event_id)
    values = dict(zip(heads, trip_row, strict=True))
    check = book_check(ctx, scenario.event_id)
    assert (values["定員"], values["申込数"], values["参加者数"], values["待機数"]) == (5, 6, 4, 1)
    assert values["参加費収入"] == check.book["fee_income"] == 35_000
    # 花子 5,000 + her husband 3,000 + the promoted ウエダ 5,000; the guest has none and
    # アイダ was absent.
    assert values["補助額"] == check.book["subsidy"] == 13_000
    print_year_report(ctx, 2025, tmp_path / "r.pdf")
    text = _text(tmp_path / "r.pdf")
    assert "行事の実績" in text
    assert "35,000" in text
    assert "13,000" in text


def test_the_participant_workbook_reads_back(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.reports import export_participants

    scenario = trip_scenario(ctx, event_society)
    assert export_participants(ctx, scenario.event_id, tmp_path / "p.xlsx") == 6
    sheet = load_workbook(tmp_path / "p.xlsx")["参加者名簿"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(values_only=False)]
    header = next(i for i, r in enumerate(rows) if r[0] == "No")
    names = [r[5] for r in rows[header + 1 : header + 7]]
    assert names == [
        "佐藤　花子",
        "佐藤　太郎",
        "友人　一",
        "アイダ　太郎1",
        "ウエダ　太郎3",
        "エンドウ　太郎4",
    ]
