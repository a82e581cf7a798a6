"""Tests of kana handling: search keys, index rows, フリガナ validation, half-width bank kana."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.kana import (
    KANA_ROWS,
    hiragana_to_katakana,
    kana_row,
    normalize_for_search,
    to_halfwidth_katakana,
    validate_furigana,
)


@pytest.mark.parametrize(
    "text",
    ["やまだ　たろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ", " ヤマダ  タロウ ", "やまだタロウ", "ﾔﾏﾀﾞ\tﾀﾛｳ"],
)
def test_search_key_is_the_same_for_every_spelling(text: str) -> None:
    assert normalize_for_search(text) == "ヤマダタロウ"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ｇｏｊｏ kai", "GOJOKAI"),
        ("山田　太郎", "山田太郎"),
        ("ﾊﾟﾝ", "パン"),
        ("ゔぃ", "ヴィ"),
        ("１２３", "123"),
        ("", ""),
    ],
)
def test_search_key_table(text: str, key: str) -> None:
    assert normalize_for_search(text) == key


def test_hiragana_to_katakana() -> None:
    assert hiragana_to_katakana("ぁあいうゔゕゖゝゞ漢字abcー") == "ァアイウヴヵヶヽヾ漢字abcー"
    assert hiragana_to_katakana("カタカナ") == "カタカナ"


def test_hiragana_to_katakana_changes_hiragana_only_in_any_text() -> None:
    """Every character of the Basic Multilingual Plane, alone and inside other text: only
    ぁ…ゖ and ゝゞ change (the shortcut for text without hiragana changes nothing)."""
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates are not characters
        char = chr(code)
        hiragana = 0x3041 <= code <= 0x3096 or code in (0x309D, 0x309E)
        expected = chr(code + 0x60) if 0x3041 <= code <= 0x3096 else char
        if code in (0x309D, 0x309E):
            expected = chr(code + 0x60)
        assert hiragana_to_katakana(char) == expected, hex(code)
        assert hiragana_to_katakana(f"山{char}ヤ1") == f"山{expected}ヤ1"
        assert (hiragana_to_katakana(char) != char) == hiragana


def test_kana_rows() -> None:
    assert KANA_ROWS == ("ア", "カ", "サ", "タ", "ナ", "ハ", "マ", "ヤ", "ラ", "ワ")


@pytest.mark.parametrize(
    ("kana", "row"),
    [
        ("アオキ", "ア"),
        ("ァ", "ア"),
        ("ヴ", "ア"),
        ("ウエダ", "ア"),
        ("カトウ", "カ"),
        ("ガ", "カ"),
        ("ヶ", "カ"),
        ("ゴトウ", "カ"),
        ("ザ", "サ"),
        ("ジ", "サ"),
        ("ソ", "サ"),
        ("タナカ", "タ"),
        ("ッ", "タ"),
        ("ヅ", "タ"),
        ("ド", "タ"),
        ("ナ", "ナ"),
        ("ノ", "ナ"),
        ("ハ", "ハ"),
        ("バ", "ハ"),
        ("パ", "ハ"),
        ("ポ", "ハ"),
        ("マ", "マ"),
        ("モ", "マ"),
        ("ャ", "ヤ"),
        ("ヨ", "ヤ"),
        ("ラ", "ラ"),
        ("ロ", "ラ"),
        ("ワ", "ワ"),
        ("ヲ", "ワ"),
        ("ン", "ワ"),
        ("ヮ", "ワ"),
        ("やまだ", "ヤ"),
        ("がっこう", "カ"),
        ("ぱ", "ハ"),
        ("ｶﾞ", "カ"),
        ("ﾊﾟ", "ハ"),
        ("ｱ", "ア"),
        ("ｦ", "ワ"),
        ("　サトウ", "サ"),
        ("山田", "他"),
        ("abc", "他"),
        ("1", "他"),
        ("ー", "他"),
        ("", "他"),
    ],
)
def test_kana_row(kana: str, row: str) -> None:
    assert kana_row(kana) == row


def test_every_katakana_has_a_row() -> None:
    for code in range(ord("ァ"), ord("ヺ") + 1):
        assert kana_row(chr(code)) in KANA_ROWS, chr(code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ヤマダ　タロウ", "ヤマダ　タロウ"),
        ("やまだ たろう", "ヤマダ　タロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),
        ("  ﾔﾏﾀﾞ    ﾀﾛｳ  ", "ヤマダ　タロウ"),
        ("ヤマダ　　　タロウ", "ヤマダ　タロウ"),
        ("ヤマダタロウ", "ヤマダタロウ"),
        ("スミス・ジョン", "スミス・ジョン"),
        ("ｽﾐｽ･ｼﾞｮﾝ", "スミス・ジョン"),
        ("ｺｰﾋｰ", "コーヒー"),
        ("ｺ-ﾋ-", "コーヒー"),
        ("サヽキ", "サヽキ"),
        ("ヴァイオリン", "ヴァイオリン"),
        ("", ""),
        ("　 ", ""),
    ],
)
def test_validate_furigana_accepts(text: str, expected: str) -> None:
    assert validate_furigana(text) == expected


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("山田　タロウ", "山"),
        ("ヤマダ　太郎", "太"),
        ("ヤマダA", "A"),
        ("ヤマダＡ", "A"),
        ("ヤマダ1", "1"),
        ("ヤマダ。", "。"),
        ("ヤマダ(タロウ)", "("),
    ],
)
def test_validate_furigana_rejects(text: str, bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_furigana(text, "会員フリガナ")
    assert info.value.message == (
        f"「{bad}」は会員フリガナに使えません（カタカナで入力してください。例: ヤマダ　タロウ）"
    )
    assert info.value.field == "会員フリガナ"


@given(st.text())
def test_validate_furigana_output_is_clean(text: str) -> None:
    try:
        result = validate_furigana(text)
    except ValidationError:
        return
    assert result == result.strip()
    assert "  " not in result
    assert "　　" not in result
    assert " " not in result
    assert all("ァ" <= c <= "ヾ" or c == "　" for c in result)
    assert validate_furigana(result) == result


@pytest.mark.parametrize(
    ("text", "half"),
    [
        ("ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("ガギグゲゴ", "ｶﾞｷﾞｸﾞｹﾞｺﾞ"),
        ("パピプペポ", "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"),
        ("ヴ", "ｳﾞ"),
        ("ァィゥェォッャュョ", "ｧｨｩｪｫｯｬｭｮ"),
        ("ヲン", "ｦﾝ"),
        ("ー・「」。、", "ｰ･｢｣｡､"),
        ("ヰヱヮヵヶ", "ｲｴﾜｶｹ"),
        ("ヷヸヹヺ", "ﾜﾞｲﾞｴﾞｦﾞ"),
        ("ＡＢＣ１２３（）", "ABC123()"),
        ("とうほくろうきん", "ﾄｳﾎｸﾛｳｷﾝ"),
        ("ﾄｳﾎｸ", "ﾄｳﾎｸ"),
        ("福島支店", "福島支店"),
    ],
)
def test_to_halfwidth_katakana(text: str, half: str) -> None:
    assert to_halfwidth_katakana(text) == half


def test_halfwidth_round_trips_every_katakana_through_nfkc() -> None:
    for code in range(ord("ァ"), ord("ヺ") + 1):
        char = chr(code)
        if char in "ヰヱヮヵヶヸヹ":  # no half-width form; approximated
            continue
        assert unicodedata.normalize("NFKC", to_halfwidth_katakana(char)) == char
