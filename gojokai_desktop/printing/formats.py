"""Field formats of the templates: era dates, yen, postal codes, kana, masked accounts."""

from __future__ import annotations

import unicodedata
from datetime import date

from gojokai_desktop.domain.contact import normalize_postal_code
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.kana import hiragana_to_katakana
from gojokai_desktop.domain.wareki import (
    blank_wareki,
    format_wareki,
    format_wareki_short,
)
from gojokai_desktop.domain.yen import format_report_yen, format_yen

# How many trailing digits of an account number stay readable on paper that leaves the office.
VISIBLE_ACCOUNT_DIGITS = 3


def mask_account(number: str) -> str:
    """``1234567`` → ``****567``: enough to recognise the account, not enough to use it."""
    digits = number.strip()
    if len(digits) <= VISIBLE_ACCOUNT_DIGITS:
        return digits
    return "*" * (len(digits) - VISIBLE_ACCOUNT_DIGITS) + digits[-VISIBLE_ACCOUNT_DIGITS:]


def format_postal(code: str) -> str:
    """``9608670`` or ``９６０－８６７０`` → ``960-8670``; anything else is printed as stored."""
    try:
        return normalize_postal_code(code)
    except ValidationError:
        return code


def blank_value(fmt: str) -> str:
    """What a blank form shows in a field of this format: the guide a hand fills in."""
    if fmt in ("era_date", "era_date_weekday"):
        return blank_wareki()
    if fmt == "postal":
        return "　　　－　　　　"
    return ""


def format_value(value: object, fmt: str) -> str:
    """Format a DTO value for print; ``None`` and empty values print as nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return _format_date(value, fmt)
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, int):
        return _format_int(value, fmt)
    text = str(value)
    if fmt == "postal":
        return format_postal(text)
    if fmt == "kana":
        return hiragana_to_katakana(unicodedata.normalize("NFKC", text))
    if fmt == "account_masked":
        return mask_account(text)
    return text


def _format_date(value: date, fmt: str) -> str:
    if fmt == "era_date_weekday":
        return format_wareki(value, weekday=True)
    if fmt == "era_date_short":
        return format_wareki_short(value)
    return format_wareki(value)


def _format_int(value: int, fmt: str) -> str:
    if fmt == "yen":
        return format_yen(value)
    if fmt == "yen_symbol":
        return format_yen(value, symbol=True)
    if fmt == "report_yen":
        return format_report_yen(value)
    if fmt == "number":
        return f"{value:,}"
    return str(value)
