"""Ticket items (斡旋品目) per fiscal year: prices, subsidy, caps, flags; copy to a new year.

An item with orders, stock or sales is never deleted: it is retired (取扱終了), which keeps it
in the year's report and out of new rounds. Saving names the version the clerk started from,
so a change made meanwhile on another PC is not silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gojokai_desktop.db.models import (
    TicketCategoryCap,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketRoundItem,
    TicketStockLot,
)
from gojokai_desktop.db.models.tickets import ALLOCATION_METHODS, ELIGIBILITIES
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.domain.tickets.prices import Prices, check_prices
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import MAX_QUANTITY, item_or_refuse

CATEGORIES = ("レジャー施設", "無料配布", "図書カード", "商品券", "書籍", "冊子", "紹介")
ELIGIBILITY_LABELS = {"member": "会員本人のみ", "family": "家族も可"}
METHOD_LABELS = {"lottery": "抽選", "first_come": "先着順"}


@dataclass(frozen=True)
class ItemInput:
    """What the clerk enters for an item; a child price (小人) is all three amounts or none."""

    fiscal_year: int
    category: str
    name: str
    face_price: int
    member_price: int
    subsidy: int
    supplier: str = ""
    unit: str = "枚"
    child_face_price: int | None = None
    child_member_price: int | None = None
    child_subsidy: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity_note: str = ""
    is_new: bool = False
    is_free: bool = False
    referral_only: bool = False
    member_cap: int | None = None
    eligibility: str = "member"
    allocation_method: str = "lottery"
    partial_allowed: bool = True
    supply_limit: int | None = None
    child_supply_limit: int | None = None
    note: str = ""
    sort_order: int | None = None


@dataclass(frozen=True)
class ItemView(ItemInput):
    """An item as the screens show it, with its id, version and whether it is in use."""

    id: int = 0
    version: int = 1
    status: str = "active"
    orders: int = 0
    in_use: bool = False

    @property
    def has_child_price(self) -> bool:
        return self.child_face_price is not None

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    @property
    def adult_prices(self) -> Prices:
        return Prices(self.face_price, self.member_price, self.subsidy)

    @property
    def child_prices(self) -> Prices | None:
        if self.child_face_price is None:
            return None
        return Prices(self.child_face_price, self.child_member_price or 0, self.child_subsidy or 0)

    @property
    def flags(self) -> str:
        """新規・無料配布・紹介のみ・取扱終了, as the item list shows them."""
        marks = [
            label
            for on, label in (
                (self.is_new, "新規"),
                (self.is_free, "無料配布"),
                (self.referral_only, "紹介のみ"),
                (self.retired, "取扱終了"),
            )
            if on
        ]
        return "・".join(marks)

    @property
    def cap_text(self) -> str:
        if self.member_cap is None:
            return "制限なし"
        per = "1人" if self.eligibility == "family" else "1会員"
        return f"{per}{self.member_cap}{self.unit}"


def _view(row: TicketItem, orders: int = 0, in_use: bool = False) -> ItemView:
    return ItemView(
        fiscal_year=row.fiscal_year, category=row.category, name=row.name,
        face_price=row.face_price, member_price=row.member_price, subsidy=row.subsidy,
        supplier=row.supplier, unit=row.unit, child_face_price=row.child_face_price,
        child_member_price=row.child_member_price, child_subsidy=row.child_subsidy,
        valid_from=row.valid_from, valid_to=row.valid_to, validity_note=row.validity_note,
        is_new=row.is_new, is_free=row.is_free, referral_only=row.referral_only,
        member_cap=row.member_cap, eligibility=row.eligibility,
        allocation_method=row.allocation_method, partial_allowed=row.partial_allowed,
        supply_limit=row.supply_limit, child_supply_limit=row.child_supply_limit,
        note=row.note, sort_order=row.sort_order, id=row.id, version=row.version,
        status=row.status, orders=orders, in_use=in_use,
    )  # fmt: skip


def _optional_count(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99_999:
        raise ValidationError("0〜99,999の整数で入力するか、空欄にしてください。", field)
    return value


def validate_item(data: ItemInput) -> ItemInput:
    """The input cleaned, or a ValidationError that names the field and what is expected."""
    name = clean_text(data.name, "品名", 100, required=True)
    category = clean_text(data.category, "区分", 30, required=True)
    adult_label = "大人" if data.child_face_price is not None else ""
    check_prices(Prices(data.face_price, data.member_price, data.subsidy), adult_label)
    child = (data.child_face_price, data.child_member_price, data.child_subsidy)
    if any(v is not None for v in child) and not all(v is not None for v in child):
        raise ValidationError(
            "小人の料金は定価・会員価格・補助額をすべて入れるか、すべて空欄にしてください。",
            "小人の定価",
        )
    if data.child_face_price is not None:
        check_prices(Prices(*(v or 0 for v in child)), "小人")
    if data.is_free and (data.member_price or data.child_member_price):
        raise ValidationError("無料配布の品目は会員価格を0円にしてください。", "会員価格")
    if data.referral_only and (data.subsidy or data.child_subsidy):
        raise ValidationError(
            "紹介のみの品目はお金が互助会を通らないため、補助額は0円です。", "補助額"
        )
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        raise ValidationError("有効期間の終わりは始まり以降にしてください。", "有効期間（まで）")
    cap = data.member_cap
    if cap is not None and (isinstance(cap, bool) or not 1 <= cap <= MAX_QUANTITY):
        raise ValidationError(f"上限は1〜{MAX_QUANTITY}で入力するか、空欄にしてください。", "上限")
    if data.eligibility not in ELIGIBILITIES:
        raise ValidationError("「会員本人のみ」か「家族も可」を選んでください。", "申込できる人")
    if data.allocation_method not in ALLOCATION_METHODS:
        raise ValidationError("「抽選」か「先着順」を選んでください。", "配分の方法")
    supply = _optional_count(data.supply_limit, "取扱数")
    child_supply = _optional_count(data.child_supply_limit, "取扱数（小人）")
    if child_supply is not None and data.child_face_price is None:
        raise ValidationError(
            "小人の料金がない品目に小人の取扱数は入れられません。", "取扱数（小人）"
        )
    return replace(
        data,
        name=name,
        category=category,
        supplier=clean_text(data.supplier, "取扱先", 100),
        unit=clean_text(data.unit, "単位", 10) or "枚",
        validity_note=clean_text(data.validity_note, "有効期間の説明", 100),
        note=data.note.strip(),
        supply_limit=supply,
        child_supply_limit=child_supply,
    )


def _name_taken(session: Session, fiscal_year: int, name: str, item_id: int | None) -> bool:
    query = select(TicketItem.id).where(TicketItem.fiscal_year == fiscal_year,
                                        TicketItem.name == name)  # fmt: skip
    if item_id is not None:
        query = query.where(TicketItem.id != item_id)
    return session.scalar(query) is not None


_FIELDS = tuple(f for f in ItemInput.__dataclass_fields__ if f != "sort_order")
# The amounts the orders were taken at: changed afterwards only by an administrator.
_PRICE_FIELDS = (
    "face_price",
    "member_price",
    "subsidy",
    "child_face_price",
    "child_member_price",
    "child_subsidy",
)


def _in_use(session: Session, item_id: int) -> bool:
    for model in (TicketOrder, TicketStockLot, TicketHandover):
        if session.scalar(select(model.id).where(model.item_id == item_id).limit(1)):
            return True
    return False


def save_item(
    ctx: AppContext,
    data: ItemInput,
    *,
    item_id: int | None = None,
    expected_version: int | None = None,
) -> ItemView:
    """A new item (``item_id`` None) or the clerk's changes to one."""
    clean = validate_item(data)
    with ctx.unit_of_work("斡旋品目の保存" if item_id else "斡旋品目の登録") as uow:
        session = uow.session
        if _name_taken(session, clean.fiscal_year, clean.name, item_id):
            raise ValidationError(
                f"{clean.fiscal_year}年度に「{clean.name}」は既にあります。", "品名"
            )
        if item_id is None:
            count = session.scalar(
                select(func.count()).where(TicketItem.fiscal_year == clean.fiscal_year)
            )
            row = TicketItem(sort_order=clean.sort_order or int(count or 0) + 1, status="active")
            session.add(row)
        else:
            row = item_or_refuse(session, item_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleDataError("ほかの端末で先に変更されました。読み込み直してください。")
            in_use = _in_use(session, row.id)
            if row.fiscal_year != clean.fiscal_year and in_use:
                raise RuleViolation("申込や在庫のある品目の年度は変えられません。")
            if in_use and any(getattr(row, f) != getattr(clean, f) for f in _PRICE_FIELDS):
                require_role(uow, "admin", "申込のある品目の価格・補助額の変更")
            if clean.sort_order is not None:
                row.sort_order = clean.sort_order
        for field in _FIELDS:
            setattr(row, field, getattr(clean, field))
        uow.flush()
        view = _view(row)
        uow.commit()
    return view


def list_items(
    ctx: AppContext, fiscal_year: int, *, include_retired: bool = True
) -> list[ItemView]:
    """The year's items in the order of the announcement, with their live order counts."""
    with ctx.reader() as session:
        query = select(TicketItem).where(TicketItem.fiscal_year == fiscal_year)
        if not include_retired:
            query = query.where(TicketItem.status == "active")
        rows = session.scalars(query.order_by(TicketItem.sort_order, TicketItem.id)).all()
        counts = dict(
            session.execute(
                select(TicketOrder.item_id, func.count())
                .where(TicketOrder.status == "live")
                .where(TicketOrder.item_id.in_([r.id for r in rows]))
                .group_by(TicketOrder.item_id)
            ).all()
        )
        return [_view(r, int(counts.get(r.id, 0)), _in_use(session, r.id)) for r in rows]


def get_item(ctx: AppContext, item_id: int) -> ItemView:
    with ctx.reader() as session:
        row = item_or_refuse(session, item_id)
        return _view(row, 0, _in_use(session, row.id))


def fiscal_years(ctx: AppContext) -> list[int]:
    """Years that have items, newest first."""
    with ctx.reader() as session:
        years = session.scalars(
            select(TicketItem.fiscal_year).distinct().order_by(TicketItem.fiscal_year.desc())
        ).all()
        return [int(y) for y in years]


def delete_item(ctx: AppContext, item_id: int) -> None:
    """Delete an item entered by mistake; one with orders, stock or sales is retired instead."""
    with ctx.unit_of_work("斡旋品目の削除") as uow:
        session = uow.session
        row = item_or_refuse(session, item_id)
        if _in_use(session, item_id):
            raise RuleViolation(
                f"「{row.name}」には申込・在庫・受渡の記録があるため削除できません。"
                "「取扱終了」にしてください（記録と実績は残ります）。"
            )
        session.execute(delete(TicketRoundItem).where(TicketRoundItem.item_id == item_id))
        session.delete(row)
        uow.commit()


def set_retired(ctx: AppContext, item_id: int, retired: bool) -> ItemView:
    """取扱終了 (no new orders or rounds; its records stay), or taken up again."""
    with ctx.unit_of_work("斡旋品目の取扱終了" if retired else "斡旋品目の取扱再開") as uow:
        row = item_or_refuse(uow.session, item_id)
        row.status = "retired" if retired else "active"
        uow.flush()
        view = _view(row, 0, _in_use(uow.session, item_id))
        uow.commit()
    return view


def _shifted(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def copy_items(ctx: AppContext, from_year: int, to_year: int) -> int:
    """Last year's active items (and category caps) into a new year in one step.

    Items already in the new year (by name) are left alone; validity dates move by the years
    between; 新規 is cleared, since last year's new item is not new any more.
    """
    if to_year == from_year:
        raise ValidationError("コピー先は別の年度を選んでください。", "コピー先の年度")
    with ctx.unit_of_work("斡旋品目の前年度からのコピー") as uow:
        count = copy_items_in(uow, from_year, to_year)
        uow.commit()
    return count


def copy_items_in(uow: UnitOfWork, from_year: int, to_year: int) -> int:
    session = uow.session
    sources = session.scalars(
        select(TicketItem)
        .where(TicketItem.fiscal_year == from_year, TicketItem.status == "active")
        .order_by(TicketItem.sort_order, TicketItem.id)
    ).all()
    if not sources:
        raise RuleViolation(f"{from_year}年度の品目がありません。コピーできるものがありません。")
    existing = set(
        session.scalars(select(TicketItem.name).where(TicketItem.fiscal_year == to_year))
    )
    years = to_year - from_year
    copied = 0
    for source in sources:
        if source.name in existing:
            continue
        values = {f: getattr(source, f) for f in _FIELDS}
        values.update(
            fiscal_year=to_year,
            is_new=False,
            valid_from=_shifted(source.valid_from, years),
            valid_to=_shifted(source.valid_to, years),
        )
        session.add(
            TicketItem(**values, sort_order=source.sort_order, status="active",
                       copied_from_id=source.id)
        )  # fmt: skip
        copied += 1
    caps = session.scalars(
        select(TicketCategoryCap).where(TicketCategoryCap.fiscal_year == from_year)
    ).all()
    have = set(
        session.scalars(
            select(TicketCategoryCap.category).where(TicketCategoryCap.fiscal_year == to_year)
        )
    )
    for cap in caps:
        if cap.category not in have:
            session.add(TicketCategoryCap(fiscal_year=to_year, category=cap.category, cap=cap.cap))
    uow.flush()
    return copied


def category_caps(ctx: AppContext, fiscal_year: int) -> dict[str, int]:
    """区分ごとの上限 of a year (a category without one has no cap)."""
    with ctx.reader() as session:
        return category_caps_in(session, fiscal_year)


def category_caps_in(session: Session, fiscal_year: int) -> dict[str, int]:
    rows = session.execute(
        select(TicketCategoryCap.category, TicketCategoryCap.cap).where(
            TicketCategoryCap.fiscal_year == fiscal_year
        )
    ).all()
    return {str(c): int(n) for c, n in rows}


def set_category_cap(ctx: AppContext, fiscal_year: int, category: str, cap: int | None) -> None:
    """Set (or, with None, remove) a category's per-member yearly cap."""
    name = clean_text(category, "区分", 30, required=True)
    if cap is not None and (isinstance(cap, bool) or not 1 <= cap <= MAX_QUANTITY):
        raise ValidationError(f"上限は1〜{MAX_QUANTITY}で入力してください。", "区分の上限")
    with ctx.unit_of_work("斡旋の区分ごとの上限") as uow:
        row = uow.session.scalar(
            select(TicketCategoryCap).where(
                TicketCategoryCap.fiscal_year == fiscal_year, TicketCategoryCap.category == name
            )
        )
        if cap is None:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(TicketCategoryCap(fiscal_year=fiscal_year, category=name, cap=cap))
        else:
            row.cap = cap
        uow.commit()
