"""What goes out: the announcement, order forms, summaries, the combined order, handover list,
stock report, 斡旋実績, lottery record, notices and receipt — read back as a clerk would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop.services.tickets.allocation import allocate_in_full, commit_allocation
from gojokai_desktop.services.tickets.handover import hand_over, outstanding
from gojokai_desktop.services.tickets.listings import (
    export_member_orders,
    export_stock,
    export_year_report,
    print_handover_list,
    print_payment_receipt,
    print_stock_report,
    print_unpaid,
    print_year_report,
)
from gojokai_desktop.services.tickets.orders import place_order
from gojokai_desktop.services.tickets.printouts import (
    export_combined_order,
    print_announcement,
    print_lottery_record,
    print_notices,
    print_order_forms,
    print_order_summary,
)
from gojokai_desktop.services.tickets.report import year_report
from gojokai_desktop.services.tickets.rounds import close_round
from gojokai_desktop.services.tickets.sales import collect_for_member
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot

D = dt.date
SEED = 12_345_678


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "").replace("　", "")


def test_announcement_and_order_forms_before_the_round_closes(ctx, tickets, tmp_path) -> None:
    place_order(ctx, tickets.round1, tickets.hanako, tickets.book_card, 2)
    out = tmp_path / "annai.pdf"
    print_announcement(ctx, tickets.round1, out)
    text = _squash(_text(out))
    assert "令和7年度第1回斡旋のご案内" in text
    assert "令和7年5月1日(木)〜令和7年6月30日(月)" in text
    assert "スパリゾートハワイアンズ入場券" in text
    assert "3,570" in text
    assert "2,000" in text
    assert "1人2枚" in text  # family items: per person
    assert "無料配布" in text
    assert "紹介のみ" in text
    assert "R7.7.1〜R7.10.31" in text
    forms = tmp_path / "forms.pdf"
    result = print_order_forms(ctx, tickets.round1, tickets.fukushima, forms)
    assert result.records == 2  # 花子 and 一郎; the leaver gets none
    pages = [_squash(p.extract_text()) for p in PdfReader(forms).pages]
    assert "佐藤花子" in pages[0]
    assert "福島商事" in pages[0]
    assert "第1回" in pages[0]
    assert "図書カード（1,000円）" in pages[0]
    assert "1,600" in pages[0]  # 花子's 2 book cards already ordered
    assert "鈴木一郎" in pages[1]
    assert "高橋" not in "".join(pages)


@pytest.fixture
def round_done(ctx, tickets):
    t = tickets
    for member, item, quantity, price_class in (
        (t.hanako, t.hawaiians, 2, "adult"), (t.ichiro, t.hawaiians, 2, "adult"),
        (t.jiro, t.hawaiians, 2, "adult"), (t.hanako, t.book_card, 3, "adult"),
        (t.jiro, t.bousai, 1, "adult"),
    ):  # fmt: skip
        place_order(ctx, t.round1, member, item, quantity, price_class=price_class)
    receive_lot(ctx, LotInput(t.hawaiians, D(2025, 6, 20), 5, serial_from="A000101",
                              serial_to="A000105"))  # fmt: skip
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 5))
    close_round(ctx, t.round1)
    run = commit_allocation(ctx, t.round1, t.hawaiians, seed=SEED)
    allocate_in_full(ctx, t.round1)
    hand_over(ctx, [r.order_id for r in outstanding(ctx, round_id=t.round1)], D(2025, 7, 10))
    payment = collect_for_member(ctx, t.hanako, D(2025, 7, 10))
    return t, run, payment


def test_order_summary_and_the_combined_order_for_the_council(ctx, round_done, tmp_path) -> None:
    t, _run, _payment = round_done
    out = tmp_path / "summary.pdf"
    print_order_summary(ctx, t.round1, out)
    text = _squash(_text(out))
    assert "申込集計（品目別）" in text
    assert "紹介のみ" in text
    book = tmp_path / "order.xlsx"
    assert export_combined_order(ctx, t.round1, book) == 3
    sheet = load_workbook(book).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "令和7年度 第1回 斡旋品 注文書（取りまとめ）"
    assert values[1][0] == "団体名: テスト町勤労者互助会"
    assert values[2][0].endswith("作成日: 令和7年6月15日")  # era dates out, as everywhere
    header = values[4]
    assert header[:10] == ["No", "区分", "品名", "券種", "取扱先", "定価", "仕入単価", "申込数",
                           "注文数", "金額"]  # fmt: skip
    lines = {row[2]: row for row in values[5:8]}
    hawaiians = lines["スパリゾートハワイアンズ入場券"]
    assert (hawaiians[3], hawaiians[6], hawaiians[7], hawaiians[8], hawaiians[9]) == (
        "大人", 3_000, 6, 5, 15_000,
    )  # fmt: skip
    assert lines["防災用品と家庭用常備薬"][10] == "紹介のみ"
    total = values[8]
    assert total[0] == "合計"
    assert total[8] == 5 + 3 + 1
    assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)


def test_handover_list_has_a_signature_column_per_establishment(ctx, round_done, tmp_path) -> None:
    t, _run, _payment = round_done
    out = tmp_path / "handover.pdf"
    result = print_handover_list(ctx, 2025, out, round_id=t.round1)
    pages = [_squash(p.extract_text()) for p in PdfReader(out).pages]
    assert result.pages == len(pages) == 2  # 福島商事, then 杉妻工業 on its own page
    assert "受領印" in pages[0]
    assert "事業所福島商事様" in pages[0]
    assert "佐藤花子" in pages[0]
    assert "A0001" in pages[0]
    assert "事業所杉妻工業様" in pages[1]
    assert "田中次郎" in pages[1]
    assert "未入金" in pages[0]  # 一郎 has not paid


def test_stock_report_and_workbook_on_a_day(ctx, round_done, tmp_path) -> None:
    _t, *_rest = round_done
    out = tmp_path / "stock.pdf"
    print_stock_report(ctx, 2025, out, on=D(2025, 6, 30))
    text = _squash(_text(out))
    assert "令和7年6月30日現在" in text
    assert "A000101〜A000105" in text  # nothing handed over yet on 30 June
    book = tmp_path / "stock.xlsx"
    export_stock(ctx, 2025, book)
    rows = list(load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("品目", "券種", "入荷数", "受渡数", "返品数", "在庫")
    hawaiians = next(r for r in rows if r[0] == "スパリゾートハワイアンズ入場券" and r[1] == "大人")
    assert hawaiians[2:6] == (5, 5, 0, 0)
    # The day the figures are of stands on every row, as 「…現在」 stands on the PDF.
    assert rows[0][-1] == "基準日"
    assert {r[-1] for r in rows[1:]} == {dt.datetime(2025, 6, 15)}  # today: no day given
    export_stock(ctx, 2025, book, on=D(2025, 6, 30))
    sheet = load_workbook(book).active
    assert sheet.cell(row=2, column=10).value == dt.datetime(2025, 6, 30)
    assert "ggge" in sheet.cell(row=2, column=10).number_format  # shown in era


def test_year_report_pdf_and_workbook_columns_and_figures(ctx, round_done, tmp_path) -> None:
    report = year_report(ctx, 2025)
    out = tmp_path / "jisseki.pdf"
    print_year_report(ctx, 2025, out)
    text = _squash(_text(out))
    assert "令和7年度斡旋実績" in text
    for heading in (
        "品目",
        "上限",
        "申込数",
        "配分数",
        "販売数",
        "返品数",
        "在庫",
        "販売額",
        "補助額",
    ):
        assert heading in text
    assert f"{report.total('subsidy_yen'):,}" in text
    book = tmp_path / "jisseki.xlsx"
    export_year_report(ctx, 2025, book)
    rows = list(load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0] == ("品目", "上限", "申込数", "配分数", "販売数", "返品数", "在庫", "販売額",
                       "補助額")  # fmt: skip
    assert [r[0] for r in rows[1:]] == [r.item_name for r in report.rows]
    assert [tuple(r) for r in rows[1:]] == [r.cells() for r in report.rows]
    orders = tmp_path / "orders.xlsx"
    export_member_orders(ctx, 2025, orders)
    rows = list(load_workbook(orders).active.iter_rows(values_only=True))
    assert rows[0] == ("会員番号", "氏名", "品目", "申込数", "配分数", "受渡数")
    assert ("0001-001", "佐藤　花子", "図書カード（1,000円）", 3, 3, 3) in rows


def test_lottery_record_notices_unpaid_list_and_receipt(ctx, round_done, tmp_path) -> None:
    _t, run, payment = round_done
    out = tmp_path / "lottery.pdf"
    print_lottery_record(ctx, run.run_id, out)
    text = _squash(_text(out))
    assert "抽選の種（シード）:12345678" in text
    assert "再計算による検証:一致" in text
    assert "落選" in text
    notices = tmp_path / "notices.pdf"
    result = print_notices(ctx, run.run_id, notices)
    assert result.records == len({r.member_id for r in run.losers})
    loser = run.losers[0].member_name.replace("　", "")
    assert loser in _squash(_text(notices))
    assert "抽選結果のお知らせ" in _squash(_text(notices))
    unpaid_pdf = tmp_path / "unpaid.pdf"
    print_unpaid(ctx, 2025, unpaid_pdf)
    assert "未収一覧" in _squash(_text(unpaid_pdf))
    receipt = tmp_path / "receipt.pdf"
    print_payment_receipt(ctx, payment.id, receipt)
    text = _squash(_text(receipt))
    assert "佐藤花子" in text
    assert "斡旋品代" in text
    assert f"{payment.amount:,}" in text or str(payment.amount) in text.replace(",", "")


def test_member_orders_leave_the_allocation_blank_until_it_is_made(ctx, tickets, tmp_path) -> None:
    """Before the round is allocated 配分数 is empty: a 0 read as 「落選」 to the clerk."""
    t = tickets
    place_order(ctx, t.round1, t.hanako, t.book_card, 3)
    orders = tmp_path / "orders.xlsx"
    export_member_orders(ctx, 2025, orders)
    rows = list(load_workbook(orders).active.iter_rows(values_only=True))
    assert rows[1] == ("0001-001", "佐藤　花子", "図書カード（1,000円）", 3, None, 0)


def test_stock_report_of_a_past_day_prints_the_workbooks_figures(ctx, round_done, tmp_path) -> None:
    """配分済未受渡 and 残 of a day gone by: the PDF prints what the workbook holds, both
    reckoned on that day (allocated by then, less what was handed over by then)."""
    day = D(2025, 6, 30)  # allocated on 15 June, handed over on 10 July
    out = tmp_path / "stock.pdf"
    print_stock_report(ctx, 2025, out, on=day)
    book = tmp_path / "stock.xlsx"
    export_stock(ctx, 2025, book, on=day)
    rows = list(load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0][6:8] == ("配分済未受渡", "残（販売可）")
    lines = _text(out).splitlines()
    for row in rows[1:]:
        # One cell a line: the item's name, then 入荷 受渡 返品 在庫 配分済未受渡 残.
        title = f"{row[0]}（{row[1]}）" if row[1] else row[0]
        at = next(i for i, x in enumerate(lines) if x == title)
        printed = [int(x.replace(",", "")) for x in lines[at + 1 : at + 7]]
        assert printed == list(row[2:8]), (row, lines[at : at + 7])
    hawaiians = next(r for r in rows if r[0] == "スパリゾートハワイアンズ入場券")
    assert hawaiians[2:8] == (5, 0, 0, 5, 5, 0)  # all five promised, none handed over yet
    export_stock(ctx, 2025, book, on=D(2025, 7, 10))
    later = next(r for r in load_workbook(book).active.iter_rows(values_only=True)
                 if r[0] == "スパリゾートハワイアンズ入場券")  # fmt: skip
    assert later[2:8] == (5, 5, 0, 0, 0, 0)
