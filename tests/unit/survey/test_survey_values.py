"""Answers by kind: what a clerk types or a file holds, and the mistakes named."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.survey.values import (
    compatible,
    decode_value,
    encode_value,
    format_value,
    parse_answer,
)

FIELD = "質問「x」（会員数）"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,234", 1234), ("１２３４", 1234), ("287人", 287), ("12 件", 12), ("△5", -5),
     ("-5", -5), (42, 42), ("￥1,000円", 1000), ("0", 0)],
)  # fmt: skip
def test_numbers_are_read_as_typed(raw: object, value: int) -> None:
    assert parse_answer("number", raw, field=FIELD, unit="人") == value
    assert parse_answer("yen", raw, field=FIELD) == value


@pytest.mark.parametrize(
    ("raw", "words"),
    [("たくさん", "数値の質問に「たくさん」と入っています"), ("1,23", "数値の質問"),
     (12.5, "小数 12.5"), (True, "true/false"), (dt.date(2025, 4, 1), "数値でない値")],
)  # fmt: skip
def test_text_in_a_number_question_is_refused(raw: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_answer("number", raw, field=FIELD)
    assert caught.value.field == FIELD
    assert words in caught.value.message


def test_a_yen_question_says_amount() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_answer("yen", "約10万", field=FIELD)
    assert "金額の質問に「約10万」" in caught.value.message


@pytest.mark.parametrize("raw", [5, 12.5, True, dt.date(2025, 4, 1)])
def test_a_number_in_a_text_question_is_refused(raw: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_answer("text", raw, field=FIELD)
    assert "文章の質問に数値・日付" in caught.value.message
    assert caught.value.field == FIELD


def test_text_keeps_its_lines_and_an_empty_answer_is_none() -> None:
    assert parse_answer("text", "一行目\n二行目  \n", field=FIELD) == "一行目\n二行目"
    assert parse_answer("text", "   ", field=FIELD) is None
    assert parse_answer("number", "", field=FIELD) is None
    assert parse_answer("date", None, field=FIELD) is None


def test_dates_are_read_in_every_form_clerks_type() -> None:
    for raw in ("R8.6.10", "令和8年6月10日", "2026-06-10", dt.date(2026, 6, 10)):
        assert parse_answer("date", raw, field=FIELD) == dt.date(2026, 6, 10)
    with pytest.raises(ValidationError) as caught:
        parse_answer("date", 20260610, field=FIELD)
    assert "日付の質問" in caught.value.message


def test_a_choice_must_be_one_of_the_choices() -> None:
    choices = ("はい", "いいえ", "ＡＢＣ")
    assert parse_answer("choice", " はい ", field=FIELD, choices=choices) == "はい"
    assert parse_answer("choice", "ABC", field=FIELD, choices=choices) == "ＡＢＣ"
    with pytest.raises(ValidationError) as caught:
        parse_answer("choice", "たぶん", field=FIELD, choices=choices)
    assert "「はい」、「いいえ」、「ＡＢＣ」から選んでください" in caught.value.message
    with pytest.raises(ValidationError):
        parse_answer("choice", 1, field=FIELD, choices=choices)


def test_numbers_fit_numbers_and_text_fits_text() -> None:
    assert compatible("number", "yen")
    assert compatible("yen", "number")
    assert compatible("choice", "text")
    assert compatible("date", "date")
    assert not compatible("text", "number")
    assert not compatible("number", "text")
    assert not compatible("date", "text")


def test_values_are_shown_the_japanese_way() -> None:
    assert format_value("yen", 1234567) == "1,234,567"
    assert format_value("number", -5) == "-5"
    assert format_value("date", dt.date(2026, 6, 10)) == "令和8年6月10日"
    assert format_value("text", None) == ""


@given(st.one_of(st.integers(-(10**12), 10**12), st.dates(dt.date(1900, 1, 1))))
def test_stored_values_come_back_as_they_were(value: int | dt.date) -> None:
    kind = "date" if isinstance(value, dt.date) else "yen"
    assert decode_value(kind, encode_value(value)) == value


def test_a_stored_value_of_a_changed_kind_is_read_as_text() -> None:
    assert decode_value("number", "特になし") == "特になし"
    assert decode_value("text", None) is None
