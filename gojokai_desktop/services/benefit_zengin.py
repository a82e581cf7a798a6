"""振込設定: the society's paying account and its bank's conventions for the 総合振込 file.

Stored as one setting for every year (``benefits.zengin``). Saving checks every field the
way the file's header record will, so a file can never fail on the society's own details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    zengin_records,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import get_setting, put_setting

SETTING_KEY = "benefits.zengin"


@dataclass(frozen=True)
class ZenginAccount:
    """The requester (依頼人) and the account debited, with the bank's file conventions.

    ``bank_account_id``: the cash-book bank account (預金口座) that transfers are paid from
    (None: the account's first bank account).
    """

    requester_code: str
    requester_name: str
    bank_code: str
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str
    account_number: str
    bank_account_id: int | None = None
    long_vowel: str = "-"
    middle_dot: str = "."
    line_ending: str = "crlf"
    encoding: str = "cp932"
    transfer_kind: str = "7"

    @property
    def settings(self) -> ZenginSettings:
        return ZenginSettings(
            self.long_vowel, self.middle_dot, self.line_ending, self.encoding, self.transfer_kind
        )

    def header(self, transfer_date: dt.date) -> ZenginHeader:
        return ZenginHeader(
            requester_code=self.requester_code,
            requester_name=self.requester_name,
            transfer_date=transfer_date,
            bank_code=self.bank_code,
            bank_name=self.bank_name,
            branch_code=self.branch_code,
            branch_name=self.branch_name,
            account_type=self.account_type,
            account_number=self.account_number,
        )


def validate_zengin_account(account: ZenginAccount) -> ZenginAccount:
    """Refuse what the bank would refuse in the header: a sample file is built and dropped."""
    if not account.requester_name.strip():
        raise ValidationError("依頼人名（団体名のカナ）を入力してください", "依頼人名")
    sample = ZenginTransfer("確認用", "0001", "", "001", "", "1", "1", "ｶｸﾆﾝ", 1)
    zengin_records(account.header(dt.date(2000, 1, 4)), [sample], account.settings)
    return account


def load_zengin_account(session: Session) -> ZenginAccount | None:
    """The stored 振込設定, or None when the society has not set it up."""
    data: Any = get_setting(session, SETTING_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return ZenginAccount(**data)
    except TypeError:  # a setting written by another version: ask the clerk to set it again
        return None


def get_zengin_account(ctx: AppContext) -> ZenginAccount | None:
    with ctx.reader() as session:
        return load_zengin_account(session)


def save_zengin_account(ctx: AppContext, account: ZenginAccount) -> ZenginAccount:
    clean = validate_zengin_account(account)
    with ctx.unit_of_work("振込設定の保存") as uow:
        put_setting(uow, SETTING_KEY, asdict(clean))
        uow.commit()
    return clean
