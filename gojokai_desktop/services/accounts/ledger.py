"""The cash book (出納帳): posting, reversal, transfers, balances and carry-forward.

Other areas call :func:`post` inside their own unit of work, so that a dues payment and its
cash-book entry are written together or not at all. Entries are never changed or deleted: a
correction is :func:`reverse` plus a new entry. A closed fiscal year refuses every posting.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, case, event, func, select

from gojokai_desktop.db.models import (
    PAYMENT_METHODS,
    BankAccount,
    CashBookEntry,
    FiscalYear,
    Item,
    SocietySettings,
    SubLedger,
)
from gojokai_desktop.db.tx_cache import tx_cache
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.accounting import allocate_by_ratio
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services import numbering
from gojokai_desktop.services.accounts.setup import account_id_of, find_item, item_for_purpose
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.society import ensure_fiscal_year

METHOD_LABELS = {"cash": "現金", "bank": "預金"}
DERIVED_ROLES = ("carry_in", "carry_out")
FUND_MOVE = "fund_move"


def calendar_of(uow: UnitOfWork) -> FiscalCalendar:
    settings = uow.session.get(SocietySettings, 1)
    return FiscalCalendar(settings.fiscal_year_start_month if settings else 4)


def open_fiscal_year(uow: UnitOfWork, day: dt.date) -> int:
    """The fiscal year of ``day``, locked for this transaction; refused when it is closed."""
    calendar = calendar_of(uow)
    year = calendar.year_of(day)
    opened = tx_cache(uow.session).setdefault("open_years", {})
    known = opened.get(year)
    if known is not None and known.status != "closed":
        return year  # locked earlier in this transaction
    ensure_fiscal_year(uow, calendar, year)
    uow.session.flush()
    # FOR UPDATE serialises voucher numbering on PostgreSQL; SQLite's BEGIN IMMEDIATE does it.
    row = uow.session.scalar(select(FiscalYear).where(FiscalYear.year == year).with_for_update())
    if row is None or row.status == "closed":
        raise RuleViolation(
            f"{calendar.label(year)}は締め済みのため、出納の記帳・取消はできません。"
            "翌年度の日付で記帳してください。"
        )
    opened[year] = row
    return year


def _next_voucher(uow: UnitOfWork, fiscal_year: int) -> int:
    """The next 伝票番号 of the year, gapless (the counter starts after vouchers in bulk)."""

    def last() -> int:
        return int(
            uow.session.scalar(
                select(func.max(CashBookEntry.voucher_no)).where(
                    CashBookEntry.fiscal_year == fiscal_year
                )
            )
            or 0
        )

    return next_number(uow, numbering.VOUCHER, fiscal_year, floor=last)


def _resolve_item(
    uow: UnitOfWork, account_id: int | None, item: int | str | None, purpose: str | None, year: int
) -> Item:
    if purpose is not None:
        return item_for_purpose(uow, purpose, year)
    if isinstance(item, int):
        row = uow.session.get(Item, item)
    elif isinstance(item, str):
        row = find_item(uow, account_id_of(uow, account_id), item)
    else:
        raise ValidationError("科目を指定してください。", "科目")
    if row is None:
        raise ValidationError(f"科目「{item}」がありません。", "科目")
    return row


class _ParentChanges:
    """How often an item's parent was set, in any session: a cached answer of
    :func:`_has_children` is asked again after a change (an item made or moved in the same
    transaction). Counting is cheaper than looking through the session's pending objects at
    every posting, which grew with each one of a 1,000-claim batch."""

    count = 0


@event.listens_for(Item.parent_id, "set")
def _item_parent_set(*_args: object) -> None:
    _ParentChanges.count += 1


def _has_children(uow: UnitOfWork, item_id: int) -> bool:
    """Whether the item is a heading; asked once per item and transaction (and again after
    any item's parent was set meanwhile)."""
    session = uow.session
    known: dict[int, tuple[int, bool]] = tx_cache(session).setdefault("item_has_children", {})
    changes = _ParentChanges.count
    answer = known.get(item_id)
    if answer is None or answer[0] != changes:
        found = session.scalar(select(Item.id).where(Item.parent_id == item_id).limit(1))
        answer = known[item_id] = (changes, found is not None)
    return answer[1]


def _check_item(uow: UnitOfWork, item: Item, year: int) -> None:
    if item.role in DERIVED_ROLES:
        raise ValidationError(
            f"「{item.name}」は繰越から自動で計算されるため、記帳できません。", "科目"
        )
    if _has_children(uow, item.id):
        raise ValidationError(
            f"「{item.name}」は見出しの科目です。その下の科目を選んでください。", "科目"
        )
    if item.valid_from_year > year or (
        item.valid_to_year is not None and item.valid_to_year < year
    ):
        raise ValidationError(f"「{item.name}」はこの年度には使えない科目です。", "科目")


def check_method(uow: UnitOfWork, method: str, bank_account: int | None, account_id: int) -> None:
    if method not in PAYMENT_METHODS:
        raise ValidationError("現金か預金を選んでください。", "出納方法")
    if method == "bank":
        bank = None if bank_account is None else uow.session.get(BankAccount, bank_account)
        if bank is None or bank.account_id != account_id:
            raise ValidationError("預金の場合は、この会計の口座を選んでください。", "口座")
    elif bank_account is not None:
        raise ValidationError("現金の出納に口座は指定できません。", "口座")


def _sub_ledger_id(uow: UnitOfWork, account_id: int, sub_ledger: str | None) -> int | None:
    if sub_ledger is None:
        return None
    found = uow.session.scalar(
        select(SubLedger.id).where(SubLedger.account_id == account_id, SubLedger.code == sub_ledger)
    )
    if found is None:
        raise ValidationError(f"経理区分「{sub_ledger}」がありません。", "経理区分")
    return found


def _validate_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be int yen")
    if amount <= 0:
        raise ValidationError(
            "金額は1円以上で入力してください（取消は「取消」で行います）。", "金額"
        )


def post(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amount: int,
    description: str,
    item: int | str | None = None,
    purpose: str | None = None,
    account: int | str | None = None,
    sub_ledger: str | None = None,
    method: str = "cash",
    bank_account: int | None = None,
    counterparty: str = "",
    source: tuple[str, int] | None = None,
) -> int:
    """Write one cash-book entry in the caller's unit of work; return its id.

    The item is given by id, by code (in ``account``, default the general account), or by
    ``purpose`` ("dues", "benefits"...) looked up in the dated settings. Income or expenditure
    follows the item. ``source`` links the record that caused it, e.g. ``("dues_payment", 12)``.
    """
    return post_lines(
        uow,
        date=date,
        amounts=[(amount, sub_ledger)],
        description=description,
        item=item,
        purpose=purpose,
        account=account,
        method=method,
        bank_account=bank_account,
        counterparty=counterparty,
        source=source,
    )[0]


def post_split(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amount: int,
    description: str,
    item: int | str | None = None,
    purpose: str | None = None,
    account: int | str | None = None,
    method: str = "cash",
    bank_account: int | None = None,
    counterparty: str = "",
    source: tuple[str, int] | None = None,
) -> list[int]:
    """One voucher split over the account's sub-ledgers by their ratios (a 9:1 shared cost)."""
    year = calendar_of(uow).year_of(date)
    row = _resolve_item(uow, account_id_of(uow, account) if account else None, item, purpose, year)
    subs = uow.session.scalars(
        select(SubLedger)
        .where(SubLedger.account_id == row.account_id)
        .order_by(SubLedger.sort_order)
    ).all()
    if not subs:
        raise ValidationError("この会計には経理区分がありません。", "経理区分")
    _validate_amount(amount)
    parts = allocate_by_ratio(amount, [s.ratio for s in subs])
    return post_lines(
        uow,
        date=date,
        amounts=[(part, s.code) for part, s in zip(parts, subs, strict=True) if part > 0],
        description=description,
        item=row.id,
        method=method,
        bank_account=bank_account,
        counterparty=counterparty,
        source=source,
    )


def post_lines(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amounts: list[tuple[int, str | None]],
    description: str,
    item: int | str | None = None,
    purpose: str | None = None,
    account: int | str | None = None,
    method: str = "cash",
    bank_account: int | None = None,
    counterparty: str = "",
    source: tuple[str, int] | None = None,
) -> list[int]:
    """One voucher with a line per ``(amount, sub-ledger code)``; returns the entry ids."""
    entries = stage_lines(
        uow,
        date=date,
        amounts=amounts,
        description=description,
        item=item,
        purpose=purpose,
        account=account,
        method=method,
        bank_account=bank_account,
        counterparty=counterparty,
        source=source,
    )
    uow.session.flush()
    return [e.id for e in entries]


def stage_lines(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amounts: list[tuple[int, str | None]],
    description: str,
    item: int | str | None = None,
    purpose: str | None = None,
    account: int | str | None = None,
    method: str = "cash",
    bank_account: int | None = None,
    counterparty: str = "",
    source: tuple[str, int] | None = None,
) -> list[CashBookEntry]:
    """The entries of :func:`post_lines`, checked and numbered the same, added to the session
    but left for the caller's next flush.

    For an action posting many entries in one transaction (a payment batch of 1,000
    claims): one flush writes them all, instead of a flush (with its audit entries and row
    hashes) per entry. An entry's id is known after that flush.
    """
    year = open_fiscal_year(uow, date)
    row = _resolve_item(uow, account_id_of(uow, account) if account else None, item, purpose, year)
    _check_item(uow, row, year)
    check_method(uow, method, bank_account, row.account_id)
    if not description.strip():
        raise ValidationError("摘要を入力してください。", "摘要")
    voucher = _next_voucher(uow, year)
    entries = []
    for line_no, (amount, sub_ledger) in enumerate(amounts, start=1):
        _validate_amount(amount)
        entry = CashBookEntry(
            fiscal_year=year,
            voucher_no=voucher,
            line_no=line_no,
            entry_date=date,
            account_id=row.account_id,
            sub_ledger_id=_sub_ledger_id(uow, row.account_id, sub_ledger),
            item_id=row.id,
            direction=row.side,
            amount=amount,
            net_amount=amount,
            description=description.strip()[:200],
            counterparty=counterparty.strip()[:100],
            method=method,
            bank_account_id=bank_account,
            source_type=source[0] if source else "",
            source_id=source[1] if source else None,
        )
        uow.session.add(entry)
        entries.append(entry)
    return entries


def reverse(uow: UnitOfWork, entry_id: int, *, date: dt.date, reason: str = "") -> int:
    """A reversing entry (赤伝) for ``entry_id``, dated ``date``; the original stays as it was.

    A transfer is reversed on both sides. Returns the id of the reversal of ``entry_id``.
    """
    original = uow.session.get(CashBookEntry, entry_id)
    if original is None:
        raise ValidationError(f"出納（id {entry_id}）がありません。", "出納")
    if original.reversal_of_id is not None:
        raise RuleViolation("取消の記帳は取り消せません。正しい内容で新しく記帳してください。")
    if uow.session.scalar(select(CashBookEntry.id).where(CashBookEntry.reversal_of_id == entry_id)):
        raise RuleViolation(f"伝票No.{original.voucher_no}は既に取り消されています。")
    # Only the reversal's own year must be open: an entry of a closed year is put right by a
    # 赤伝 in the open year (the closed year's books and settlement stay as they were).
    year = open_fiscal_year(uow, date)
    voucher = _next_voucher(uow, year)
    targets = [original]
    if original.transfer_pair_id is not None:
        pair = uow.session.get(CashBookEntry, original.transfer_pair_id)
        if pair is not None:
            targets.append(pair)
    reversals = []
    for line_no, target in enumerate(targets, start=1):
        reversal = CashBookEntry(
            fiscal_year=year,
            voucher_no=voucher,
            line_no=line_no,
            entry_date=date,
            account_id=target.account_id,
            sub_ledger_id=target.sub_ledger_id,
            item_id=target.item_id,
            direction=target.direction,
            amount=target.amount,
            net_amount=-target.amount,
            description=f"取消（伝票No.{target.voucher_no}）{reason}".strip()[:200],
            counterparty=target.counterparty,
            method=target.method,
            bank_account_id=target.bank_account_id,
            source_type=target.source_type,
            source_id=target.source_id,
            reversal_of_id=target.id,
        )
        uow.session.add(reversal)
        reversals.append(reversal)
    uow.session.flush()
    if len(reversals) == 2:
        reversals[0].transfer_pair_id = reversals[1].id
        reversals[1].transfer_pair_id = reversals[0].id
        uow.session.flush()
    return reversals[0].id


def transfer(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amount: int,
    from_item: int,
    to_item: int,
    description: str,
    method: str = "cash",
    from_bank_account: int | None = None,
    to_bank_account: int | None = None,
) -> tuple[int, int]:
    """繰出金 in one account and 繰入金 in another, entered once: one voucher, equal lines."""
    year = open_fiscal_year(uow, date)
    out_item = uow.session.get(Item, from_item)
    in_item = uow.session.get(Item, to_item)
    if out_item is None or in_item is None:
        raise ValidationError("繰出と繰入の科目を選んでください。", "科目")
    if out_item.side != "expenditure" or in_item.side != "income":
        raise ValidationError("繰出は支出の科目、繰入は収入の科目を選んでください。", "科目")
    if out_item.account_id == in_item.account_id:
        raise ValidationError("繰出と繰入は別の会計の科目を選んでください。", "科目")
    for item_row in (out_item, in_item):
        _check_item(uow, item_row, year)
    check_method(uow, method, from_bank_account, out_item.account_id)
    check_method(uow, method, to_bank_account, in_item.account_id)
    _validate_amount(amount)
    voucher = _next_voucher(uow, year)
    sides = []
    for line_no, (item_row, bank) in enumerate(
        ((out_item, from_bank_account), (in_item, to_bank_account)), start=1
    ):
        entry = CashBookEntry(
            fiscal_year=year,
            voucher_no=voucher,
            line_no=line_no,
            entry_date=date,
            account_id=item_row.account_id,
            item_id=item_row.id,
            direction=item_row.side,
            amount=amount,
            net_amount=amount,
            description=description.strip()[:200] or "会計間の繰出・繰入",
            method=method,
            bank_account_id=bank,
            source_type="transfer",
        )
        uow.session.add(entry)
        sides.append(entry)
    uow.session.flush()
    sides[0].transfer_pair_id = sides[1].id
    sides[1].transfer_pair_id = sides[0].id
    uow.session.flush()
    return sides[0].id, sides[1].id


def move_funds(
    uow: UnitOfWork,
    *,
    date: dt.date,
    amount: int,
    from_bank_account: int | None,
    to_bank_account: int | None,
    description: str = "",
    account: int | str | None = None,
) -> tuple[int, int]:
    """預金引出 (bank → cash), 預入 (cash → bank) or bank to bank, within one account.

    Money changes place but no 科目 is involved, so the lines carry no item and the
    running status never counts them; the balances of cash and the bank accounts do.
    ``None`` stands for cash. Returns the ids of the paying and the receiving line.
    """
    year = open_fiscal_year(uow, date)
    account_id = account_id_of(uow, account)
    if from_bank_account == to_bank_account:
        raise ValidationError("出金元と入金先に別のもの（現金・口座）を選んでください。", "入金先")
    _validate_amount(amount)
    sides: list[CashBookEntry] = []
    default = "預金引出" if to_bank_account is None else "預入"
    for line_no, (direction, bank) in enumerate(
        (("expenditure", from_bank_account), ("income", to_bank_account)), start=1
    ):
        method = "cash" if bank is None else "bank"
        check_method(uow, method, bank, account_id)
        entry = CashBookEntry(
            fiscal_year=year,
            voucher_no=_next_voucher(uow, year) if line_no == 1 else sides[0].voucher_no,
            line_no=line_no,
            entry_date=date,
            account_id=account_id,
            item_id=None,
            direction=direction,
            amount=amount,
            net_amount=amount,
            description=description.strip()[:200] or default,
            method=method,
            bank_account_id=bank,
            source_type=FUND_MOVE,
        )
        uow.session.add(entry)
        uow.session.flush()
        sides.append(entry)
    sides[0].transfer_pair_id = sides[1].id
    sides[1].transfer_pair_id = sides[0].id
    uow.session.flush()
    return sides[0].id, sides[1].id


def signed_change() -> ColumnElement[int]:
    """An entry's effect on the money held: income adds, expenditure takes away."""
    return case(
        (CashBookEntry.direction == "income", CashBookEntry.net_amount),
        else_=-CashBookEntry.net_amount,
    )


def entries_for_source(uow: UnitOfWork, source_type: str, source_id: int) -> list[int]:
    """Ids of the entries a record caused (and their reversals), oldest first."""
    return list(
        uow.session.scalars(
            select(CashBookEntry.id)
            .where(CashBookEntry.source_type == source_type, CashBookEntry.source_id == source_id)
            .order_by(CashBookEntry.id)
        )
    )
