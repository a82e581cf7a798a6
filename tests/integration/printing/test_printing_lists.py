"""The generic list report and address labels, read back as a clerk would check them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from gojokai_desktop.printing.labels import SHEETS, AddressLabel, render_labels
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing

COLUMNS = [
    ListColumn("会員番号", "number", 20),
    ListColumn("氏名", "name", 30),
    ListColumn("生年月日", "birth", 28, "era_date"),
    ListColumn("事業所", "establishment", 45),
    ListColumn("会費", "dues", 18, "yen", total=True),
    ListColumn("未納額", "arrears", 18, "report_yen", total=True),
]
SPEC = ListingSpec(
    "会費滞納一覧",
    COLUMNS,
    dt.date(2025, 6, 15),
    conditions=["事業所: 全て", "基準日: 令和7年6月1日"],
    society_name="福島町勤労者互助会",
    unit_note="単位:円",
    footnotes=["※未納額の△は過払いです。"],
)


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "number": f"0012-{i:03d}",
            "name": f"会員{i:03d}",
            "birth": dt.date(1980, 4, 1),
            "establishment": "株式会社 福島精機製作所",
            "dues": 500,
            "arrears": -100 if i == 0 else 1000,
        }
        for i in range(count)
    ]


def test_list_over_three_pages_repeats_header_conditions_and_page_of_pages(
    tmp_path: Path,
) -> None:
    out = tmp_path / "list.pdf"
    rows = _rows(130)
    result = render_listing(SPEC, rows, out)
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert result.pages == len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert "会費滞納一覧" in text
        assert "印刷日 令和7年6月15日" in text
        assert f"{number} / {len(pages)} 頁" in text
        assert "基準日: 令和7年6月1日" in text
        for column in COLUMNS:
            assert column.title in text
        assert "※未納額の△は過払いです。" in text
    everything = "\n".join(pages)
    assert all(f"会員{i:03d}" in everything for i in range(130))
    assert "昭和55年4月1日" in everything
    assert "△100" in everything
    assert "合計（130件）" in pages[-1]
    assert "65,000" in pages[-1]  # 130 × 500
    assert "128,900" in pages[-1]  # 129 × 1,000 − 100
    assert all("合計" not in p for p in pages[:-1])


def test_list_cells_never_leave_their_columns(tmp_path: Path) -> None:
    rows = _rows(20)
    rows[3]["establishment"] = "有限会社 " + "福島県北部総合精密機械製作所" * 5
    result = render_listing(SPEC, rows, tmp_path / "l.pdf", collect_placements=True)
    assert all(p.inside_box() for p in result.placements)
    assert len(result.truncated) == 1  # the cut one is reported, ending in …
    assert result.truncated[0].text.endswith("…")


def test_empty_list_still_prints_one_page_with_zero_total(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    render_listing(SPEC, [], out)
    [text] = [p.extract_text() for p in PdfReader(out).pages]
    assert "合計（0件）" in text
    assert "1 / 1 頁" in text


def _label(i: int) -> AddressLabel:
    return AddressLabel(
        "9608001", "福島県福島市天神町1丁目2番3号", f"鈴木 {i:02d}", "株式会社 福島精機"
    )


def test_labels_start_at_the_chosen_position_and_fill_further_sheets(tmp_path: Path) -> None:
    labels = [_label(i) for i in range(12)]
    result = render_labels(
        labels, tmp_path / "l.pdf", per_sheet=12, start_position=4, collect_placements=True
    )
    assert result.pages == 2  # 9 on the partly used sheet, 3 on the next
    names = [p for p in result.placements if p.element == "name"]
    sheet = SHEETS[12]
    x4, y4 = sheet.origin(3)
    assert x4 <= names[0].left <= x4 + sheet.width
    assert y4 <= names[0].top <= y4 + sheet.height
    assert names[8].page == 1
    assert names[9].page == 2
    assert all(p.inside_box() for p in result.placements)


@pytest.mark.parametrize("per_sheet", [12, 18, 21, 24])
def test_every_sheet_size_keeps_text_inside_each_label(tmp_path: Path, per_sheet: int) -> None:
    long = AddressLabel(
        "9600000",
        "福島県伊達郡川俣町大字鶴沢字東13番地の1 サンシャインコーポ川俣第二B棟" * 2,
        "長谷川部 左衛門三郎太夫之助右衛門",
        "有限会社 福島県北部総合精密機械製作所",
    )
    labels = [long] * (per_sheet + 1)
    result = render_labels(labels, tmp_path / "l.pdf", per_sheet=per_sheet, collect_placements=True)
    assert result.pages == 2
    sheet = SHEETS[per_sheet]
    for placed in result.placements:
        assert placed.inside_box()
        assert placed.right <= sheet.left + sheet.columns * sheet.width + 0.1


def test_establishment_only_label_is_addressed_onchu(tmp_path: Path) -> None:
    out = tmp_path / "l.pdf"
    render_labels(
        [AddressLabel("9600000", "福島市", establishment="有限会社 テスト商店"), _label(1)],
        out,
        per_sheet=21,
    )
    text = PdfReader(out).pages[0].extract_text()
    assert "有限会社 テスト商店　御中" in text
    assert "鈴木 01　様" in text
    assert "〒960-8001" in text


def test_unknown_sheet_and_bad_start_position_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="12"):
        render_labels([_label(1)], tmp_path / "l.pdf", per_sheet=10)
    with pytest.raises(ValueError, match="1から24"):
        render_labels([_label(1)], tmp_path / "l.pdf", per_sheet=24, start_position=25)
