"""The yen, フリガナ and postal-code fields: thin ValidatedLineEdits over the domain parsers."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget

from gojokai_desktop.domain.contact import normalize_postal_code
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.kana import validate_furigana
from gojokai_desktop.domain.yen import format_yen, parse_yen
from gojokai_desktop.ui.widgets.validated_edit import ValidatedLineEdit


def _direct_input(edit: ValidatedLineEdit) -> None:
    """Digits-only fields: the IME stays off, so the clerk types half-width straight away."""
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)


class YenEdit(ValidatedLineEdit):
    """An amount of yen: accepts ``1234``, ``１，２３４``, ``￥1,234``, ``△500``; shows ``1,234``.

    Negative amounts are refused unless ``allow_negative`` is set.
    """

    default_field = "金額"

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        field: str = "",
        required: bool = False,
        allow_negative: bool = False,
    ) -> None:
        super().__init__(parent, field=field, required=required)
        self._allow_negative = allow_negative
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0")
        self.setHint("円単位で入力（例: 1234、1,234）")
        _direct_input(self)

    def parse(self, text: str) -> object:
        amount = parse_yen(text, self.field())
        if amount < 0 and not self._allow_negative:
            raise ValidationError(
                f"{self.field()}にマイナスの金額は入力できません（0以上で入力してください）",
                self.field(),
            )
        return amount

    def display(self, value: object) -> str:
        assert isinstance(value, int)
        return format_yen(value)

    def value(self) -> int | None:
        """The accepted amount, or ``None`` when empty or not yet valid."""
        value = self._value
        return value if isinstance(value, int) else None

    def setValue(self, value: int | None) -> None:
        self._set_value(value)


class _TextValueEdit(ValidatedLineEdit):
    """A field whose value is its normalised text."""

    def display(self, value: object) -> str:
        return str(value)

    def value(self) -> str | None:
        """The accepted text in normal form, or ``None`` when empty or not yet valid."""
        value = self._value
        return value if isinstance(value, str) else None

    def setValue(self, value: str | None) -> None:
        self._set_value(value or None)


class KanaEdit(_TextValueEdit):
    """フリガナ: hiragana and half-width kana become full-width katakana (``ヤマダ　タロウ``)."""

    default_field = "フリガナ"

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "", required: bool = False
    ) -> None:
        super().__init__(parent, field=field, required=required)
        self.setPlaceholderText("ヤマダ　タロウ")
        self.setHint("カタカナで入力（ひらがな・半角カナは全角カタカナに直ります）")

    def parse(self, text: str) -> object:
        return validate_furigana(text, self.field())


class PostalCodeEdit(_TextValueEdit):
    """A postal code: ``9608101``, ``〒960-8101``, full-width … shown as ``960-8101``."""

    default_field = "郵便番号"

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "", required: bool = False
    ) -> None:
        super().__init__(parent, field=field, required=required)
        self.setPlaceholderText("960-8101")
        self.setHint("7桁の数字（ハイフンはあってもなくても）")
        _direct_input(self)

    def parse(self, text: str) -> object:
        return normalize_postal_code(text, self.field())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance("〒000-00000") + 24)
        return hint
