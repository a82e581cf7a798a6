"""Forms filled from the database; the society's own copy of a template wins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services import printing


@pytest.fixture
def members(ctx, society) -> list[str]:
    from gojokai_desktop.db.models import Establishment, FamilyMember, Member

    with ctx.unit_of_work("テストデータ") as uow:
        shop = Establishment(
            number=12,
            name="有限会社 テスト商店",
            join_date=dt.date(2020, 4, 1),
            address="福島県福島市本町1-1",
        )
        uow.session.add(shop)
        uow.session.flush()
        for number, name, sex in (("0012-001", "山田 一郎", "M"), ("0012-002", "佐藤 花子", "F")):
            member = Member(
                number=number,
                name=name,
                name_kana="ヤマダ イチロウ",
                kana_search="ヤマダイチロウ",
                sex=sex,
                birth_date=dt.date(1980, 6, 15),
                establishment_id=shop.id,
                join_date=dt.date(2021, 5, 1),
                account_type="1",
                account_number="1234567",
                bank_code="2951",
            )
            uow.session.add(member)
            uow.session.flush()
            uow.session.add(
                FamilyMember(
                    member_id=member.id,
                    relation="配偶者",
                    name="山田 恵子",
                    dependent=True,
                    from_date=dt.date(2021, 5, 1),
                )
            )
        uow.commit()
    return ["0012-002", "0012-001"]


def _text(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def test_member_forms_are_prefilled_from_the_database_in_the_order_asked(
    ctx, members: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "apps.pdf"
    seen: list[tuple[int, int]] = []
    result = printing.render_member_forms(
        ctx,
        "member_application",
        members,
        out,
        user_forms_dir=None,
        progress=lambda d, t: seen.append((d, t)),
    )
    pages = _text(out)
    assert result.records == 2
    assert len(pages) == 2
    assert "佐藤 花子" in pages[0]
    assert "山田 一郎" in pages[1]
    for text in pages:
        assert "テスト町勤労者互助会" in text
        assert "有限会社 テスト商店" in text
        assert "0012" in text
        assert "昭和55年6月15日" in text
        assert "令和3年5月1日" in text  # join date
        assert "令和7年6月15日" in text  # today's date on the application
    assert seen == [(1, 2), (2, 2)]


def test_family_form_lists_the_current_family(ctx, members: list[str], tmp_path: Path) -> None:
    out = tmp_path / "family.pdf"
    printing.render_member_forms(ctx, "家族登録届", members[:1], out, user_forms_dir=None)
    [text] = _text(out)
    assert "山田 恵子" in text
    assert "配偶者" in text


def test_unknown_member_number_is_refused(ctx, members: list[str], tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="9999-999"):
        printing.render_member_forms(
            ctx, "member_application", ["9999-999"], tmp_path / "x.pdf", user_forms_dir=None
        )


def test_cancelled_batch_writes_no_file(ctx, members: list[str], tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    result = printing.render_member_forms(
        ctx, "member_application", members, out, user_forms_dir=None, is_cancelled=lambda: True
    )
    assert result.cancelled
    assert not out.exists()


def test_blank_form_carries_the_society_header(ctx, society, tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    printing.render_blank(ctx, "member_withdrawal", out, user_forms_dir=None, copies=3)
    pages = _text(out)
    assert len(pages) == 3
    assert all("テスト町勤労者互助会" in p for p in pages)
    assert all("令和" in p for p in pages)


def test_users_copy_wins_over_the_shipped_template(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    copy = printing.copy_form_for_editing("receipt", forms)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("領　収　書", "領収証書"), encoding="utf-8"
    )
    assert printing.resolve_form_path("receipt", forms) == copy
    out = tmp_path / "r.pdf"
    printing.render_records(None, "receipt", [{"receipt.amount": 1000}], out, user_forms_dir=forms)
    assert "領収証書" in _text(out)[0]
    listed = {f.stem: f for f in printing.list_forms(forms)}
    assert listed["receipt"].user_copy
    assert not listed["cover_letter"].user_copy
    assert len(listed) == len(list(printing.shipped_forms_dir().glob("*.toml")))


def test_broken_user_copy_is_reported_by_check_and_left_out_of_the_list(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    copy = printing.copy_form_for_editing("receipt", forms)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace(
            'name = "receipt.payer"', 'name = "receipt.payee"'
        ),
        encoding="utf-8",
    )
    results = dict(printing.check_forms(printing.all_form_paths(forms)))
    error = results[copy]
    assert error is not None
    assert "receipt.payee" in str(error)
    assert "receipt.payer" in str(error)  # the suggestion
    shipped = len(list(printing.shipped_forms_dir().glob("*.toml")))
    assert sum(1 for e in results.values() if e is None) == shipped  # the shipped ones are fine
    assert "receipt" not in {f.stem for f in printing.list_forms(forms) if f.user_copy}


@pytest.mark.parametrize(
    ("amount", "setting", "expected"),
    [(49_999, True, False), (50_000, True, True), (120_000, False, False)],
)
def test_receipt_stamp_box_needs_the_setting_and_50000_yen(
    amount: int, setting: bool, expected: bool
) -> None:
    values = printing.receipt_values(
        number="1",
        issued=dt.date(2025, 4, 1),
        payer="X",
        amount=amount,
        purpose="会費",
        reissue=False,
        stamp_box_setting=setting,
    )
    assert values["receipt.stamp_box"] is expected


def test_unknown_form_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="receipt"):
        printing.load_form("no_such_form", None)
