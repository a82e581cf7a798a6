"""Bank and branch names from their codes (全銀協の金融機関コード), from the zengin-code package.

The package is a maintained copy of the Zengin code list (updated monthly upstream); it is
read on first use. A code missing from the list is not an error here: banks merge and the
list on an office PC may be older than the member's passbook, so callers show the code alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from gojokai_desktop.domain.kana import normalize_for_search

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BankName:
    """A bank or branch: its code, name (漢字) and reading (カナ, as the bank list spells it)."""

    code: str
    name: str
    kana: str


@cache
def _banks() -> dict[str, Any]:
    try:
        from zengin_code import Bank
    except (ImportError, OSError, ValueError):  # a broken install: names stay blank
        log.exception("the bank-code list could not be read")
        return {}
    banks: dict[str, Any] = Bank.all
    return banks


def bank(code: str) -> BankName | None:
    """The bank with this 4-digit code, or None when the list does not know it."""
    found = _banks().get(code)
    return None if found is None else BankName(found.code, found.name, found.kana)


def branch(bank_code: str, branch_code: str) -> BankName | None:
    """The branch with this 3-digit code at the bank, or None."""
    found = _banks().get(bank_code)
    if found is None:
        return None
    hit = found.branches.get(branch_code)
    return None if hit is None else BankName(hit.code, hit.name, hit.kana)


def search_banks(text: str, limit: int = 20) -> list[BankName]:
    """Banks whose code starts with ``text`` or whose name or reading contains it."""
    key = normalize_for_search(text.strip())
    if not key:
        return []
    hits = []
    for code, found in _banks().items():
        name = normalize_for_search(found.name)
        kana = normalize_for_search(found.kana)
        if code.startswith(key) or key in name or key in kana:
            hits.append(BankName(code, found.name, found.kana))
            if len(hits) >= limit:
                break
    return hits


def search_branches(bank_code: str, text: str, limit: int = 20) -> list[BankName]:
    """Branches of a bank whose code starts with ``text`` or whose name contains it."""
    found = _banks().get(bank_code)
    key = normalize_for_search(text.strip())
    if found is None or not key:
        return []
    hits = []
    for code, hit in found.branches.items():
        name = normalize_for_search(hit.name)
        kana = normalize_for_search(hit.kana)
        if code.startswith(key) or key in name or key in kana:
            hits.append(BankName(code, hit.name, hit.kana))
            if len(hits) >= limit:
                break
    return hits


def describe_account(
    bank_code: str, branch_code: str, account_type: str | None, number: str
) -> str:
    """``東邦銀行 本店 普通 1234567`` for screens and lists (codes where names are unknown)."""
    if not bank_code:
        return ""
    found_bank = bank(bank_code)
    found_branch = branch(bank_code, branch_code) if branch_code else None
    bank_text = found_bank.name if found_bank else f"金融機関{bank_code}"
    branch_text = found_branch.name if found_branch else f"支店{branch_code}"
    kind = {"1": "普通", "2": "当座", "4": "貯蓄"}.get(account_type or "", "")
    return " ".join(part for part in (bank_text, branch_text, kind, number) if part)
