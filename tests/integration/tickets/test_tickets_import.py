"""An establishment's order sheet out as a workbook and back in; bad workbooks refused whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gojokai_desktop.db.models import TicketOrder
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.tickets.order_import import (
    ImportRefusedError,
    export_order_sheet,
    import_orders,
)
from gojokai_desktop.services.tickets.orders import order_views, place_order

D = dt.date


def _orders(ctx) -> int:
    with ctx.reader() as session:
        return session.scalar(
            select(func.count()).select_from(TicketOrder).where(TicketOrder.status == "live")
        )


def _sheet(ctx, tickets, tmp_path: Path) -> tuple[Path, list[list[object]]]:
    path = tmp_path / "fukushima.xlsx"
    export_order_sheet(ctx, tickets.round1, tickets.fukushima, path)
    sheet = load_workbook(path).active
    return path, [[c.value for c in row] for row in sheet.iter_rows()]


def _fill(path: Path, cells: dict[str, object]) -> None:
    book = load_workbook(path)
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)


def test_exported_sheet_comes_back_as_orders(ctx, tickets, tmp_path) -> None:
    place_order(ctx, tickets.round1, tickets.hanako, tickets.book_card, 2)
    path, rows = _sheet(ctx, tickets, tmp_path)
    assert rows[0][0] == "令和7年度 第1回 斡旋申込書"
    header = rows[4]
    assert header[:2] == ["会員番号", "氏名"]
    assert header[2].startswith("スパリゾートハワイアンズ入場券（大人）")
    assert header[4] == "図書カード（1,000円）\n（800円）"
    members = [r[:2] for r in rows[6:]]
    assert members == [["0001-001", "佐藤　花子"], ["0001-002", "鈴木　一郎"]]
    assert rows[6][4] == 2  # 花子's stored order is in the sheet
    _fill(path, {"C7": 2, "D7": 1, "E7": 3, "E8": 4})
    result = import_orders(ctx, tickets.round1, path)
    assert result.rows == 2
    assert result.orders.created == 3  # 花子 大人・小人, 一郎 図書カード
    assert result.orders.changed == 1  # 花子 図書カード 2 → 3
    got = {(o.member_name, o.item_title): o.quantity for o in order_views(ctx)}
    assert got == {
        ("佐藤　花子", "スパリゾートハワイアンズ入場券（大人）"): 2,
        ("佐藤　花子", "スパリゾートハワイアンズ入場券（小人）"): 1,
        ("佐藤　花子", "図書カード（1,000円）"): 3,
        ("鈴木　一郎", "図書カード（1,000円）"): 4,
    }
    assert {o.source_label for o in order_views(ctx)} >= {"Excel取込"}


def test_every_bad_row_is_named_and_nothing_is_stored(ctx, tickets, tmp_path) -> None:
    path, _rows = _sheet(ctx, tickets, tmp_path)
    _fill(path, {"C7": 1, "E7": "=1+1", "A8": "9999-999", "E8": 2, "A9": "0001-002",
                 "E9": -1, "F9": 5000, "D9": 1.5, "B10": "名前だけ"})  # fmt: skip
    with pytest.raises(ImportRefusedError) as error:
        import_orders(ctx, tickets.round1, path)
    problems = error.value.problems
    assert any(p.startswith("7行目 E列: 数式") for p in problems)
    assert "8行目: 会員番号「9999-999」の会員はいません。" in problems
    assert any(p.startswith("9行目 E列: 数量「-1」") for p in problems)
    assert any(p.startswith("9行目 F列: 数量「5000」") for p in problems)
    assert any(p.startswith("9行目 D列: 数量「1.5」") for p in problems)
    assert "10行目: 会員番号が空欄です。" in problems
    assert _orders(ctx) == 0


def test_caps_refused_by_row_and_unknown_items_by_column(ctx, tickets, tmp_path) -> None:
    path, _rows = _sheet(ctx, tickets, tmp_path)
    _fill(path, {"E8": 9})
    with pytest.raises(ImportRefusedError) as error:
        import_orders(ctx, tickets.round1, path)
    (problem,) = error.value.problems
    assert problem.startswith(
        "8行目: 会員 0001-002 鈴木　一郎: 「図書カード（1,000円）」の上限は年間5枚"
    )
    _fill(path, {"E8": None, "J5": "アクアマリンふくしま入館券", "J7": 1})
    with pytest.raises(ImportRefusedError, match="5行目 J列: 「アクアマリンふくしま入館券」は"):
        import_orders(ctx, tickets.round1, path)
    assert _orders(ctx) == 0


def test_not_a_workbook_and_other_layouts_get_a_message(ctx, tickets, tmp_path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError, match=r"Excelファイル（\.xlsx）として読めません"):
        import_orders(ctx, tickets.round1, broken)
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["番号", "名前"])
    book.save(other)
    with pytest.raises(ValidationError, match="「会員番号」の見出しがありません"):
        import_orders(ctx, tickets.round1, other)
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError, match="大きすぎます"):
        import_orders(ctx, tickets.round1, huge)
