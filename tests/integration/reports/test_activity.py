"""事業報告 and 総会資料 of a small society: members by month, the clerk's texts, what the
program cannot yet count said plainly, a packet printed before any meeting is registered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member, leave_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.reports.activity import activity_report
from gojokai_desktop.services.reports.printouts import print_activity, print_packet
from gojokai_desktop.services.reports.register import (
    AgendaItemInput,
    MeetingInput,
    OfficerInput,
    save_meeting,
    save_officer,
)
from gojokai_desktop.services.reports.texts import save_report_texts

D = dt.date


def _society_of_five(ctx) -> None:
    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    create_establishment(ctx, EstablishmentInput(name="伊達電機"), D(2024, 11, 1))
    people = []
    for n, start in enumerate((D(2020, 4, 1), D(2020, 4, 1), D(2020, 4, 1), D(2024, 6, 1),
                               D(2024, 11, 1))):  # fmt: skip
        received = (start - dt.timedelta(days=20)).replace(day=10)  # before the cut-off
        member = join_member(ctx, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id,
                             received)  # fmt: skip
        people.append(member.id)
    leave_member(ctx, people[0], D(2024, 9, 10), "retired")  # ends 2024-09-30
    leave_member(ctx, people[1], D(2025, 3, 5), "retired")  # ends 2025-03-31: counted as a leave


def test_members_section_adds_up_by_month(ctx, society) -> None:
    _society_of_five(ctx)
    report = activity_report(ctx, 2024)
    assert report.title == "令和6年度事業報告"
    section = report.section("members")
    assert section.title == "1 会員の状況"
    summary, by_month, chart = section.blocks[1], section.blocks[2], section.blocks[3]
    assert summary.columns == ("区分", "前年度末", "入会", "退会", "本年度末", "増減")
    assert summary.rows[0] == ("会員（人）", 3, 2, 2, 3, 0)
    assert summary.rows[1] == ("事業所（か所）", 1, 1, 0, 2, 1)
    assert by_month.columns[1:4] == ("4月", "5月", "6月")
    joins = dict(zip(by_month.columns[1:-1], by_month.rows[0][1:-1], strict=True))
    leaves = dict(zip(by_month.columns[1:-1], by_month.rows[1][1:-1], strict=True))
    assert (joins["6月"], joins["11月"], by_month.rows[0][-1]) == (1, 1, 2)
    assert (leaves["9月"], leaves["3月"], by_month.rows[1][-1]) == (1, 1, 2)
    assert chart.series[0] == ("入会", by_month.rows[0][1:-1])
    assert section.blocks[0] == (
        "令和7年3月31日現在の会員は3人（前年度末より―）、事業所は2か所です。"
    )  # no change is ―, never 増0人


def test_texts_print_with_the_figures_and_missing_areas_are_said(ctx, society, tmp_path) -> None:
    _society_of_five(ctx)
    save_report_texts(ctx, 2024, {"activities": "・記念品を贈りました。\n・研修旅行 <日帰り>",
                                  "meetings": "幹事会を4回開きました。"})  # fmt: skip
    save_meeting(ctx, MeetingInput("general", 38, 2023, D(2024, 5, 25), "13:30", "福祉会館"),
                 [AgendaItemInput("proposal", "令和5年度事業報告について")])  # fmt: skip
    out = tmp_path / "事業報告.pdf"
    print_activity(ctx, 2024, out)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    for expected in ("令和6年度事業報告", "1 会員の状況", "月別の入会・退会", "2 会議の開催状況",
                     "第38回通常総会", "議案第1号 令和5年度事業報告について",
                     "幹事会を4回開きました。",
                     "3 主な事業", "・研修旅行 <日帰り>", "4 慶弔給付事業", "給付件数と給付金額",
                     "5 斡旋事業", "この年度の斡旋は行っていません。",
                     "6 研修会・行事", "7 会費"):  # fmt: skip
        assert expected in text, expected


def test_packet_without_a_registered_meeting_leaves_the_cover_blank(ctx, society, tmp_path) -> None:
    save_officer(ctx, OfficerInput("会長", "佐藤　正男", D(2023, 5, 1)))
    save_officer(ctx, OfficerInput("幹事", "高橋　一", D(2023, 5, 1), organisation="伊達電機"))
    save_officer(ctx, OfficerInput("幹事", "岡田　二", D(2023, 5, 1), organisation="福島商事"))
    out = tmp_path / "総会資料.pdf"
    print_packet(ctx, 2024, out)
    # Spaces (full-width ones too) come out of the PDF as single spaces.
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(out).pages]
    assert "通常総会" in texts[0]
    assert "令和 年 月 日" in texts[0]
    assert "議案第1号 令和6年度事業報告（案）の承認について" in texts[1]
    officers = texts[-1]
    assert "令和7年6月15日現在（敬称略）" in officers
    assert "幹事 伊達電機 高橋 一" in officers
    assert "〃 福島商事" in officers
    assert "（事業計画の文章はまだ書かれていません。）" in "".join(texts)


def test_a_long_agenda_title_wraps_under_itself_not_under_its_number(
    ctx, society, tmp_path
) -> None:
    from gojokai_desktop.services.reports.register import (
        AgendaItemInput,
        MeetingInput,
        save_meeting,
    )

    _society_of_five(ctx)
    long_title = (
        "令和7年度会計監査報告（監事二名による定期監査の結果と指摘事項への対応状況を含む）" * 2
    )
    save_meeting(
        ctx,
        MeetingInput("general", 38, 2024, D(2025, 5, 24)),
        [AgendaItemInput("proposal", "令和6年度事業報告（案）の承認について"),
         AgendaItemInput("report", long_title)],
    )  # fmt: skip
    out = tmp_path / "総会資料.pdf"
    print_packet(ctx, 2024, out)
    starts: list[tuple[float, str]] = []

    def visit(text, _cm, tm, _font, _size) -> None:
        if text.strip():
            starts.append((round(tm[4], 1), text.strip()))

    PdfReader(out).pages[1].extract_text(visitor_text=visit)
    number_x = next(x for x, t in starts if t.startswith("報告第1号"))
    assert number_x == next(x for x, t in starts if t.startswith("議案第1号"))
    wrapped = [(x, t) for x, t in starts if number_x < x < 150]  # not the centred heading
    # The long title's own lines, one under the other, right of the number (a hang of
    # "報告第1号　", five full-width characters and a digit at 11 points).
    assert [t[:3] for _x, t in wrapped] == ["を含む", "の対応"]
    assert len({x for x, _t in wrapped}) == 1
    assert wrapped[0][0] - number_x == pytest.approx(5.5 * 11, abs=2)
