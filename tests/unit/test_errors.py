"""Errors that name every field: Problems collects them, ValidationErrors carries them all."""

from __future__ import annotations

import pytest

from gojokai_desktop.domain.errors import (
    Problems,
    ValidationError,
    ValidationErrors,
    problems_of,
)


def _number(text: str) -> int:
    if not text.isdigit():
        raise ValidationError(f"「{text}」は数字で入力してください。", "金額")
    return int(text)


def test_one_problem_is_raised_as_itself() -> None:
    problems = Problems()
    assert problems.check(_number, "12") == 12
    assert problems.check(_number, "x") is None
    with pytest.raises(ValidationError) as error:
        problems.raise_if_any()
    assert not isinstance(error.value, ValidationErrors)
    assert str(error.value) == "金額: 「x」は数字で入力してください。"


def test_several_problems_are_raised_together_in_form_order() -> None:
    problems = Problems()
    problems.add("入力してください。", "氏名")
    problems.check(_number, "x")
    problems.add("入力してください。", "フリガナ")
    problems.add("二度目は数えません。", "氏名")  # a field keeps its first message
    with pytest.raises(ValidationErrors) as error:
        problems.raise_if_any()
    assert [(p.field, p.message) for p in problems_of(error.value)] == [
        ("氏名", "入力してください。"),
        ("金額", "「x」は数字で入力してください。"),
        ("フリガナ", "入力してください。"),
    ]
    assert (error.value.field, error.value.message) == ("氏名", "入力してください。")
    assert str(error.value).splitlines()[1] == "金額: 「x」は数字で入力してください。"


def test_nothing_wrong_raises_nothing() -> None:
    problems = Problems()
    problems.check(_number, "1")
    assert not problems
    problems.raise_if_any()
