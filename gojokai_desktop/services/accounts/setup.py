"""Accounts, sub-ledgers, bank accounts, the item tree (科目) and which item each area posts to."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    ITEM_ROLES,
    ITEM_SIDES,
    Account,
    BankAccount,
    Item,
    SettingValue,
    SubLedger,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.services.context import AppContext

PRESETS_DIR = shipped_dir("resources") / "presets"
SMALL_PRESET = PRESETS_DIR / "items_small_gojokai.toml"
GENERAL_ACCOUNT = "general"
POSTING_ITEMS_KEY = "accounts.posting_items"
SIDE_LABELS = {"income": "収入", "expenditure": "支出"}
LEVEL_LABELS = {1: "款", 2: "項", 3: "目"}


@dataclass(frozen=True)
class SubLedgerInfo:
    id: int
    code: str
    name: str
    ratio: int


@dataclass(frozen=True)
class AccountInfo:
    id: int
    code: str
    name: str
    kind: str
    sub_ledgers: tuple[SubLedgerInfo, ...]


@dataclass(frozen=True)
class BankAccountInfo:
    id: int
    account_id: int
    name: str


@dataclass(frozen=True)
class ItemInfo:
    """One 科目 as screens and reports see it."""

    id: int
    account_id: int
    parent_id: int | None
    level: int
    code: str
    name: str
    side: str
    role: str
    sort_order: int
    valid_from_year: int
    valid_to_year: int | None
    version: int = 1

    def valid_in(self, fiscal_year: int) -> bool:
        return self.valid_from_year <= fiscal_year and (
            self.valid_to_year is None or fiscal_year <= self.valid_to_year
        )


def _item_info(row: Item) -> ItemInfo:
    return ItemInfo(
        row.id,
        row.account_id,
        row.parent_id,
        row.level,
        row.code,
        row.name,
        row.side,
        row.role,
        row.sort_order,
        row.valid_from_year,
        row.valid_to_year,
        row.version,
    )


def create_account(
    uow: UnitOfWork,
    code: str,
    name: str,
    *,
    kind: str = "general",
    sub_ledgers: tuple[tuple[str, str, int], ...] = (),
) -> int:
    """A new account with optional sub-ledgers ``(code, name, ratio)``; returns its id."""
    if not code.strip() or not name.strip():
        raise ValidationError("会計のコードと名称を入力してください。", "会計")
    if uow.session.scalar(select(Account.id).where(Account.code == code)) is not None:
        raise ValidationError(f"会計コード「{code}」は既にあります。", "会計コード")
    count = len(uow.session.scalars(select(Account.id)).all())
    account = Account(code=code, name=name.strip(), kind=kind, sort_order=count + 1)
    uow.session.add(account)
    uow.session.flush()
    for order, (sub_code, sub_name, ratio) in enumerate(sub_ledgers, start=1):
        uow.session.add(
            SubLedger(
                account_id=account.id, code=sub_code, name=sub_name, ratio=ratio, sort_order=order
            )
        )
    uow.session.flush()
    return account.id


def add_bank_account(uow: UnitOfWork, account_id: int, name: str, **details: str) -> int:
    """A bank account (預金口座) of an account; ``details``: bank_name, branch_name, number."""
    row = BankAccount(account_id=account_id, name=name, **details)
    uow.session.add(row)
    uow.session.flush()
    return row.id


def account_id_of(uow: UnitOfWork, account: int | str | None) -> int:
    """An account id from its id or code; None means the general account."""
    if isinstance(account, int):
        if uow.session.get(Account, account) is None:
            raise ValidationError(f"会計（id {account}）がありません。", "会計")
        return account
    code = GENERAL_ACCOUNT if account is None else account
    found = uow.session.scalar(select(Account.id).where(Account.code == code))
    if found is None:
        raise ValidationError(f"会計「{code}」がありません。先に会計を登録してください。", "会計")
    return found


def add_item(
    uow: UnitOfWork,
    account_id: int,
    code: str,
    name: str,
    side: str,
    *,
    level: int = 2,
    parent_code: str | None = None,
    role: str = "normal",
    sort_order: int | None = None,
    valid_from_year: int = 2000,
    valid_to_year: int | None = None,
) -> int:
    """A 科目; a child must be one level below its parent and on the same side."""
    if side not in ITEM_SIDES:
        raise ValidationError("収入か支出を選んでください。", "区分")
    if role not in ITEM_ROLES:
        raise ValidationError(f"科目の種類「{role}」は使えません。", "科目の種類")
    if not code.strip() or not name.strip():
        raise ValidationError("科目コードと科目名を入力してください。", "科目")
    parent_id: int | None = None
    if parent_code is not None:
        parent = uow.session.scalar(
            select(Item).where(Item.account_id == account_id, Item.code == parent_code)
        )
        if parent is None:
            raise ValidationError(f"上位の科目「{parent_code}」がありません。", "上位科目")
        if parent.side != side or parent.level >= level:
            raise ValidationError(
                f"上位の科目「{parent.name}」と区分・階層が合いません。", "上位科目"
            )
        parent_id = parent.id
    exists = uow.session.scalar(
        select(Item.id).where(Item.account_id == account_id, Item.code == code)
    )
    if exists is not None:
        raise ValidationError(f"科目コード「{code}」は既にあります。", "科目コード")
    if sort_order is None:
        sort_order = len(uow.session.scalars(select(Item.id)).all()) + 1
    row = Item(
        account_id=account_id,
        parent_id=parent_id,
        level=level,
        code=code.strip(),
        name=name.strip(),
        side=side,
        role=role,
        sort_order=sort_order,
        valid_from_year=valid_from_year,
        valid_to_year=valid_to_year,
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id


def load_preset(uow: UnitOfWork, path: Path = SMALL_PRESET, *, valid_from_year: int) -> int:
    """Create the account, sub-ledgers, items and posting settings of a preset file."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    spec = data["account"]
    sub_ledgers = tuple(
        (str(s["code"]), str(s["name"]), int(s["ratio"])) for s in data.get("sub_ledgers", [])
    )
    account_id = create_account(
        uow, spec["code"], spec["name"], kind=spec.get("kind", "general"), sub_ledgers=sub_ledgers
    )
    for order, item in enumerate(data["items"], start=1):
        add_item(
            uow,
            account_id,
            str(item["code"]),
            item["name"],
            item["side"],
            level=int(item.get("level", 2)),
            parent_code=item.get("parent"),
            role=item.get("role", "normal"),
            sort_order=order,
            valid_from_year=valid_from_year,
        )
    purposes = data.get("purposes", {})
    if purposes:
        set_posting_items(
            uow,
            {key: (spec["code"], str(code)) for key, code in purposes.items()},
            valid_from_year=valid_from_year,
        )
    return account_id


def set_posting_items(
    uow: UnitOfWork, mapping: dict[str, tuple[str, str]], *, valid_from_year: int
) -> None:
    """Name the item each area posts to from a fiscal year on: ``{"dues": ("general", "101")}``."""
    for purpose, (account_code, item_code) in mapping.items():
        account_id = account_id_of(uow, account_code)
        if find_item(uow, account_id, item_code) is None:
            raise ValidationError(f"「{purpose}」の科目「{item_code}」がありません。", "科目")
    row = uow.session.scalar(
        select(SettingValue).where(
            SettingValue.key == POSTING_ITEMS_KEY, SettingValue.valid_from_year == valid_from_year
        )
    )
    merged = dict(posting_items(uow, valid_from_year))
    merged.update(mapping)
    value = json.dumps({k: list(v) for k, v in sorted(merged.items())}, ensure_ascii=False)
    if row is None:
        uow.session.add(
            SettingValue(key=POSTING_ITEMS_KEY, valid_from_year=valid_from_year, value_json=value)
        )
    else:
        row.value_json = value
    uow.session.flush()


def posting_items(uow: UnitOfWork | Session, fiscal_year: int) -> dict[str, tuple[str, str]]:
    """The posting items in force in ``fiscal_year`` (the latest setting not after it)."""
    session = uow.session if isinstance(uow, UnitOfWork) else uow
    row = session.scalar(
        select(SettingValue)
        .where(SettingValue.key == POSTING_ITEMS_KEY, SettingValue.valid_from_year <= fiscal_year)
        .order_by(SettingValue.valid_from_year.desc())
        .limit(1)
    )
    if row is None:
        return preset_purposes()
    raw: dict[str, list[str]] = json.loads(row.value_json)
    return {key: (value[0], value[1]) for key, value in raw.items()}


def preset_purposes(path: Path = SMALL_PRESET) -> dict[str, tuple[str, str]]:
    """The posting items the shipped preset names, used until the society sets its own."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    code = data["account"]["code"]
    return {key: (code, str(item)) for key, item in data.get("purposes", {}).items()}


def find_item(uow: UnitOfWork, account_id: int, code: str) -> Item | None:
    return uow.session.scalar(select(Item).where(Item.account_id == account_id, Item.code == code))


def item_for_purpose(uow: UnitOfWork, purpose: str, fiscal_year: int) -> Item:
    """The item an area posts to, from the settings; never hard-coded in the caller."""
    mapping = posting_items(uow, fiscal_year)
    if purpose not in mapping:
        raise RuleViolation(
            f"「{purpose}」の計上先の科目が設定されていません。会計の設定で科目を指定してください。"
        )
    account_code, item_code = mapping[purpose]
    item = find_item(uow, account_id_of(uow, account_code), item_code)
    if item is None:
        raise RuleViolation(f"「{purpose}」の計上先の科目「{item_code}」がありません。")
    return item


def list_accounts(ctx: AppContext) -> list[AccountInfo]:
    with ctx.reader() as session:
        accounts = session.scalars(select(Account).order_by(Account.sort_order)).all()
        subs = session.scalars(select(SubLedger).order_by(SubLedger.sort_order)).all()
        return [
            AccountInfo(
                a.id,
                a.code,
                a.name,
                a.kind,
                tuple(
                    SubLedgerInfo(s.id, s.code, s.name, s.ratio)
                    for s in subs
                    if s.account_id == a.id
                ),
            )
            for a in accounts
        ]


def list_bank_accounts(ctx: AppContext) -> list[BankAccountInfo]:
    with ctx.reader() as session:
        rows = session.scalars(select(BankAccount).where(BankAccount.active)).all()
        return [BankAccountInfo(r.id, r.account_id, r.name) for r in rows]


def list_items(
    ctx: AppContext, account_id: int | None = None, fiscal_year: int | None = None
) -> list[ItemInfo]:
    """Items in tree order (款, its 項, their 目), optionally only those valid in a year."""
    with ctx.reader() as session:
        query = select(Item)
        if account_id is not None:
            query = query.where(Item.account_id == account_id)
        rows = [_item_info(r) for r in session.scalars(query).all()]
    if fiscal_year is not None:
        rows = [r for r in rows if r.valid_in(fiscal_year)]
    return tree_order(rows)


def tree_order(items: list[ItemInfo]) -> list[ItemInfo]:
    """Income before expenditure, each parent followed by its children by sort order."""
    by_parent: dict[int | None, list[ItemInfo]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    ids = {item.id for item in items}
    ordered: list[ItemInfo] = []

    def walk(parent: int | None) -> None:
        for child in sorted(by_parent.get(parent, []), key=lambda i: i.sort_order):
            ordered.append(child)
            walk(child.id)

    roots = [i for i in items if i.parent_id is None or i.parent_id not in ids]
    for side in ITEM_SIDES:
        for root in sorted((r for r in roots if r.side == side), key=lambda i: i.sort_order):
            ordered.append(root)
            walk(root.id)
    return ordered


def leaf_items(items: list[ItemInfo]) -> list[ItemInfo]:
    """The items entries are posted to: those without children."""
    parents = {i.parent_id for i in items}
    return [i for i in items if i.id not in parents]


def install_preset(ctx: AppContext, fiscal_year: int, path: Path = SMALL_PRESET) -> int:
    """The first-time setup of the books: the preset's account and items, from a year on."""
    with ctx.unit_of_work("科目の初期設定") as uow:
        if uow.session.scalar(select(Account.id).limit(1)) is not None:
            raise RuleViolation("会計と科目は既に設定されています。科目は個別に追加してください。")
        account_id = load_preset(uow, path, valid_from_year=fiscal_year)
        uow.commit()
    return account_id


def new_bank_account(ctx: AppContext, account_id: int, name: str, bank_name: str = "") -> int:
    """A bank account (預金口座) of an account, named as the clerk knows it."""
    if not name.strip():
        raise ValidationError(
            "口座の名前を入力してください（例: 東邦銀行 本店 普通 1234567）。", "口座"
        )
    with ctx.unit_of_work("口座の追加") as uow:
        bank_id = add_bank_account(uow, account_id, name.strip(), bank_name=bank_name.strip())
        uow.commit()
    return bank_id


PURPOSE_LABELS = {
    "dues": "会費の入金",
    "enrolment_fee": "入会金",
    "subsidy": "補助金",
    "tickets": "斡旋の販売代金",
    "ticket_purchases": "斡旋の仕入（会員負担分）",
    "ticket_subsidy": "斡旋の補助金",
    "event_fees_training": "研修会の参加費（研修事業）",
    "event_labour_bank": "研修会の労働金庫助成",
    "events_welfare": "行事の費用（福祉事業）",
    "event_subsidy": "行事の補助金（福祉事業）",
    "event_subsidy_training": "研修会の補助金（研修事業）",
    "event_fees": "行事の参加費（福祉事業）",
    "events": "研修会の費用（研修事業）",
    "benefits": "慶弔給付の支払",
    "welfare": "福祉事業",
    "interest": "預金利息",
}


def posting_setting(ctx: AppContext, fiscal_year: int) -> dict[str, tuple[str, str]]:
    """Which item each area posts to in a year (read for the settings screen)."""
    with ctx.reader() as session:
        return posting_items(session, fiscal_year)


def save_posting_setting(
    ctx: AppContext, mapping: dict[str, tuple[str, str]], *, valid_from_year: int
) -> None:
    """The clerk's choice of posting items, in force from ``valid_from_year`` on."""
    with ctx.unit_of_work("計上先の科目の設定") as uow:
        set_posting_items(uow, mapping, valid_from_year=valid_from_year)
        uow.commit()
