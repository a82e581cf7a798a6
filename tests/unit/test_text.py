"""Free-text fields: trimmed, required, limited, with the field named in the message."""

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.text import clean_text


def test_text_is_trimmed() -> None:
    assert clean_text("  山田商店　", "事業所名", 10) == "山田商店"


def test_required_text_must_not_be_blank() -> None:
    with pytest.raises(ValidationError) as raised:
        clean_text(" \u3000", "事業所名", 10, required=True)
    assert (raised.value.field, raised.value.message) == ("事業所名", "入力してください。")


def test_optional_text_may_be_blank() -> None:
    assert clean_text("   ", "備考", 10) == ""


def test_text_longer_than_its_column_is_refused_with_the_count() -> None:
    assert clean_text("あ" * 5, "氏名", 5) == "あああああ"
    with pytest.raises(ValidationError) as raised:
        clean_text("あ" * 6, "氏名", 5)
    assert raised.value.message == "5文字以内で入力してください（6文字）。"
