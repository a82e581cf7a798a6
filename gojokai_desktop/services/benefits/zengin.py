"""振込設定 and the 総合振込 file: the society's paying account, its bank's conventions, and
the file of a committed batch.

Stored as one setting for every year (``benefits.zengin``). Saving checks every field the
way the file's header record will, so a file can never fail on the society's own details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    Member,
    utcnow,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.zengin import (
    ZenginHeader,
    ZenginSettings,
    ZenginTransfer,
    build_zengin_file,
    zengin_records,
)
from gojokai_desktop.exports.zengin_file import write_zengin_file
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.bank_codes import bank, branch
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import get_setting, put_setting

SETTING_KEY = "benefits.zengin"
TRANSFER_METHODS = ("member_account", "establishment_account")


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


def payee_label(member: Member) -> str:
    """``0012-003 佐藤　花子``: how a bank-file message names the payee."""
    return f"{member.number} {member.name}"


def transfer_of(
    label: str, account: Sequence[str], amount: int, customer_code: str
) -> ZenginTransfer:
    _payee, bank_code, branch_code, account_type, number, holder = account
    found_bank = bank(bank_code)
    found_branch = branch(bank_code, branch_code)
    return ZenginTransfer(
        payee_label=label,
        bank_code=bank_code,
        bank_name=found_bank.kana if found_bank else "",
        branch_code=branch_code,
        branch_name=found_branch.kana if found_branch else "",
        account_type=account_type,
        account_number=number,
        payee_name=holder,
        amount=amount,
        customer_code1=customer_code,
    )


#: A valid header for checking one transfer on its own (the draft lines of a batch).
_SAMPLE = ZenginAccount("0", "ｶｸﾆﾝ", "0001", "", "001", "", "1", "1")


def transfer_problem(transfer: ZenginTransfer, settings: ZenginSettings) -> str:
    """What the bank would refuse in this transfer (empty when nothing)."""
    try:
        zengin_records(_SAMPLE.header(dt.date(2000, 1, 4)), [transfer], settings)
    except ValidationError as exc:
        return exc.message.removeprefix(f"{transfer.payee_label}: ")
    return ""


@dataclass(frozen=True)
class ZenginWritten:
    path: Path
    size: int
    count: int
    total: int


def _committed(session: Session, batch_id: int) -> BenefitPaymentBatch:
    batch = session.get(BenefitPaymentBatch, batch_id)
    if batch is None:
        raise ValidationError("指定の支払バッチがありません", "支払バッチ")
    if batch.status != "committed":
        raise RuleViolation("全銀ファイルは支払を確定してから作成します。")
    return batch


# -- the bank file ----------------------------------------------------------------------------
def zengin_bytes(ctx: AppContext, batch_id: int) -> tuple[bytes, int, int]:
    """The bank file of a committed batch (bytes, count, total) from its payments."""
    header, transfers, settings = _zengin_parts(ctx, batch_id)
    data = build_zengin_file(header, transfers, settings)
    return data, len(transfers), sum(t.amount for t in transfers)


def _zengin_parts(
    ctx: AppContext, batch_id: int
) -> tuple[ZenginHeader, list[ZenginTransfer], ZenginSettings]:
    with ctx.reader() as session:
        batch = _committed(session, batch_id)
        zengin = load_zengin_account(session)
        if zengin is None:
            raise RuleViolation("振込元（団体の口座）と全銀ファイルの設定がありません。")
        rows = session.execute(
            select(BenefitPayment, Member)
            .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
            .join(Member, Member.id == BenefitClaim.member_id)
            .where(
                BenefitPayment.batch_id == batch.id,
                BenefitPayment.reversed.is_(False),
                BenefitPayment.method.in_(TRANSFER_METHODS),
            )
            .order_by(BenefitPayment.id)
        ).all()
        if not rows:
            raise RuleViolation("この支払には振込がありません（すべて現金です）。")
        transfers = [
            transfer_of(
                payee_label(member),
                (
                    p.payee_name,
                    p.bank_code,
                    p.branch_code,
                    p.account_type,
                    p.account_number,
                    p.account_holder_kana,
                ),
                p.amount,
                member.number,
            )
            for p, member in rows
        ]
        return zengin.header(batch.payment_date), transfers, zengin.settings


def write_zengin(ctx: AppContext, batch_id: int, path: Path) -> ZenginWritten:
    """Write the batch's 総合振込 file (never over an existing file) and note it on the batch.

    Only someone who may note it on the batch writes it (not an auditor): refused before
    the file is written."""
    require_role(ctx, "clerk", "全銀ファイルの作成")
    header, transfers, settings = _zengin_parts(ctx, batch_id)
    size = write_zengin_file(path, header, transfers, settings)
    with ctx.unit_of_work("全銀ファイルの作成") as uow:
        batch = _committed(uow.session, batch_id)
        batch.zengin_file = str(path)[:260]
        batch.zengin_written_at = utcnow()
        uow.audit(
            "benefit_payment_batches", str(batch.id), {"zengin_file": str(path), "bytes": size}
        )
        uow.commit()
    return ZenginWritten(path, size, len(transfers), sum(t.amount for t in transfers))
