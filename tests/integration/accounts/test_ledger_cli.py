"""``gojokai accounts status|cashbook``: files a clerk opens, read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
from pypdf import PdfReader

from gojokai_desktop.cli import main
from gojokai_desktop.services.accounts import balances as ledger_balances
from gojokai_desktop.services.accounts import budget, ledger
from gojokai_desktop.services.accounts.setup import load_preset

D = dt.date


def _fill(ctx) -> None:
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2020)
        b = budget.create_budget(uow, fiscal_year=2025)
        budget.set_line(uow, b, "101", 1_200_000)
        budget.set_line(uow, b, "206", 100_000, explanation="消耗品・印刷")
        ledger_balances.set_opening_balance(uow, fiscal_year=2025, account="general", amount=50_000)
        ledger.post(uow, date=D(2025, 4, 30), amount=400_000, description="4月分会費", item="101")
        ledger.post(uow, date=D(2025, 5, 8), amount=12_345, description="コピー用紙", item="206")
        ledger.post(uow, date=D(2025, 11, 8), amount=1_000, description="11月", item="206")
        uow.commit()


def test_status_as_workbook_and_pdf(ctx, society, db_url, tmp_path, capsys) -> None:
    _fill(ctx)
    ctx.database.dispose()
    xlsx = tmp_path / "status.xlsx"
    code = main(
        [
            "accounts",
            "status",
            "--fiscal-year",
            "2025",
            "--until",
            "R7.10.31",
            "--out",
            str(xlsx),
            "--db",
            db_url,
        ]
    )
    assert code == 0
    assert "令和7年度一般会計収支状況" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(xlsx)["支出"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    office = rows["6 事務費"]
    assert office[2:7] == (100_000, 12_345, 87_655, "12.3%", 0)
    assert sheet.cell(6, 3).number_format == '#,##0;"△"#,##0;0'
    pdf = tmp_path / "status.pdf"
    assert (
        main(["accounts", "status", "--fiscal-year", "2025", "--out", str(pdf), "--db", db_url])
        == 0
    )
    assert "13,345" in "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_cashbook_workbook_has_dates_and_yen(ctx, society, cli_user, db_url, tmp_path) -> None:
    _fill(ctx)
    ctx.database.dispose()
    out = tmp_path / "cash.xlsx"
    assert (
        main(
            [
                "accounts",
                "cashbook",
                "--fiscal-year",
                "2025",
                "--out",
                str(out),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "出納帳　テスト町勤労者互助会"
    assert sheet["L5"].value == 50_000
    assert sheet["A6"].value == dt.datetime(2025, 4, 30)
    assert sheet["A6"].number_format == "yyyy/mm/dd"
    assert (sheet["J6"].value, sheet["L6"].value) == (400_000, 450_000)
    assert (sheet["K7"].value, sheet["L7"].value) == (12_345, 437_655)
    assert sheet["J9"].value == 400_000
    assert sheet["L10"].value == 436_655


def test_bad_output_suffix_is_refused(db_url, tmp_path, capsys) -> None:
    assert (
        main(
            [
                "accounts",
                "cashbook",
                "--fiscal-year",
                "2025",
                "--out",
                str(tmp_path / "x.csv"),
                "--db",
                db_url,
            ]
        )
        == 2
    )
    assert "xlsx" in capsys.readouterr().err
