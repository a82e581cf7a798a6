"""The establishment's bank account (for benefits paid through the establishment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
    get_establishment,
    list_establishments,
    update_establishment,
)

D = dt.date
SHOJI = EstablishmentInput(
    name="福島商事",
    bank_code="０１２６",  # full-width, as typed with the IME on
    branch_code="101",
    account_type="2",
    account_number="4567",
    account_holder_kana="フクシマショウジ（カ",
)


def test_account_is_saved_cleaned_and_read_back(ctx, society) -> None:
    row = create_establishment(ctx, SHOJI, D(2020, 4, 1))
    data = get_establishment(ctx, row.id).data
    assert (data.bank_code, data.branch_code, data.account_type) == ("0126", "101", "2")
    assert data.account_number == "0004567"  # Zengin numbers are 7 digits
    assert data.account_holder_kana == "フクシマショウジ（カ"
    assert list_establishments(ctx)[0].data.account_number == "0004567"
    changed = update_establishment(ctx, row.id, replace(data, account_type="1"))
    assert changed.data.account_type == "1"
    cleared = update_establishment(
        ctx,
        row.id,
        replace(data, bank_code="", branch_code="", account_type=None, account_number=""),
    )
    assert (cleared.data.bank_code, cleared.data.account_type) == ("", None)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"bank_code": "126"}, "銀行コード", "「126」は4桁の数字で入力してください。"),
        ({"branch_code": "1O1"}, "支店コード", "「1O1」は数字だけで入力してください。"),
        ({"account_number": "12345678"}, "口座番号", "「12345678」は7桁以内で入力してください。"),
        ({"account_type": "4"}, "口座種別", "普通か当座を選んでください。"),
    ],
)
def test_a_wrong_account_is_refused_naming_the_field(
    ctx, society, change: dict[str, str], field: str, message: str
) -> None:
    row = create_establishment(ctx, EstablishmentInput(name="福島商事"), D(2020, 4, 1))
    with pytest.raises(ValidationError) as refused:
        update_establishment(ctx, row.id, replace(SHOJI, **change))  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.message) == (field, message)
    assert get_establishment(ctx, row.id).data.bank_code == ""  # nothing half-written
    with pytest.raises(ValidationError):
        create_establishment(ctx, replace(SHOJI, **change), D(2020, 4, 1))  # type: ignore[arg-type]
    assert len(list_establishments(ctx)) == 1
