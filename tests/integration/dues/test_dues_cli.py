"""``gojokai dues bill|arrears``: a dry run writes nothing, a second run bills nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from gojokai_desktop.cli import main
from gojokai_desktop.db.models import DuesBill
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput

# The commands act as the society's administrator, logged in from the environment.
pytestmark = pytest.mark.usefixtures("cli_user")

D = dt.date


def _fill(ctx) -> None:
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", billing_cycle="monthly"), D(2020, 4, 1)
    )
    for n in range(3):
        join_member(
            ctx, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id, D(2024, 12, 1)
        )


def _bill_count(ctx) -> int:
    with ctx.reader() as session:
        return int(session.scalar(select(func.count()).select_from(DuesBill)) or 0)


def test_bill_dry_run_then_run_then_again(ctx, society, db_url, capsys) -> None:
    _fill(ctx)
    ctx.database.dispose()
    db = ["--db", db_url]
    assert main(["dues", "bill", "--period", "2025-04", "--dry-run", *db]) == 0
    out = capsys.readouterr().out
    assert "1事業所 3人 合計 1,500円" in out
    assert "0001 福島商事 1,500円" in out
    assert _bill_count(ctx) == 0
    assert main(["dues", "bill", "--period", "2025-04", *db]) == 0
    assert "請求を作成しました: 1件 1,500円" in capsys.readouterr().out
    assert main(["dues", "bill", "--period", "2025-04", *db]) == 0
    assert "請求済み 1事業所" in capsys.readouterr().out
    assert _bill_count(ctx) == 1


def test_bad_period_is_refused(ctx, society, db_url, capsys) -> None:
    assert main(["dues", "bill", "--period", "2025-13", "--db", db_url]) == 2
    assert "請求月" in capsys.readouterr().err


def test_arrears_workbook(ctx, society, db_url, tmp_path, capsys) -> None:
    _fill(ctx)
    ctx.database.dispose()
    db = ["--db", db_url]
    assert main(["dues", "bill", "--period", "2025-04", *db]) == 0
    out = tmp_path / "arrears.xlsx"
    assert main(["dues", "arrears", "--on", "R7.6.1", "--out", str(out), *db]) == 0
    assert "1事業所、1,500円" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out)["滞納一覧"]
    assert [c.value for c in sheet[2]][:3] == ["0001", "福島商事", "1期"]
    assert sheet["I2"].value == 1500
