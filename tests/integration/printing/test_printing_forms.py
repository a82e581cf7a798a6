"""Every shipped form renders blank and filled, and the PDF says what a clerk expects."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.printing.render import PrinterOffset, render_forms
from gojokai_desktop.printing.templates import FormTemplate, load_template
from tests.fixtures.printing.samples import SAMPLE

FORMS_DIR = shipped_dir("forms")
SHIPPED = sorted(p.stem for p in FORMS_DIR.glob("*.toml"))
SOCIETY = {k: v for k, v in SAMPLE.items() if k.startswith("society.")}

# What a clerk looks for on each filled form (beyond the title).
EXPECTED_FILLED: dict[str, list[str]] = {
    "member_application": [
        "鈴木 一郎",
        "スズキ イチロウ",
        "昭和55年6月15日",
        "960-8001",
        "1234567",
    ],
    "member_change": ["令和7年6月1日", "東邦銀行 保原支店 普通 7654321"],
    "member_withdrawal": ["令和7年9月30日", "令和7年9月30日付で退職のため。"],
    "family_registration": ["鈴木 恵子", "配偶者", "昭和57年3月3日", "R7.4.1"],
    "benefit_claim": ["出産祝金", "令和7年6月20日", "母子健康手帳", "株式会社 福島精機製作所"],
    "benefit_decision": ["￥10,000", "令和7年7月25日", "****567", "支給"],
    "benefit_payment_notice": ["￥10,000", "令和7年7月25日(金)", "****567", "R7-支03", "鈴木 陽菜"],
    "benefit_offer": ["小学校入学", "令和8年4月1日", "母子健康手帳", "960-8001", "鈴木 一郎"],
    "dues_invoice": ["￥31,200", "31,200", "30,000", "令和7年4月〜6月分", "御中"],
    "dues_reminder": ["￥31,200", "令和7年4月〜6月分", "未納額", "御中"],
    "receipt": ["000123", "令和7年度第1四半期会費", "再発行", "収入印紙"],
    "ticket_order": ["第1回", "スパリゾートハワイアンズ", "8,700", "令和7年5月30日"],
    "ticket_notice": ["第1回", "スパリゾートハワイアンズ", "鈴木 一郎", "抽選"],
    "event_application": ["令和7年6月13日(金)", "1,000", "スズキ ケイコ"],
    "cover_letter": ["株式会社 福島精機製作所　御中", "会員名簿（確認用）", "敬具"],
}


def _render(tmp_path: Path, stem: str, records: list[dict[str, object]]) -> list[str]:
    template = load_template(FORMS_DIR / f"{stem}.toml")
    out = tmp_path / f"{stem}.pdf"
    render_forms(template, records, out)
    return [page.extract_text() for page in PdfReader(out).pages]


def _title_chars(template: FormTemplate) -> str:
    return template.title.replace("　", "").replace(" ", "")


def test_all_eleven_forms_are_shipped() -> None:
    titles = {load_template(FORMS_DIR / f"{s}.toml").title for s in SHIPPED}
    assert titles == {
        "入会申込書",
        "変更届",
        "退会届",
        "家族登録届",
        "慶弔給付金請求書",
        "給付決定通知書",
        "給付金支払通知書",
        "給付のご案内",
        "会費請求書",
        "会費督促状",
        "領収書",
        "斡旋申込書",
        "抽選結果のお知らせ",
        "研修会参加申込書",
        "送付状",
    }


@pytest.mark.parametrize("stem", SHIPPED)
def test_blank_form_has_society_and_date_guides_but_no_member(tmp_path: Path, stem: str) -> None:
    [text] = _render(tmp_path, stem, [SOCIETY])
    assert SAMPLE["society.name"] in text
    assert "鈴木" not in text
    template = load_template(FORMS_DIR / f"{stem}.toml")
    has_date = any(e.opts.get("format") == "era_date" for e in template.elements)
    if has_date:
        assert "令和" in text
        assert "年" in text
        assert "月" in text


@pytest.mark.parametrize("stem", SHIPPED)
def test_filled_form_shows_member_values(tmp_path: Path, stem: str) -> None:
    pages = _render(tmp_path, stem, [SAMPLE])
    text = "\n".join(pages)
    for expected in EXPECTED_FILLED[stem]:
        assert expected in text, f"{stem}: '{expected}' missing"
    template = load_template(FORMS_DIR / f"{stem}.toml")
    squashed = text.replace("　", "").replace(" ", "")
    assert _title_chars(template)[:2] in squashed


@pytest.mark.parametrize("stem", ["benefit_decision", "benefit_payment_notice"])
def test_notices_never_print_the_full_account_number(tmp_path: Path, stem: str) -> None:
    text = "\n".join(_render(tmp_path, stem, [SAMPLE]))
    assert "****567" in text
    assert "1234567" not in text


def test_receipt_stamp_box_and_reissue_mark_follow_the_record(tmp_path: Path) -> None:
    plain = {**SAMPLE, "receipt.reissue": False, "receipt.stamp_box": False}
    text = "\n".join(_render(tmp_path, "receipt", [plain]))
    assert "収入印紙" not in text
    assert "再発行" not in text
    marked = "\n".join(_render(tmp_path, "receipt", [SAMPLE]))
    assert marked.count("再発行") == 2  # the payer's copy and the office stub
    assert "収入印紙" in marked


def test_invoice_amounts_are_printed_in_digit_boxes_on_receipt(tmp_path: Path) -> None:
    text = "\n".join(_render(tmp_path, "receipt", [SAMPLE]))
    # One digit per box: the digits of 131,200 appear as separate strings after ￥.
    assert "￥\n1\n3\n1\n2\n0\n0" in text


def test_family_table_over_three_pages_repeats_header_and_numbers_pages(tmp_path: Path) -> None:
    family = [
        {"relation": "子", "name": f"鈴木 子{i:02d}", "birth_date": datetime.date(2010, 1, 1)}
        for i in range(40)
    ]
    pages = _render(tmp_path, "family_registration", [{**SAMPLE, "family": family}])
    assert len(pages) == 4
    for number, text in enumerate(pages, 1):
        assert "続柄" in text
        assert "生年月日" in text
        assert "フリガナ" in text
        assert f"{number} / 4" in text
        assert "鈴木 一郎" in text  # the member stays identified on every sheet
    assert "鈴木 子00" in pages[0]
    assert "鈴木 子11" in pages[0]
    assert "鈴木 子12" in pages[1]
    assert "鈴木 子39" in pages[3]
    # "first"-only elements (the addressee) are not repeated on continuation sheets.
    assert "会長" in pages[0]
    assert "会長" not in pages[2]


def test_records_follow_each_other_in_one_pdf(tmp_path: Path) -> None:
    records = [{**SAMPLE, "member.name": f"会員 {i}"} for i in range(5)]
    pages = _render(tmp_path, "member_application", records)
    assert len(pages) == 5
    assert [f"会員 {i}" in text for i, text in enumerate(pages)] == [True] * 5


def test_overflowing_text_shrinks_wraps_and_stays_in_its_box(tmp_path: Path) -> None:
    long = "福島県伊達郡川俣町大字鶴沢字東13番地の1 サンシャインコーポ川俣第二 B棟1205号室" * 3
    record = {
        **SAMPLE,
        "member.address": long,
        "member.name": "長谷川部 左衛門三郎太夫之助右衛門左衛門三郎",
        "establishment.name": "有限会社 " + "福島県北部総合精密機械製作所" * 4,
        "claim.detail": "台風による床上浸水のため、家財の大半が使用不能となりました。" * 6,
    }
    for stem in SHIPPED:
        template = load_template(FORMS_DIR / f"{stem}.toml")
        result = render_forms(template, [record], tmp_path / "x.pdf", collect_placements=True)
        assert result.placements
        outside = [p for p in result.placements if not p.inside_box()]
        assert outside == [], f"{stem}: {outside[:3]}"
    template = load_template(FORMS_DIR / "member_application.toml")
    result = render_forms(template, [record], tmp_path / "y.pdf", collect_placements=True)
    address = [p for p in result.placements if "member.address" in p.element]
    assert address
    assert address[0].size < 12
    name = next(p for p in result.placements if "'member.name'" in p.element)
    assert name.size < 16


def test_printer_offset_moves_every_page_by_the_given_millimetres(tmp_path: Path) -> None:
    template = load_template(FORMS_DIR / "member_application.toml")

    def title_x(offset: PrinterOffset) -> float:
        out = tmp_path / "offset.pdf"
        render_forms(template, [SOCIETY], out, offset=offset)
        found: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if SAMPLE["society.name"] in text:
                found.append(cm[4] + tm[4] * cm[0])

        PdfReader(out).pages[0].extract_text(visitor_text=visit)
        return found[0]

    shift = title_x(PrinterOffset(x_mm=10)) - title_x(PrinterOffset())
    assert shift == pytest.approx(10 * 72 / 25.4, abs=0.5)


def test_japanese_font_is_embedded(tmp_path: Path) -> None:
    template = load_template(FORMS_DIR / "receipt.toml")
    out = tmp_path / "r.pdf"
    render_forms(template, [SAMPLE], out)
    raw = out.read_bytes()
    assert b"/FontFile2" in raw  # TrueType program inside the PDF, not a viewer font
