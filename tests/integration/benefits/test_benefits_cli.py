"""``gojokai benefits due|batches|zengin``: files written, lines printed, refusals on stderr."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from gojokai_desktop.cli import main
from gojokai_desktop.services.benefits.batch_views import list_batches
from gojokai_desktop.services.context import AppContext
from tests.integration.benefits.benefit_scenario import Scenario, month_of_benefits
from tests.integration.conftest import BenefitSociety

# The commands act as the society's administrator, logged in from the environment.
pytestmark = pytest.mark.usefixtures("cli_user")

D = dt.date


@pytest.fixture
def paid(ctx: AppContext, benefit_society: BenefitSociety) -> Scenario:
    scenario = month_of_benefits(ctx, benefit_society)
    ctx.database.dispose()
    return scenario


def test_due_workbook(
    ctx: AppContext, benefit_society: BenefitSociety, db_url: str, tmp_path: Path, capsys
) -> None:
    ctx.database.dispose()
    out = tmp_path / "due.xlsx"
    code = main(["benefits", "due", "--fiscal-year", "2025", "--out", str(out), "--db", db_url])
    assert code == 0
    assert capsys.readouterr().out == (
        f"該当者一覧（1件 うち未請求 1件、合計 20,000円）を出力しました: {out}\n"
    )
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert [c.value for c in sheet[4]][1:5] == ["銀婚祝金", "結婚25年", "0001-001", "佐藤　花子"]
    assert sheet["J5"].value == 20_000


def test_due_refuses_other_formats_and_bad_years(
    ctx: AppContext, society, db_url: str, tmp_path: Path, capsys
) -> None:
    ctx.database.dispose()
    db = ["--db", db_url]
    assert (
        main(["benefits", "due", "--fiscal-year", "2025", "--out", str(tmp_path / "d.csv"), *db])
        == 2
    )
    assert "出力先は .xlsx" in capsys.readouterr().err
    assert (
        main(["benefits", "due", "--fiscal-year", "20", "--out", str(tmp_path / "d.xlsx"), *db])
        == 1
    )
    assert "20 は年度として正しくありません" in capsys.readouterr().err
    assert not (tmp_path / "d.xlsx").exists()


def test_batches_one_line_each(paid: Scenario, db_url: str, capsys) -> None:
    assert main(["benefits", "batches", "--db", db_url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "支払番号\t支払日\t状態\t件数\t金額",
        "R7-支01\t2025-06-13\t支払済\t3件\t45,000円\t（振込 1件 20,000円）",
    ]
    assert main(["benefits", "batches", "--fiscal-year", "2024", "--db", db_url]) == 0
    assert capsys.readouterr().out == "支払はありません。\n"


def test_zengin_by_number_never_overwrites(
    ctx: AppContext, paid: Scenario, db_url: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "furikomi.txt"
    db = ["--db", db_url]
    assert main(["benefits", "zengin", "--batch", "R7-支01", "--out", str(out), *db]) == 0
    assert capsys.readouterr().out == (
        f"全銀ファイルを出力しました: {out}（R7-支01 振込 1件 20,000円、488バイト）\n"
    )
    data = out.read_bytes()
    records = data.split(b"\r\n")  # the default bank settings: 120-byte records, CR LF
    assert [(r[:1], len(r)) for r in records[:-1]] == [(b"1", 120), (b"2", 120), (b"8", 120),
                                                       (b"9", 120)]  # fmt: skip
    assert records[-1] == b""
    assert main(["benefits", "zengin", "--batch", str(paid.batch), "--out", str(out), *db]) == 1
    assert "上書きしません" in capsys.readouterr().err
    assert out.read_bytes() == data
    [row] = list_batches(ctx)
    assert row.zengin_file == str(out)


def test_zengin_unknown_batch(paid: Scenario, db_url: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.txt"
    assert (
        main(["benefits", "zengin", "--batch", "R7-支09", "--out", str(out), "--db", db_url]) == 1
    )
    assert (
        capsys.readouterr().err
        == "支払「R7-支09」はありません（gojokai benefits batches で確認）\n"
    )
    assert not out.exists()
