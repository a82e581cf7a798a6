"""Printing settings: stored, validated, and used by every render (fonts, offsets, stamp, mask)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from gojokai_desktop.cli import main
from gojokai_desktop.db.models import SettingValue
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.printing.render import PrinterOffset
from gojokai_desktop.services import printing
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.print_settings import (
    SETTINGS_KEY,
    PrinterSetting,
    PrintSettings,
    load_print_settings,
    render_test_page,
    save_print_settings,
)

IPAEX_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
IPAEX_MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
needs_ipaex = pytest.mark.skipif(
    not (IPAEX_GOTHIC.is_file() and IPAEX_MINCHO.is_file()), reason="IPAex fonts not installed"
)
MM = 72 / 25.4


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
        for xobject in page["/Resources"].get_object().get("/XObject", {}).values():
            inner = xobject.get_object().get("/Resources", {}).get("/Font", {})
            for ref in inner.values():
                names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _position(path: Path, needle: str) -> tuple[float, float]:
    """Where ``needle`` is drawn on page 1, in PDF points (origin bottom-left)."""
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if needle in text and not found:
            found.append(
                (cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
            )

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    assert found, f"{needle} not in {path.name}"
    return found[0]


def test_defaults_before_anything_is_saved(ctx) -> None:
    settings = load_print_settings(ctx)
    assert settings == PrintSettings()
    assert settings.mask_accounts is True
    assert settings.stamp_box is False
    assert settings.offset_for("どれでも") == PrinterOffset()


def test_saved_settings_are_read_back_and_stored_as_json(ctx) -> None:
    saved = save_print_settings(
        ctx,
        PrintSettings(
            printers=(
                PrinterSetting(" 事務室のレーザー ", PrinterOffset(1.5, -2.0, 0.98)),
                PrinterSetting("*", PrinterOffset(0.5, 0.0, 1.0)),
            ),
            stamp_box=True,
            mask_accounts=False,
        ),
    )
    assert saved.printers[0].printer == "事務室のレーザー"
    again = load_print_settings(ctx)
    assert again == saved
    assert again.offset_for("事務室のレーザー") == PrinterOffset(1.5, -2.0, 0.98)
    assert again.offset_for("別のプリンター") == PrinterOffset(0.5, 0.0, 1.0)
    with ctx.reader() as session:
        row = session.scalar(select(SettingValue).where(SettingValue.key == SETTINGS_KEY))
        stored = json.loads(row.value_json)
    assert stored["mask_accounts"] is False
    assert stored["printers"][0]["scale"] == 0.98


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        (PrintSettings(mincho_font="/nowhere/font.ttf"), "明朝体フォント", "見つかりません"),
        (PrintSettings(printers=(PrinterSetting("A", PrinterOffset(25, 0, 1)),)),
         "横のずれ(mm)", "-20〜20"),
        (PrintSettings(printers=(PrinterSetting("A", PrinterOffset(0, -21, 1)),)),
         "縦のずれ(mm)", "-20〜20"),
        (PrintSettings(printers=(PrinterSetting("A", PrinterOffset(0, 0, 1.2)),)),
         "倍率", "0.9〜1.1"),
        (PrintSettings(printers=(PrinterSetting(" ", PrinterOffset()),)), "プリンター名", "*"),
        (PrintSettings(printers=(PrinterSetting("A", PrinterOffset()),) * 2),
         "プリンター名", "二度"),
    ],
)  # fmt: skip
def test_invalid_settings_are_refused_naming_the_field(ctx, settings, field, words) -> None:
    with pytest.raises(ValidationError) as caught:
        save_print_settings(ctx, settings)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert load_print_settings(ctx) == PrintSettings()  # nothing half-written


def test_a_file_that_is_not_a_font_is_refused(ctx, tmp_path: Path) -> None:
    fake = tmp_path / "明朝.ttf"
    fake.write_text("not a font", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        save_print_settings(ctx, PrintSettings(gothic_font=str(fake)))
    assert caught.value.field == "ゴシック体フォント"
    assert "明朝.ttf" in str(caught.value)
    assert "TrueType" in str(caught.value)


@needs_ipaex
def test_the_configured_font_is_embedded(ctx, society, tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    printing.render_blank(ctx, "member_withdrawal", plain, user_forms_dir=None)
    assert "IPAexMincho" in _font_names(plain)
    # A Gothic file as the Mincho face: every 明朝 text then comes out in IPAexGothic.
    save_print_settings(
        ctx, PrintSettings(mincho_font=str(IPAEX_GOTHIC), gothic_font=str(IPAEX_GOTHIC))
    )
    configured = tmp_path / "configured.pdf"
    printing.render_blank(ctx, "member_withdrawal", configured, user_forms_dir=None)
    names = _font_names(configured)
    assert "IPAexGothic" in names
    assert "IPAexMincho" not in names
    assert "テスト町勤労者互助会" in _text(configured)


@pytest.fixture
def member_with_account(ctx, society) -> str:
    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    member = join_member(
        ctx,
        MemberInput(name="口座 太郎", name_kana="コウザ タロウ", bank_code="0001",
                    branch_code="123", account_type="1", account_number="1234567",
                    account_holder_kana="コウザ タロウ"),
        est.id,
        dt.date(2025, 4, 1),
    )  # fmt: skip
    return member.number


def test_account_numbers_are_masked_unless_the_society_says_otherwise(
    ctx, member_with_account: str, tmp_path: Path
) -> None:
    masked = tmp_path / "masked.pdf"
    printing.render_member_forms(
        ctx, "benefit_decision", [member_with_account], masked, user_forms_dir=None
    )
    assert "****567" in _text(masked)
    assert "1234567" not in _text(masked)
    save_print_settings(ctx, PrintSettings(mask_accounts=False))
    full = tmp_path / "full.pdf"
    printing.render_member_forms(
        ctx, "benefit_decision", [member_with_account], full, user_forms_dir=None
    )
    assert "1234567" in _text(full)


def _receipt(ctx, out: Path, amount: int) -> str:
    values = printing.receipt_values(
        number="R7-0001", issued=dt.date(2025, 6, 15), payer="福島商事", amount=amount,
        purpose="会費", reissue=False, stamp_box_setting=True,
    )  # fmt: skip
    printing.render_records(ctx, "receipt", [values], out, user_forms_dir=None)
    return _text(out)


def test_the_stamp_box_follows_the_stored_setting(ctx, society, tmp_path: Path) -> None:
    assert "収入印紙" not in _receipt(ctx, tmp_path / "off.pdf", 60_000)
    save_print_settings(ctx, PrintSettings(stamp_box=True))
    assert "収入印紙" in _receipt(ctx, tmp_path / "on.pdf", 60_000)
    assert "収入印紙" in _receipt(ctx, tmp_path / "edge.pdf", 50_000)
    assert "収入印紙" not in _receipt(ctx, tmp_path / "small.pdf", 49_999)


def test_the_test_page_is_moved_by_the_printer_offset(tmp_path: Path) -> None:
    plain, moved = tmp_path / "plain.pdf", tmp_path / "moved.pdf"
    render_test_page(PrintSettings(), plain, on=dt.date(2025, 6, 15))
    settings = PrintSettings(printers=(PrinterSetting("窓口", PrinterOffset(5.0, 3.0, 1.0)),))
    assert render_test_page(settings, moved, printer="窓口") == PrinterOffset(5.0, 3.0, 1.0)
    text = _text(moved)
    assert "試し印刷" in text
    assert "窓口" in text
    assert "横 +5.0 mm" in text
    (x0, y0), (x1, y1) = _position(plain, "試し印刷"), _position(moved, "試し印刷")
    assert x1 - x0 == pytest.approx(5 * MM, abs=0.05)
    assert y0 - y1 == pytest.approx(3 * MM, abs=0.05)  # down on paper


def test_cli_print_bakes_in_the_stored_offset(
    ctx, society, cli_user, db_url: str, tmp_path: Path
) -> None:
    save_print_settings(
        ctx,
        PrintSettings(printers=(
            PrinterSetting("*", PrinterOffset(4.0, 0.0, 1.0)),
            PrinterSetting("窓口", PrinterOffset(0.0, 6.0, 1.0)),
        )),
    )  # fmt: skip
    ctx.database.dispose()
    outs = {}
    for name, extra in (
        ("none", ["--offset-x", "0"]),
        ("all", []),
        ("window", ["--printer", "窓口"]),
    ):
        outs[name] = tmp_path / f"{name}.pdf"
        argv = [
            "print",
            "member_withdrawal",
            "--blank",
            "--db",
            db_url,
            "--out",
            str(outs[name]),
        ]
        assert main([*argv, *extra]) == 0
    base = _position(outs["none"], "テスト町勤労者互助会")
    every = _position(outs["all"], "テスト町勤労者互助会")
    window = _position(outs["window"], "テスト町勤労者互助会")
    assert every[0] - base[0] == pytest.approx(4 * MM, abs=0.05)
    assert base[1] - window[1] == pytest.approx(6 * MM, abs=0.05)


def test_configured_font_becomes_the_default_of_lists_after_opening(
    ctx, society, db_url, tmp_path
) -> None:
    """Lists, labels and reports take the 印刷設定 fonts too, not only the forms."""
    import glob

    from gojokai_desktop.printing import fonts as fonts_module
    from gojokai_desktop.services.maintenance import open_database
    from gojokai_desktop.services.print_settings import (
        PrintSettings,
        load_print_settings,
        save_print_settings,
    )

    gothic = sorted(glob.glob("/usr/share/fonts/**/ipaexg.ttf", recursive=True))
    if not gothic:
        pytest.skip("IPAex Gothic is not installed")
    try:
        save_print_settings(ctx, PrintSettings(mincho_font=gothic[0], gothic_font=gothic[0]))
        fonts_module.use_society_fonts(None)
        opened = open_database(db_url, None, lock=False)
        opened.close()
        default = fonts_module.default_fonts()
        assert default.mincho.startswith("GojokaiUserMincho-")
        assert default.mincho_source == load_print_settings(ctx).mincho_font
    finally:
        fonts_module.use_society_fonts(None)
