"""Member DTOs and input validation shared by the member services, import and exports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gojokai_desktop.db.models.members import (
    ACCOUNT_TYPES,
    EMPLOYMENT_TYPES,
    LEAVE_REASONS,
    SEXES,
)
from gojokai_desktop.domain.contact import normalize_phone, normalize_postal_code
from gojokai_desktop.domain.errors import Problems, ValidationError
from gojokai_desktop.domain.kana import validate_furigana
from gojokai_desktop.domain.text import clean_text

LEAVE_REASON_LABELS = dict(zip(LEAVE_REASONS, ("退職", "死亡", "脱退", "除名"), strict=True))
EMPLOYMENT_LABELS = dict(
    zip(EMPLOYMENT_TYPES, ("正社員", "パート", "事業主", "その他"), strict=True)
)
SEX_LABELS = dict(zip(SEXES, ("男", "女"), strict=True))
ACCOUNT_TYPE_LABELS = dict(zip(ACCOUNT_TYPES, ("普通", "当座"), strict=True))
EVENT_LABELS = {
    "join": "入会",
    "transfer": "異動（事業所）",
    "leave": "退会",
    "rejoin": "再入会",
    "change": "変更",
}
_DIGITS = {"bank_code": 4, "branch_code": 3}


@dataclass(frozen=True)
class MemberInput:
    """What the member dialog (or an import row) supplies; the service validates it."""

    name: str
    name_kana: str
    sex: str | None = None
    birth_date: dt.date | None = None
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    employment_type: str = "regular"
    dues_class: str = ""
    bank_code: str = ""
    branch_code: str = ""
    account_type: str | None = None
    account_number: str = ""
    account_holder_kana: str = ""
    notes: str = ""
    number: str = ""


@dataclass(frozen=True)
class FamilyRow:
    """A family member (家族・被扶養者) as the family tab shows it."""

    id: int
    member_id: int
    relation: str
    name: str
    name_kana: str
    sex: str | None
    birth_date: dt.date | None
    dependent: bool
    from_date: dt.date
    to_date: dt.date | None
    notes: str = ""
    married_on: dt.date | None = None
    version: int = 1


@dataclass(frozen=True)
class FamilyInput:
    relation: str
    name: str
    name_kana: str = ""
    sex: str | None = None
    birth_date: dt.date | None = None
    dependent: bool = False
    from_date: dt.date | None = None
    notes: str = ""
    married_on: dt.date | None = None


@dataclass(frozen=True)
class EventRow:
    """A line of the history tab (異動履歴)."""

    kind: str
    effective_date: dt.date
    received_date: dt.date | None
    establishment: str
    from_establishment: str
    reason: str
    entered_by: str
    entered_at: dt.datetime

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PeriodRow:
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str | None


@dataclass(frozen=True)
class MemberDetail:
    """Everything the member record shows."""

    id: int
    number: str
    data: MemberInput
    establishment_id: int
    establishment_name: str
    join_date: dt.date
    leave_date: dt.date | None
    leave_reason: str | None
    family: tuple[FamilyRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    periods: tuple[PeriodRow, ...] = ()
    has_attachments: bool = field(default=True)
    # The optimistic lock: a change names the version its screen loaded.
    version: int = 1

    @property
    def is_present(self) -> bool:
        return self.leave_date is None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _digits(value: str, field_name: str, width: int | None, limit: int) -> str:
    text = value.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return ""
    if not re.fullmatch(r"\d+", text):
        raise ValidationError(f"「{value}」は数字だけで入力してください。", field_name)
    if width is not None and len(text) != width:
        raise ValidationError(f"「{value}」は{width}桁の数字で入力してください。", field_name)
    if len(text) > limit:
        raise ValidationError(f"「{value}」は{limit}桁以内で入力してください。", field_name)
    return text.zfill(limit) if width is None else text


@dataclass(frozen=True)
class BankAccount:
    """An account benefits are paid into (a member's or an establishment's), cleaned."""

    bank_code: str
    branch_code: str
    account_type: str | None
    account_number: str
    account_holder_kana: str


def clean_bank_account(
    bank_code: str,
    branch_code: str,
    account_type: str | None,
    account_number: str,
    holder_kana: str,
) -> BankAccount:
    """The account with digits normalised (番号 zero-filled to 7), or ValidationError naming
    every field that is wrong."""
    problems = Problems()
    if account_type is not None and account_type not in ACCOUNT_TYPES:
        problems.add("普通か当座を選んでください。", "口座種別")
    bank = problems.check(_digits, bank_code, "銀行コード", _DIGITS["bank_code"], 4)
    branch = problems.check(_digits, branch_code, "支店コード", _DIGITS["branch_code"], 3)
    number = problems.check(_digits, account_number, "口座番号", None, 7)
    holder = problems.check(clean_text, holder_kana, "口座名義（カナ）", 60)
    problems.raise_if_any()
    return BankAccount(
        bank_code=bank or "",
        branch_code=branch or "",
        account_type=account_type,
        account_number=number or "",
        account_holder_kana=holder or "",
    )


def _required_kana(text: str) -> str:
    kana = validate_furigana(text, "フリガナ")
    if not kana:
        raise ValidationError("カタカナで入力してください（例: ヤマダ　タロウ）。", "フリガナ")
    return clean_text(kana, "フリガナ", 120)


def validate_member_input(data: MemberInput, today: dt.date) -> MemberInput:
    """Return ``data`` cleaned (kana, postal code, phone, bank codes), or raise a
    ValidationError naming every field that is wrong (ValidationErrors when several are)."""
    problems = Problems()
    if data.sex is not None and data.sex not in SEXES:
        problems.add("男か女を選んでください。", "性別")
    if data.employment_type not in EMPLOYMENT_TYPES:
        problems.add("正社員・パート・事業主・その他から選んでください。", "雇用形態")
    if data.birth_date is not None and data.birth_date > today:
        problems.add("今日より後の日付は生年月日にできません。", "生年月日")
    number = problems.check(clean_text, data.number, "会員番号", 20)
    name = problems.check(clean_text, data.name, "氏名", 60, required=True)
    kana = problems.check(_required_kana, data.name_kana)
    postal = problems.check(
        lambda: normalize_postal_code(data.postal_code) if data.postal_code.strip() else ""
    )
    address = problems.check(clean_text, data.address, "住所", 200)
    phone = problems.check(lambda: normalize_phone(data.phone) if data.phone.strip() else "")
    dues_class = problems.check(clean_text, data.dues_class, "会費区分", 20)
    account = problems.check(
        clean_bank_account,
        data.bank_code,
        data.branch_code,
        data.account_type,
        data.account_number,
        data.account_holder_kana,
    )
    notes = problems.check(clean_text, data.notes, "備考", 2000)
    problems.raise_if_any()
    assert account is not None  # raise_if_any raised when a check failed
    return MemberInput(
        name=name or "",
        name_kana=kana or "",
        sex=data.sex,
        birth_date=data.birth_date,
        postal_code=postal or "",
        address=address or "",
        phone=phone or "",
        employment_type=data.employment_type,
        dues_class=dues_class or "",
        bank_code=account.bank_code,
        branch_code=account.branch_code,
        account_type=account.account_type,
        account_number=account.account_number,
        account_holder_kana=account.account_holder_kana,
        notes=notes or "",
        number=number or "",
    )
