"""Tests of postal-code and phone-number normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.contact import normalize_phone, normalize_postal_code
from gojokai_desktop.domain.errors import ValidationError


@pytest.mark.parametrize(
    "text",
    [
        "9608101",
        "960-8101",
        "〒960-8101",
        "〒 960-8101",
        "〒9608101",
        "９６０８１０１",
        "９６０－８１０１",
        "960ー8101",
        "960−8101",
        " 960 - 8101 ",
    ],
)
def test_postal_code_accepts(text: str) -> None:
    assert normalize_postal_code(text) == "960-8101"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "郵便番号を7桁の数字で入力してください（例: 960-8101）"),
        (
            "96081",
            "「96081」は郵便番号として読めません。7桁の数字で入力してください（例: 960-8101）",
        ),
        ("96-08101", "「96-08101」は郵便番号として読めません。"),
        ("96081012", "「96081012」は郵便番号として読めません。"),
        ("960-810a", "「960-810a」は郵便番号として読めません。"),
        ("960--8101", "「960--8101」は郵便番号として読めません。"),
    ],
)
def test_postal_code_rejects(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_postal_code(text)
    assert info.value.message.startswith(message)
    assert info.value.field == "郵便番号"


@given(st.from_regex(r"\A[0-9]{7}\Z"))
def test_postal_code_round_trips(digits: str) -> None:
    normal = normalize_postal_code(digits)
    assert normal == f"{digits[:3]}-{digits[3:]}"
    assert normalize_postal_code(normal) == normal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no hyphens: the default grouping
        ("0245211234", "024-521-1234"),
        ("0312345678", "03-1234-5678"),
        ("0612345678", "06-1234-5678"),
        ("09012345678", "090-1234-5678"),
        ("08012345678", "080-1234-5678"),
        ("07012345678", "070-1234-5678"),
        ("05012345678", "050-1234-5678"),
        ("0120123456", "0120-123-456"),
        ("0570123456", "0570-123-456"),
        ("08001234567", "0800-123-4567"),
        ("0242221234", "024-222-1234"),
        # valid hyphens are kept
        ("024-521-1234", "024-521-1234"),
        ("0242-22-1234", "0242-22-1234"),
        ("02426-2-1234", "02426-2-1234"),
        ("03-1234-5678", "03-1234-5678"),
        ("0120-12-3456", "0120-12-3456"),
        ("0120-123-456", "0120-123-456"),
        # wrong hyphens are replaced by the default
        ("03-12-345678", "03-1234-5678"),
        ("0312-345678", "03-1234-5678"),
        ("090-12345678", "090-1234-5678"),
        ("0901-234-5678", "090-1234-5678"),
        ("024521-1234", "024-521-1234"),
        # other separators and widths
        ("03(1234)5678", "03-1234-5678"),
        ("(03)1234-5678", "03-1234-5678"),
        ("03 1234 5678", "03-1234-5678"),
        ("０３－１２３４－５６７８", "03-1234-5678"),
        ("０９０ー１２３４ー５６７８", "090-1234-5678"),
        ("（０２４）５２１－１２３４", "024-521-1234"),
        ("+81 90 1234 5678", "090-1234-5678"),
        ("+81-3-1234-5678", "03-1234-5678"),
        ("+81(0)3-1234-5678", "03-1234-5678"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_accepts(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "「abc」は電話番号として読めません（数字とハイフンで入力してください。"),
        ("03-1234-5678 内線12", "「03-1234-5678 内線12」は電話番号として読めません"),
        ("5211234", "「5211234」: 市外局番の0から入力してください"),
        ("0012345678", "「0012345678」: 市外局番の0から入力してください"),
        ("+1 555 123 4567", "「+1 555 123 4567」: 日本の電話番号を0から入力してください"),
        ("024-521-123", "「024-521-123」は9桁です（市外局番から10桁（携帯電話は11桁）で入力"),
        ("090123456789", "「090123456789」は12桁です（11桁で入力してください）"),
        ("03123456789", "「03123456789」は1桁多すぎます（固定電話は市外局番から10桁。"),
        ("0901234567", "「0901234567」は1桁足りません（090で始まる番号は11桁です。"),
        ("0800123456", "「0800123456」は1桁足りません（080で始まる番号は11桁です。"),
    ],
)
def test_phone_rejects(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_phone(text, "事業所電話番号")
    assert info.value.message.startswith(message)
    assert info.value.field == "事業所電話番号"


@given(
    st.sampled_from(["090", "080", "070", "050"]).flatmap(
        lambda prefix: st.from_regex(rf"\A{prefix}[0-9]{{8}}\Z")
    )
    | st.from_regex(r"\A0[1-9][1-9][0-9]{7}\Z")
)
def test_phone_normal_form_is_stable(digits: str) -> None:
    try:
        normal = normalize_phone(digits)
    except ValidationError:
        assert digits.startswith(("0120", "0570", "0990", "090", "080", "070", "050", "060", "020"))
        return
    assert normal.replace("-", "") == digits
    assert normal.count("-") == 2
    assert normalize_phone(normal) == normal
