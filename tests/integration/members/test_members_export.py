"""Roster exports read back: frozen header, filters, real era dates, formulas never run; the CLI."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from gojokai_desktop.cli import main
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.export import export_members
from gojokai_desktop.services.members.membership import join_member, leave_member
from gojokai_desktop.services.members.records import MemberInput

# The commands act as the society's administrator, logged in from the environment.
pytestmark = pytest.mark.usefixtures("cli_user")

D = dt.date


@pytest.fixture
def register(ctx, society):
    est = create_establishment(ctx, EstablishmentInput(name="=HYPERLINK(1)"), D(2020, 4, 1))
    join_member(
        ctx,
        MemberInput(name="山田　太郎", name_kana="ヤマダ　タロウ", birth_date=D(1980, 5, 3),
                    address="@福島市", notes="-1+1"),
        est.id, D(2025, 3, 1),
    )  # fmt: skip
    gone = join_member(
        ctx, MemberInput(name="佐藤　花", name_kana="サトウ　ハナ"), est.id, D(2025, 3, 1)
    )
    leave_member(ctx, gone.id, D(2025, 5, 10), "deceased")
    return est


def test_roster_workbook_reads_back(ctx, register, tmp_path):
    path = tmp_path / "roster.xlsx"
    assert export_members(ctx, path) == 1
    ws = load_workbook(path)["会員名簿"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O2"
    assert [c.value for c in ws[1]][:5] == ["会員番号", "氏名", "フリガナ", "性別", "生年月日"]
    row = list(ws[2])
    assert row[0].value == "0001-001"
    assert row[4].value == dt.datetime(1980, 5, 3)
    assert "ggge" in row[4].number_format
    assert row[6].value == "=HYPERLINK(1)"
    assert row[6].data_type == "s"
    assert row[13].value == "@福島市"
    assert row[13].data_type == "s"
    assert ws.column_dimensions["N"].width == 40


def test_former_members_on_request_and_csv_in_cp932(ctx, register, tmp_path):
    path = tmp_path / "roster.csv"
    assert export_members(ctx, path, fmt="csv", include_former=True, csv_encoding="cp932") == 2
    with path.open(encoding="cp932", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["会員番号", "氏名", "フリガナ"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["佐藤　花"][10:12] == ["2025-05-31", "死亡"]
    assert by_name["山田　太郎"][6] == "'=HYPERLINK(1)"


def test_cli_export_and_import_with_refused_rows(register, db_url, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["export", "members", "--format", "csv", "--out", str(out), "--db", db_url]) == 0
    assert "（1 人）" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    wb = Workbook()
    ws = wb.active
    ws.append(["氏名", "フリガナ", "事業所", "入会日", "マイナンバー"])
    ws.append(["高橋　三郎", "タカハシ　サブロウ", "1", "R7.4.1", "123456789012"])
    ws.append(["伊藤", "伊藤", "1", "R7.4.1", ""])
    source = tmp_path / "in.xlsx"
    wb.save(source)
    args = ["import", "members", str(source), "--db", db_url]
    assert main([*args, "--dry-run"]) == 1
    captured = capsys.readouterr()
    assert "確認のみ: 追加 1・更新 0・スキップ 0・取り込まない 1" in captured.out
    assert "3行目 フリガナ「伊藤」: 「伊」はフリガナに使えません" in captured.err
    assert (
        "列「マイナンバー」はマイナンバー（個人番号）とみられるため取り込みません" in captured.err
    )
    assert main(args) == 1
    assert "取り込みました: 追加 1" in capsys.readouterr().out
    assert main([*args, "--on-duplicate", "skip"]) == 1
    assert "スキップ 1" in capsys.readouterr().out
