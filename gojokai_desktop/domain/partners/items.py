"""Promotion items (推進項目): units, how results are counted, figures as typed, targets.

Figures are counts or amounts in the item's unit (件, 口, 千円, 会員, 回, 人): whole numbers,
never negative. A target copied from last year with a percentage change is rounded half-up
to a whole number.
"""

from __future__ import annotations

import re
import unicodedata

from gojokai_desktop.domain.errors import ValidationError

UNITS = ("件", "口", "千円", "会員", "回", "人")
#: How an item's results come in: typed or imported from the partner's statement, or counted
#: from the enrolments of members the society records.
SOURCES: dict[str, str] = {"entry": "入力・取り込み", "enrolments": "会員の加入から集計"}
MAX_FIGURE = 999_999_999_999
_FIGURE = re.compile(r"^([-−‐△▲+])?([0-9][0-9,]*)(?:\.0+)?(件|口|千円|会員|回|人|台|名)?$")
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+$|^[0-9]+$")
_PERCENT = re.compile(r"^([-−‐△▲+])?([0-9]{1,4})(?:\.([0-9]))?%?$")
#: Words that mark a total line of a partner's sheet: such lines are skipped, not imported.
TOTAL_LABELS = frozenset({"合計", "小計", "計", "総計", "累計", "合 計", "小 計", "総合計"})
_SEPARATORS = re.compile(r"[\s・/／:：\-‐－()（）「」【】]")


def check_unit(unit: str) -> str:
    if unit not in UNITS:
        raise ValidationError(f"単位は {'・'.join(UNITS)} のどれかです。", "単位")
    return unit


def check_source(source: str) -> str:
    if source not in SOURCES:
        raise ValidationError(
            "集計方法は「入力・取り込み」か「会員の加入から集計」です。", "集計方法"
        )
    return source


def check_figure(value: int, field: str) -> int:
    """A figure as stored: an int from 0 up."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("整数で入力してください。", field)
    if value < 0:
        raise ValidationError(
            f"マイナス（{value:,}）は入力できません。0以上で入力してください。", field
        )
    if value > MAX_FIGURE:
        raise ValidationError("大きすぎます（12桁まで）。", field)
    return value


def parse_figure(text: object, field: str = "実績") -> int:
    """A count or amount as typed or read from a workbook: ``1,234``, ``１２件``, ``12.0``.

    A minus sign (``-``, ``△``, ``▲``), a fraction or anything else is refused naming the field.
    """
    if isinstance(text, bool):
        raise ValidationError(f"「{text}」は数として読めません。", field)
    if isinstance(text, int):
        return check_figure(text, field)
    if isinstance(text, float):
        if not text.is_integer():
            raise ValidationError(f"「{text}」: 小数は入力できません（整数で）。", field)
        return check_figure(int(text), field)
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if not raw:
        raise ValidationError("数を入力してください（例: 1,234）。", field)
    match = _FIGURE.match(raw)
    if match is None:
        if re.fullmatch(r"[-−‐△▲+]?[0-9,]*\.[0-9]+", raw):
            raise ValidationError(f"「{raw}」: 小数は入力できません（整数で）。", field)
        raise ValidationError(f"「{raw}」は数として読めません（例: 1,234）。", field)
    sign, body = match[1], match[2]
    if not _GROUPED.match(body):
        raise ValidationError(f"「{raw}」はカンマの位置が違います（例: 1,234）。", field)
    value = int(body.replace(",", ""))
    if sign and sign != "+" and value:
        raise ValidationError(
            f"「{raw}」: マイナスの実績は入力できません。0以上で入力してください。", field
        )
    return check_figure(value, field)


def parse_percent(text: str, field: str = "増減率") -> int:
    """A percentage change in tenths of a percent: ``5`` → 50, ``-2.5`` → -25, ``△3%`` → -30."""
    raw = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    match = _PERCENT.match(raw or "0")
    if match is None:
        raise ValidationError(f"「{text}」は増減率として読めません（例: 5、-2.5、△3）。", field)
    tenths = int(match[2]) * 10 + int(match[3] or 0)
    if match[1] and match[1] != "+":
        tenths = -tenths
    if tenths < -1000:
        raise ValidationError("−100%より小さくはできません。", field)
    return tenths


def scale_target(target: int, percent_tenths: int) -> int:
    """Last year's target changed by ``percent_tenths`` (‰ of a percent), rounded half-up."""
    check_figure(target, "目標")
    factor = 1000 + percent_tenths
    if factor < 0:
        raise ValueError("a target cannot shrink below zero")
    return (2 * target * factor + 1000) // 2000


def match_key(text: str) -> str:
    """How an item or establishment name is compared: NFKC, no spaces or separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).lower()


def is_total_label(text: str) -> bool:
    """Whether a row's label names a total line (合計, 小計, 計)."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("　", "") in {
        label.replace(" ", "") for label in TOTAL_LABELS
    }
