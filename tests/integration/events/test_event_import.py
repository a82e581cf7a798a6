"""Applications from a workbook: the form goes out, comes back filled and is taken in whole;
a bad row is named by its row and nothing is stored; broken and formula files are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.integration.events.helpers import trip


def _count(ctx) -> int:
    from gojokai_desktop.db.models import EventApplication

    with ctx.reader() as session:
        return int(session.scalar(select(func.count()).select_from(EventApplication)) or 0)


def _numbers(ctx, ids) -> list[str]:
    from gojokai_desktop.db.models import Member

    with ctx.reader() as session:
        by_id = dict(session.execute(select(Member.id, Member.number)).all())
    return [by_id[i] for i in ids]


def _filled_form(ctx, event_id: int, path: Path, rows) -> Path:
    from gojokai_desktop.services.events.importer import write_application_form

    write_application_form(ctx, event_id, path, rows)
    return path


def test_the_form_round_trips_with_family_and_guests_and_fills_up(
    ctx, event_society, tmp_path
) -> None:
    from gojokai_desktop.services.events.importer import import_applications
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.roster import list_applications

    s = event_society
    event = create_event(ctx, trip(capacity=5))
    hanako, *crew = _numbers(ctx, [s.hanako, *s.crew[:3]])
    path = _filled_form(ctx, event.id, tmp_path / "申込.xlsx", [
        (hanako, "本人", "佐藤　花子"),
        (hanako, "家族", "佐藤 太郎", "", "配偶者"),
        (hanako, "一般", "友人　一", "ユウジン ハジメ", "友人"),
        *[(n, "本人") for n in crew],
    ])  # fmt: skip
    book = load_workbook(path)
    assert [c.value for c in book["申込"][4]][:6] == [
        "会員番号",
        "区分",
        "氏名",
        "フリガナ",
        "続柄",
        "日程",
    ]
    summary = import_applications(ctx, event.id, path)
    assert (summary.applications, summary.persons, summary.confirmed, summary.waiting) == (
        4,
        6,
        5,
        1,
    )
    apps = list_applications(ctx, event.id)
    assert [p.category for p in apps[0].participants] == ["member", "family", "guest"]
    assert apps[0].participants[1].name == "佐藤　太郎"
    assert [a.status for a in apps] == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert all(a.channel == "import" for a in apps)


def test_bad_rows_are_named_by_row_and_nothing_is_stored(ctx, event_society, tmp_path) -> None:
    from gojokai_desktop.services.events.importer import ImportRefusedError, import_applications
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, trip())
    hanako, crew0, leaver = _numbers(ctx, [s.hanako, s.crew[0], s.leaver])
    path = _filled_form(ctx, event.id, tmp_path / "bad.xlsx", [
        (crew0, "本人"),
        ("9999-999", "本人"),
        (hanako, "家族", "佐藤　次郎"),
        (hanako, "一般", ""),
        (leaver, "本人"),
        (crew0, "会員", "", "", "", "", "令和7年2月30日"),
        (hanako, "親戚"),
    ])  # fmt: skip
    with pytest.raises(ImportRefusedError) as error:
        import_applications(ctx, event.id, path)
    text = "\n".join(error.value.errors)
    # The title, a note and a blank line sit above the headings (row 4); data from row 5.
    assert "6行目: 会員番号 9999-999 の会員はいません。" in text
    assert "7行目: 会員番号 0001-001 の家族に「佐藤　次郎」がいません" in text
    assert "8行目: 一般の参加者の氏名を入力してください。" in text
    assert "9行目: " in text
    assert "退会" in text
    assert "10行目 申込日: 「令和7年2月30日」は存在しない日付です（令和7年2月は28日まで）" in text
    assert "11行目: 区分は" in text
    assert [int(e.split("行目")[0]) for e in error.value.errors] == [6, 7, 8, 9, 10, 11]
    assert _count(ctx) == 0


def test_a_file_with_formulas_a_broken_file_and_a_csv_are_refused(
    ctx, event_society, tmp_path
) -> None:
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.events.importer import import_applications
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, trip())
    book = Workbook()
    sheet = book.active
    sheet.append(["会員番号", "区分", "氏名"])
    sheet.append(["0001-001", "本人", '=HYPERLINK("http://x","x")'])
    book.save(tmp_path / "formula.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    csv = tmp_path / "list.csv"
    csv.write_text("会員番号,区分\n", encoding="utf-8")
    messages = []
    for path in (tmp_path / "formula.xlsx", broken, csv):
        with pytest.raises(ValidationError) as error:
            import_applications(ctx, event.id, path)
        messages.append((error.value.field, error.value.message))
    assert messages[0] == (
        "氏名",
        "2行目 C列（氏名）に数式があります。値だけにして（値の貼り付け）保存し直してください。",
    )
    assert messages[1][0] == "ファイル"
    assert "開けません" in messages[1][1]
    assert messages[2] == ("ファイル", "Excelのファイル（.xlsx）を選んでください。")
    assert _count(ctx) == 0
    assert zipfile.is_zipfile(tmp_path / "formula.xlsx")


def test_checking_stores_nothing_and_says_what_would_be_stored(
    ctx, event_society, tmp_path
) -> None:
    from gojokai_desktop.services.events.importer import check_import
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, trip())
    path = _filled_form(ctx, event.id, tmp_path / "ok.xlsx",
                        [(n, "本人") for n in _numbers(ctx, event_society.crew[:2])])  # fmt: skip
    summary = check_import(ctx, event.id, path)
    assert summary.message.startswith("2行から申込 2件・2人を登録できます（確認のみ）")
    assert _count(ctx) == 0
