"""Importing a messy roster: era dates, full-width digits, blank rows, duplicates, My Number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, Base
from gojokai_desktop.db.models.members import Establishment, Member, MemberEvent
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.import_read import (
    columns_for,
    guess_header_row,
    read_table,
    refused_message,
)
from gojokai_desktop.services.members.importer import prepare_import, run_import
from gojokai_desktop.services.members.membership import find_member_by_number, join_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date
HEADERS = ["会員番号", "氏　名", "フリガナ", "生年月日", "性別", "事業所", "入会日",
           "郵便番号", "住所", "電話", "個人番号"]  # fmt: skip
ROWS = [
    ["", "山田　太郎", "やまだ たろう", "S55.5.3", "男", "福島商事", "R7.4.1",
     "９６０－８１０１", "福島市杉妻町2-16", "024-521-1234", "123456789012"],
    [],
    ["", "佐藤 花子", "ｻﾄｳ ﾊﾅｺ", "昭和60年1月2日", "女", "福島商事", "令和７年４月１日",
     "96081", "", "", "234567890123"],
    ["", "鈴木 一郎", "スズキ イチロウ", dt.datetime(1990, 2, 3), "M", "信夫製作所", "2025/4/1",
     "9608102", "", "0245000000", ""],
    ["", "山田 太郎", "ヤマダ タロウ", "昭和55年5月3日", "男", "福島商事", "R7.4.1",
     "", "", "", ""],
    ["", "高橋 三郎", "タカハシ サブロウ", "1970-01-01", "男", "1", "R7.4.1", "", "", "", ""],
    ["", "伊藤 四郎", "イトウ シロウ", "", "", "1", "R7.13.1", "", "", "", ""],
]  # fmt: skip


def _workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "名簿"
    ws.append(["令和7年度 会員名簿"])
    ws.merge_cells("A1:K1")
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def register(ctx, society):
    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    taka = MemberInput(name="高橋　三郎", name_kana="タカハシ　サブロウ", birth_date=D(1970, 1, 1))
    join_member(ctx, taka, est.id, D(2024, 3, 1))
    return est


def _plan(ctx, path, **kwargs):
    table = read_table(path)
    columns = columns_for(table, guess_header_row(table))
    return columns, prepare_import(ctx, table, columns, **kwargs)


def test_the_messy_workbook_is_checked_row_by_row(ctx, register, tmp_path):
    columns, plan = _plan(ctx, _workbook(tmp_path / "roster.xlsx"))
    assert columns.header_row == 2
    assert columns.mapping[:10] == ("number", "name", "name_kana", "birth_date", "sex",
                                    "establishment", "join_date", "postal_code", "address",
                                    "phone")  # fmt: skip
    assert columns.refused == (10,)
    assert refused_message(columns) == [
        "列「個人番号」はマイナンバー（個人番号）とみられるため取り込みません。"
        "この列の値は読み込まず、保存もしません。"
    ]
    assert [r.row for r in plan.rows] == [3, 5, 6, 7, 8, 9]  # the blank row 4 is skipped
    assert [str(e) for r in plan.rows for e in r.errors] == [
        "5行目 郵便番号「96081」: 「96081」は郵便番号として読めません。"
        "7桁の数字で入力してください（例: 960-8101）",
        "9行目 入会日「R7.13.1」: 「R7.13.1」の月が違います（1〜12月で入力してください）",
    ]
    assert [(r.row, r.action, r.duplicate_of) for r in plan.rows] == [
        (3, "add", ""),
        (5, "refuse", ""),
        (6, "add", ""),
        (7, "skip", "ファイル内 3行目"),
        (8, "skip", "登録済み 0001-001"),
        (9, "refuse", ""),
    ]
    first = plan.rows[0]
    assert first.data is not None
    assert (first.data.name_kana, first.data.birth_date, first.data.postal_code) == (
        "ヤマダ　タロウ", D(1980, 5, 3), "960-8101",
    )  # fmt: skip
    assert first.join_date == D(2025, 4, 1)
    assert plan.new_establishments == ["信夫製作所"]


def _stored_anywhere(ctx, values: tuple[str, ...]) -> list[str]:
    """Every value found in any column of any table (the audit entries included)."""
    found = []
    with ctx.reader() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                text = repr(tuple(row))
                found += [f"{table.name}: {v}" for v in values if v in text]
    return found


def test_import_writes_the_rows_and_never_the_my_number(ctx, register, tmp_path):
    _columns, plan = _plan(ctx, _workbook(tmp_path / "roster.xlsx"), on_duplicate="update")
    assert plan.rows[4].action == "update"
    plan.set_action(3, "add")
    with pytest.raises(RuleViolation, match="5行目には誤り"):
        plan.set_action(1, "add")
    summary = run_import(ctx, plan)
    assert (summary.added, summary.updated, summary.skipped, summary.refused) == (3, 1, 0, 2)
    yamada = find_member_by_number(ctx, "0001-002")
    assert yamada is not None
    assert (yamada.data.name, yamada.join_date, yamada.establishment_name) == (
        "山田　太郎",
        D(2025, 4, 1),
        "福島商事",
    )
    assert [e.label for e in yamada.events] == ["入会"]
    suzuki = find_member_by_number(ctx, "0002-001")
    assert suzuki is not None
    assert (suzuki.establishment_name, suzuki.data.phone) == ("信夫製作所", "024-500-0000")
    with ctx.reader() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 4
        assert s.scalar(select(func.count()).select_from(MemberEvent)) == 4
        audit = s.scalars(select(AuditEntry.after_json).where(AuditEntry.operation == "bulk")).one()
    assert '"add": 3' in audit
    assert not _stored_anywhere(ctx, ("123456789012", "234567890123"))


def test_a_cancelled_import_leaves_nothing(ctx, register, tmp_path):
    big = tmp_path / "big.csv"
    lines = ["氏名,フリガナ,事業所,入会日"] + [
        f"会員{i},カイイン,会社{i % 3},R7.4.1" for i in range(1200)
    ]
    big.write_text("\n".join(lines), encoding="cp932")
    _columns, plan = _plan(ctx, big, on_duplicate="add")
    assert len(plan.rows) == 1200
    with pytest.raises(RuleViolation, match="中止"):
        run_import(ctx, plan, progress=lambda done, total: done < 1000)
    with ctx.reader() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 1
        assert s.scalar(select(func.count()).select_from(Establishment)) == 1
    assert run_import(ctx, plan).added == 1200


def test_an_establishment_name_two_share_must_be_given_by_number(ctx, register, tmp_path):
    create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2021, 4, 1))
    path = tmp_path / "r.csv"
    path.write_text("氏名,フリガナ,事業所,入会日\n山田 花,ヤマダ ハナ,福島商事,R7.5.1\n"
                    "山田 葉,ヤマダ ヨウ,2,R7.5.1\n", encoding="utf-8")  # fmt: skip
    _columns, plan = _plan(ctx, path)
    assert [str(e) for r in plan.rows for e in r.errors] == [
        "2行目 事業所「福島商事」: 同じ名前の事業所が複数あります。事業所番号で指定してください。"
    ]
    assert plan.rows[1].action == "add"


def test_utf8_csv_with_bom_is_read(ctx, register, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("氏名,フリガナ,事業所,入会日\n山田 花,ヤマダ ハナ,福島商事,令和7年5月1日\n",
                    encoding="utf-8-sig")  # fmt: skip
    _columns, plan = _plan(ctx, path)
    assert [(r.action, r.join_date) for r in plan.rows] == [("add", D(2025, 5, 1))]
