"""Officers and meetings: the registers the meeting packet reads."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.reports.register import (
    AgendaItemInput,
    MeetingInput,
    OfficerInput,
    delete_officer,
    list_meetings,
    list_officers,
    meeting_for,
    next_meeting_number,
    save_meeting,
    save_officer,
    standard_agenda,
)

D = dt.date


def test_officers_serving_on_a_day_and_a_stale_change_refused(ctx, society) -> None:
    old = save_officer(ctx, OfficerInput("会長", "佐藤　正男", D(2023, 5, 27), D(2025, 5, 23)))
    new = save_officer(
        ctx, OfficerInput("会長", "鈴木　一郎", D(2025, 5, 24), None, organisation="福島商事")
    )
    assert [o.name for o in list_officers(ctx, on=D(2025, 5, 23))] == ["佐藤　正男"]
    assert [o.name for o in list_officers(ctx, on=D(2025, 5, 24))] == ["鈴木　一郎"]
    changed = save_officer(
        ctx, OfficerInput("会長", "鈴木　一郎", D(2025, 5, 24), note="再任"), new.id, new.version
    )
    assert changed.version == new.version + 1
    with pytest.raises(RuleViolation, match="ほかの端末で先に変更されました"):
        save_officer(ctx, OfficerInput("会長", "別人", D(2025, 5, 24)), new.id, new.version)
    delete_officer(ctx, old.id)
    assert [o.name for o in list_officers(ctx)] == ["鈴木　一郎"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (OfficerInput("", "佐藤", D(2025, 5, 1)), "役職"),
        (OfficerInput("幹事", " ", D(2025, 5, 1)), "氏名"),
        (OfficerInput("幹事", "佐藤", D(2025, 5, 1), D(2025, 4, 1)), "任期（至）"),
    ],
)
def test_officer_refusals_name_the_field(ctx, society, data, field) -> None:
    with pytest.raises(ValidationError) as refused:
        save_officer(ctx, data)
    assert refused.value.field == field
    assert list_officers(ctx) == []


def test_agenda_numbers_restart_for_each_meeting_and_kind(ctx, society) -> None:
    items = [
        AgendaItemInput("proposal", "令和6年度事業報告について"),
        AgendaItemInput("report", "令和6年度会計監査報告"),
        AgendaItemInput("proposal", "令和7年度予算について"),
    ]
    first = save_meeting(ctx, MeetingInput("general", 38, 2024, D(2025, 5, 24), "13:30"), items)
    assert [a.number for a in first.agenda] == ["議案第1号", "報告第1号", "議案第2号"]
    assert first.title == "第38回通常総会"
    board = save_meeting(
        ctx,
        MeetingInput("board", 99, 2025, D(2025, 7, 10), "１８：３０"),
        [AgendaItemInput("report", "上半期の事業")],
    )
    assert board.start_time == "18:30"
    assert [a.number for a in board.agenda] == ["報告第1号"]
    assert next_meeting_number(ctx, "general") == 39
    assert meeting_for(ctx, 2024, "general") == first
    assert [m.title for m in list_meetings(ctx)] == ["第99回幹事会", "第38回通常総会"]
    audit = save_meeting(ctx, MeetingInput("audit", 1, 2024, D(2025, 4, 20)), [])
    assert audit.title == "会計監査"


def test_meeting_refusals(ctx, society) -> None:
    save_meeting(ctx, MeetingInput("general", 38, 2024, D(2025, 5, 24)), [])
    cases = [
        (MeetingInput("general", 38, 2025, D(2026, 5, 23)), [], "回"),
        (MeetingInput("general", 0, 2025, D(2026, 5, 23)), [], "回"),
        (MeetingInput("general", 39, 2025, D(2026, 5, 23), "25:00"), [], "開始時刻"),
        (MeetingInput("general", 39, 2025, D(2026, 5, 23)), [AgendaItemInput("report", "")],
         "議題（1行目）"),
    ]  # fmt: skip
    for data, items, field in cases:
        with pytest.raises(ValidationError) as refused:
            save_meeting(ctx, data, items)
        assert refused.value.field == field
    assert len(list_meetings(ctx)) == 1


def test_standard_agenda_for_a_year() -> None:
    items = standard_agenda("令和7年度", "令和8年度", election=True)
    assert [i.title for i in items][:2] == [
        "令和7年度事業報告（案）の承認について",
        "令和7年度収支決算（案）の承認について",
    ]
    assert items[-1].title == "役員の改選について"


def test_the_checklist_notes_what_the_packet_still_lacks(ctx, society) -> None:
    from gojokai_desktop.services.accounts.year_close import year_checklist
    from gojokai_desktop.services.reports.texts import save_report_texts

    def notes() -> dict[str, object]:
        return {c.key: c for c in year_checklist(ctx, 2024).items if c.area == "帳票・報告"}

    found = notes()
    assert found["report_texts_missing"].detail.startswith("会議の開催状況・主な事業。")
    assert (
        found["general_meeting_missing"].title == "令和6年度を審議する通常総会が登録されていません"
    )
    assert not any(c.blocking for c in found.values())
    save_report_texts(ctx, 2024, {"meetings": "総会を開いた。", "activities": "記念品"})
    save_meeting(ctx, MeetingInput("general", 38, 2024, D(2025, 5, 24)), [])
    assert notes() == {}
