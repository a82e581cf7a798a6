"""``gojokai tickets ...``: the item list, the 斡旋実績 and the orders as files, the book check."""

from __future__ import annotations

import datetime as dt

import openpyxl
from pypdf import PdfReader

from gojokai_desktop.cli import main
from gojokai_desktop.services.tickets.allocation import allocate_in_full
from gojokai_desktop.services.tickets.handover import hand_over, outstanding
from gojokai_desktop.services.tickets.orders import place_order
from gojokai_desktop.services.tickets.rounds import close_round
from gojokai_desktop.services.tickets.sales import collect_for_member
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot

D = dt.date


def _round(ctx, t) -> None:
    place_order(ctx, t.round1, t.hanako, t.book_card, 3)
    place_order(ctx, t.round1, t.ichiro, t.book_card, 2)
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 6))
    close_round(ctx, t.round1)
    allocate_in_full(ctx, t.round1)
    hand_over(ctx, [r.order_id for r in outstanding(ctx, round_id=t.round1)], D(2025, 7, 1))
    collect_for_member(ctx, t.hanako, D(2025, 7, 1))


def test_items_report_orders_and_check(ctx, tickets, db_url, tmp_path, capsys) -> None:
    _round(ctx, tickets)
    ctx.database.dispose()
    db = ["--db", db_url]
    assert main(["tickets", "items", "--fiscal-year", "2025", *db]) == 0
    out = capsys.readouterr().out
    assert "スパリゾートハワイアンズ入場券（大人）\t3,570\t2,000\t1,000\t1人2枚" in out
    assert "図書カード（1,000円）\t1,000\t800\t150\t1会員5枚" in out
    report = tmp_path / "jisseki.xlsx"
    assert main(["tickets", "report", "--fiscal-year", "2025", "--out", str(report), *db]) == 0
    rows = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0] == ("品目", "上限", "申込数", "配分数", "販売数", "返品数", "在庫", "販売額",
                       "補助額")  # fmt: skip
    book = next(r for r in rows if r[0] == "図書カード（1,000円）")
    assert book == ("図書カード（1,000円）", "1会員5枚", 5, 5, 5, 0, 1, 3 * 800, 6 * 150)
    pdf = tmp_path / "jisseki.pdf"
    assert main(["tickets", "report", "--fiscal-year", "2025", "--out", str(pdf), *db]) == 0
    assert "斡旋実績" in PdfReader(pdf).pages[0].extract_text()
    orders = tmp_path / "orders.xlsx"
    assert main(["tickets", "orders", "--fiscal-year", "2025", "--out", str(orders), *db]) == 0
    rows = list(openpyxl.load_workbook(orders).active.iter_rows(values_only=True))
    assert rows == [
        ("会員番号", "氏名", "品目", "申込数", "配分数", "受渡数"),
        ("0001-001", "佐藤　花子", "図書カード（1,000円）", 3, 3, 3),
        ("0001-002", "鈴木　一郎", "図書カード（1,000円）", 2, 2, 2),
    ]
    capsys.readouterr()
    assert main(["tickets", "check", "--fiscal-year", "2025", *db]) == 0
    out = capsys.readouterr().out
    assert "斡旋事業収入: 2,400円" in out
    assert "斡旋補助金: 900円" in out
    assert "一致しています" in out
    assert main(["tickets", "report", "--fiscal-year", "2025", "--out", "x.csv", *db]) == 2
    assert main(["tickets", "rounds", "--fiscal-year", "2025", *db]) == 0
    assert "第1回\tR7.5.1〜R7.6.30\t配分済" in capsys.readouterr().out
