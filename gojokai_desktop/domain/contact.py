"""Postal codes and phone numbers: read what clerks type, store one normal form.

Phone numbers (decision): the user's hyphens are kept when they split the number in a valid
way; otherwise the number is grouped by a simple rule that needs no area-code table:

* 11 digits: 090/080/070/060/050/020 → ``090-1234-5678``; 0800 (free dial) → ``0800-123-4567``.
* 10 digits: 0120/0570/0990 → ``0120-123-456``; 03 and 06 → ``03-1234-5678``;
  any other area → ``024-521-1234`` (3-3-4). Areas with 4- or 5-digit codes (0242-22-1234)
  come out 3-3-4 unless typed with their hyphens, which are then kept.
"""

from __future__ import annotations

import re
import unicodedata

from gojokai_desktop.domain.errors import ValidationError

_DASHES = str.maketrans(dict.fromkeys("ー−‐‑–—―ｰ", "-"))
_POSTAL_RE = re.compile(r"〒?(\d{3})-?(\d{4})")
_POSTAL_EXAMPLE = "7桁の数字で入力してください（例: 960-8101）"
_PHONE_EXAMPLE = "例: 024-521-1234、090-1234-5678"
_PHONE_CHARS_RE = re.compile(r"\+?[\d-]+")

_MOBILE_PREFIXES = ("090", "080", "070", "060", "050", "020")
_ELEVEN_DIGIT_PREFIXES = (*_MOBILE_PREFIXES, "0800")
_SPECIAL_10_PREFIXES = ("0120", "0570", "0990")


_SEPARATORS_RE = re.compile(r"[()\s]+")
_DASH_RUNS_RE = re.compile(r"-{2,}")


def normalize_postal_code(text: str, field: str = "郵便番号") -> str:
    """``NNN-NNNN`` from ``1234567``, ``123-4567``, ``〒123-4567``, full-width, ``123ー4567``."""
    normalized = "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split())
    match = _POSTAL_RE.fullmatch(normalized)
    if match is None:
        shown = text.strip()
        what = f"「{shown}」は郵便番号として読めません。" if shown else f"{field}を"
        raise ValidationError(f"{what}{_POSTAL_EXAMPLE}", field)
    return f"{match[1]}-{match[2]}"


def _phone_digits(text: str, field: str) -> tuple[str, list[str]]:
    """The digits of a phone number and the groups the user separated them into."""
    normalized = unicodedata.normalize("NFKC", text).translate(_DASHES)
    normalized = _SEPARATORS_RE.sub("-", normalized.strip()).strip("-")
    normalized = _DASH_RUNS_RE.sub("-", normalized)
    if not _PHONE_CHARS_RE.fullmatch(normalized):
        raise ValidationError(
            f"「{text.strip()}」は電話番号として読めません"
            f"（数字とハイフンで入力してください。{_PHONE_EXAMPLE}）",
            field,
        )
    if normalized.startswith("+"):
        if not normalized.startswith("+81"):
            raise ValidationError(
                f"「{text.strip()}」: 日本の電話番号を0から入力してください（{_PHONE_EXAMPLE}）",
                field,
            )
        normalized = "0" + normalized[3:].lstrip("-").removeprefix("0")
    groups = normalized.split("-")
    return "".join(groups), groups


def _default_groups(digits: str) -> list[int]:
    if len(digits) == 11:
        return [4, 3, 4] if digits.startswith("0800") else [3, 4, 4]
    if digits.startswith(_SPECIAL_10_PREFIXES):
        return [4, 3, 3]
    if digits.startswith(("03", "06")):
        return [2, 4, 4]
    return [3, 3, 4]


def _typed_groups_valid(digits: str, groups: list[str]) -> bool:
    if len(groups) != 3:
        return False
    sizes = [len(group) for group in groups]
    if len(digits) == 11:
        return sizes == _default_groups(digits)
    if digits.startswith(_SPECIAL_10_PREFIXES):
        return sizes[0] == 4 and sizes[2] >= 3
    return 2 <= sizes[0] <= 5 and sizes[1] >= 1 and sizes[2] == 4


def _check_length(digits: str, shown: str, field: str) -> None:
    eleven = digits.startswith(_ELEVEN_DIGIT_PREFIXES)
    if len(digits) not in {10, 11}:
        expected = "11桁" if eleven else "市外局番から10桁（携帯電話は11桁）"
        raise ValidationError(
            f"「{shown}」は{len(digits)}桁です（{expected}で入力してください）", field
        )
    if len(digits) == 11 and not eleven:
        raise ValidationError(
            f"「{shown}」は1桁多すぎます（固定電話は市外局番から10桁。"
            "11桁は090・080・070・050・0800などで始まる番号です）",
            field,
        )
    if len(digits) == 10 and eleven:
        raise ValidationError(
            f"「{shown}」は1桁足りません（{digits[:3]}で始まる番号は11桁です。例: 090-1234-5678）",
            field,
        )


def normalize_phone(text: str, field: str = "電話番号") -> str:
    """A hyphenated phone number (see the module docstring); empty input gives ``""``."""
    if not text.strip():
        return ""
    digits, groups = _phone_digits(text, field)
    if not digits.startswith("0") or digits.startswith("00"):
        raise ValidationError(
            f"「{text.strip()}」: 市外局番の0から入力してください（{_PHONE_EXAMPLE}）",
            field,
        )
    _check_length(digits, text.strip(), field)
    if _typed_groups_valid(digits, groups):
        return "-".join(groups)
    parts: list[str] = []
    start = 0
    for size in _default_groups(digits):
        parts.append(digits[start : start + size])
        start += size
    return "-".join(parts)
