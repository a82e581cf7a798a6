"""A town's own roster: No. and 会員番号 side by side, 事業所番号, no join dates, leavers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gojokai_desktop.db.models.members import (
    Affiliation,
    Establishment,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.import_columns import match_columns
from gojokai_desktop.services.members.import_read import columns_for, guess_header_row, read_table
from gojokai_desktop.services.members.importer import (
    default_join_dates,
    prepare_import,
    run_import,
)
from gojokai_desktop.services.members.membership import find_member_by_number

D = dt.date


def _workbook(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _plan(ctx, path, **kwargs):
    table = read_table(path)
    columns = columns_for(table, guess_header_row(table))
    return columns, prepare_import(ctx, table, columns, **kwargs)


def test_headers_are_matched_by_meaning_with_a_score() -> None:
    headers = ["No.", "会員番号", "名前", "カナ", "事業所番号", "事業所名", "事業所フリガナ",
               "住所（自宅）", "備考欄", "氏　名"]  # fmt: skip
    values = [["1", "2", "3"], ["0001-001", "0001-002", "0002-001"]] + [["x"] * 3] * 8
    mapping, matches = match_columns(headers, values)
    # 「氏　名」 is the field's own name (100): it beats the synonym 「名前」 (80).
    assert mapping == (
        None, "number", None, "name_kana", "establishment_number", "establishment",
        "establishment_kana", "address", "notes", "name",
    )  # fmt: skip
    assert [m.score for m in matches[1:4]] == [100, 0, 80]
    assert matches[9].score == 100
    assert matches[0].reason == "会員番号の列が別にあるため取り込まない"
    assert matches[2].reason == "同じ項目にもっと合う列があるため取り込まない"
    assert matches[3].reason == "「カナ」はフリガナの別名"
    assert matches[7].reason == "見出しに「住所」を含む"


def test_a_running_number_is_never_a_member_number() -> None:
    mapping, matches = match_columns(["No.", "氏名"], [["1", "2", "3"], ["a", "b", "c"]])
    assert mapping == (None, "name")
    assert matches[0].reason == "1, 2, 3…の通し番号とみられるため取り込まない"
    # 番号 with real member numbers and nothing better: taken, with the weakest score.
    mapping, matches = match_columns(["番号", "氏名"], [["0012-034", "0012-035"], ["a", "b"]])
    assert mapping == ("number", "name")
    assert matches[0].score < matches[1].score


@pytest.fixture
def firm(ctx, society):
    return create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))


def test_town_roster_with_no_and_member_numbers_and_no_join_dates(ctx, firm, tmp_path) -> None:
    path = _workbook(
        tmp_path / "town.xlsx",
        ["No.", "会員番号", "氏名", "フリガナ", "事業所番号", "事業所名"],
        [[1, "0001-101", "山田　太郎", "ヤマダ　タロウ", 1, "福島商事"],
         [2, "0007-001", "佐藤　花子", "サトウ　ハナコ", 7, "みどり運送"],
         [3, "0008-001", "鈴木　一郎", "スズキ　イチロウ", "", "杉妻工業"]],
    )  # fmt: skip
    table = read_table(path)
    columns = columns_for(table, guess_header_row(table))
    with pytest.raises(ValidationError, match="入会日（列がなければ全員の入会日を指定）"):
        prepare_import(ctx, table, columns)
    label, first_day = default_join_dates(ctx)[0]
    assert (label, first_day) == ("今年度の初日", D(2025, 4, 1))
    assert default_join_dates(ctx)[1] == ("締め日の規定による次の入会日", D(2025, 7, 1))
    plan = prepare_import(ctx, table, columns, default_join_date=first_day)
    shown = [(r.data.number, r.join_date, r.join_from_default, r.establishment) for r in plan.rows]
    assert shown == [
        ("0001-101", D(2025, 4, 1), True, "0001 福島商事"),
        ("0007-001", D(2025, 4, 1), True, "（新規）0007 みどり運送"),
        ("0008-001", D(2025, 4, 1), True, "（新規）杉妻工業"),
    ]  # fmt: skip
    assert plan.new_establishments == ["みどり運送", "杉妻工業"]
    summary = run_import(ctx, plan)
    assert (summary.added, summary.establishments_created) == (3, 2)
    with ctx.reader() as s:
        made = {e.number: (e.name, e.name_kana, e.join_date)
                for e in s.scalars(select(Establishment))}  # fmt: skip
    assert made == {1: ("福島商事", "", D(2020, 4, 1)), 7: ("みどり運送", "", D(2025, 4, 1)),
                    8: ("杉妻工業", "", D(2025, 4, 1))}  # fmt: skip
    yamada = find_member_by_number(ctx, "0001-101")
    assert yamada is not None
    assert (yamada.establishment_name, yamada.join_date) == ("福島商事", D(2025, 4, 1))


def test_an_establishment_is_made_only_for_a_row_that_is_imported(ctx, firm, tmp_path) -> None:
    path = _workbook(
        tmp_path / "r.xlsx",
        ["氏名", "フリガナ", "事業所", "事業所フリガナ", "入会日"],
        [["", "", "みどり運送", "ミドリウンソウ", "R7.4.1"],
         ["高橋　三郎", "タカハシ　サブロウ", "杉妻工業", "", "R7.4.1"]],
    )  # fmt: skip
    _columns, plan = _plan(ctx, path)
    assert [str(e) for e in plan.rows[0].errors] == [
        "2行目 氏名: 入力してください。",
        "2行目 フリガナ: カタカナで入力してください（例: ヤマダ　タロウ）。",
    ]  # a row missing both names both
    assert plan.new_establishments == ["杉妻工業"]
    run_import(ctx, plan)
    with ctx.reader() as s:
        names = {e.name: e.name_kana for e in s.scalars(select(Establishment))}
    assert names == {"福島商事": "", "杉妻工業": ""}  # no みどり運送, no kanji as kana


def test_an_establishment_number_registered_under_another_name_is_refused(ctx, firm, tmp_path):
    path = _workbook(
        tmp_path / "r.xlsx", ["氏名", "フリガナ", "事業所番号", "事業所名", "入会日"],
        [["山田　花", "ヤマダ　ハナ", "1", "信夫製作所", "R7.4.1"]],
    )  # fmt: skip
    _columns, plan = _plan(ctx, path)
    assert [str(e) for e in plan.rows[0].errors] == [
        "2行目 事業所番号「1」: 事業所番号 1 は「福島商事」として登録されています"
        "（ファイルでは「信夫製作所」）。"
    ]


def test_leavers_import_as_former_members_with_their_period(ctx, firm, tmp_path) -> None:
    path = _workbook(
        tmp_path / "r.xlsx",
        ["氏名", "フリガナ", "事業所", "入会日", "退会日", "退会理由"],
        [["山田　太郎", "ヤマダ　タロウ", "福島商事", "H20.4.1", "R6.3.31", "退職"],
         ["佐藤　花子", "サトウ　ハナコ", "福島商事", "R2.4.1", "", ""],
         ["鈴木　一郎", "スズキ　イチロウ", "福島商事", "R5.4.1", "R4.3.31", "死亡"],
         ["高橋　二郎", "タカハシ　ジロウ", "福島商事", "R5.4.1", "R6.3.31", "転勤"],
         ["伊藤　三郎", "イトウ　サブロウ", "福島商事", "R5.4.1", "", "退職"]],
    )  # fmt: skip
    _columns, plan = _plan(ctx, path)
    assert [str(e) for r in plan.rows for e in r.errors] == [
        "4行目 退会日「令和4年3月31日」: 入会日（令和5年4月1日）より前です。",
        "5行目 退会理由「転勤」: 退職・死亡・脱退・除名のどれかを入力してください。",
        "6行目 退会理由「退職」: 退会日がありません（在籍中なら退会理由を空欄に）。",
    ]
    summary = run_import(ctx, plan)
    assert summary.added == 2
    yamada = find_member_by_number(ctx, "0001-001")
    assert yamada is not None
    assert (yamada.join_date, yamada.leave_date, yamada.leave_reason) == (
        D(2008, 4, 1), D(2024, 3, 31), "retired",
    )  # fmt: skip
    assert sorted(e.label for e in yamada.events) == ["入会", "退会"]
    with ctx.reader() as s:
        period = s.scalars(
            select(MembershipPeriod).where(MembershipPeriod.member_id == yamada.id)
        ).one()
        affiliation = s.scalars(select(Affiliation).where(Affiliation.member_id == yamada.id)).one()
        assert (period.start_date, period.end_date, period.end_reason) == (
            D(2008, 4, 1), D(2024, 3, 31), "retired",
        )  # fmt: skip
        assert affiliation.end_date == D(2024, 3, 31)
        assert s.scalar(select(func.count()).select_from(MemberEvent)) == 3
        present = s.scalar(
            select(func.count()).select_from(Member).where(Member.leave_date.is_(None))
        )
        assert present == 1
