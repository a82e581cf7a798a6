"""Partners (推進先) and their items per fiscal year (推進項目), from a preset or typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Partner,
    PartnerEnrolment,
    PartnerItem,
    PartnerResult,
    PartnerTarget,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.items import check_source, check_unit, match_key
from gojokai_desktop.domain.partners.rates import check_rounding
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.partners._common import (
    item_row,
    items_of_year,
    partner_row,
    partner_year,
)
from gojokai_desktop.services.partners.presets import ItemSpec, load_preset


@dataclass(frozen=True)
class PartnerInput:
    """What the partner dialog edits."""

    name: str
    formal_name: str = ""
    start_month: int = 4
    rate_rounding: str = "half_up_1"
    active: bool = True
    note: str = ""


@dataclass(frozen=True)
class PartnerView:
    id: int
    data: PartnerInput
    sort_order: int
    version: int

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def start_month(self) -> int:
        return self.data.start_month


@dataclass(frozen=True)
class ItemInput:
    """What the item dialog edits."""

    group: str
    name: str
    unit: str = "件"
    source: str = "entry"
    note: str = ""


@dataclass(frozen=True)
class ItemView:
    """An item of a year with its society target and what hangs on it."""

    id: int
    partner_id: int
    fiscal_year: int
    code: str
    data: ItemInput
    sort_order: int
    version: int
    target: int | None
    establishment_targets: int
    establishment_target_total: int
    results: int
    enrolments: int

    @property
    def group(self) -> str:
        return self.data.group

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def unit(self) -> str:
        return self.data.unit

    @property
    def source(self) -> str:
        return self.data.source


def validate_partner(data: PartnerInput) -> PartnerInput:
    if isinstance(data.start_month, bool) or not 1 <= data.start_month <= 12:
        raise ValidationError("1〜12の月を選んでください。", "年度の始まり")
    return PartnerInput(
        name=clean_text(data.name, "推進先の名前", 60, required=True),
        formal_name=clean_text(data.formal_name, "正式名称", 100),
        start_month=data.start_month,
        rate_rounding=check_rounding(data.rate_rounding),
        active=bool(data.active),
        note=clean_text(data.note, "備考", 200),
    )


def validate_item(data: ItemInput) -> ItemInput:
    return ItemInput(
        group=clean_text(data.group, "区分", 60),
        name=clean_text(data.name, "項目名", 100, required=True),
        unit=check_unit(data.unit),
        source=check_source(data.source),
        note=clean_text(data.note, "備考", 200),
    )


def _partner_view(row: Partner) -> PartnerView:
    data = PartnerInput(
        row.name, row.formal_name, row.start_month, row.rate_rounding, row.active, row.note
    )
    return PartnerView(row.id, data, row.sort_order, row.version)


def list_partners(ctx: AppContext, *, include_inactive: bool = True) -> list[PartnerView]:
    with ctx.reader() as session:
        query = select(Partner).order_by(Partner.sort_order, Partner.id)
        if not include_inactive:
            query = query.where(Partner.active.is_(True))
        return [_partner_view(p) for p in session.scalars(query)]


def get_partner(ctx: AppContext, partner_id: int) -> PartnerView:
    with ctx.reader() as session:
        return _partner_view(partner_row(session, partner_id))


def _refuse_same_name(session: Session, name: str, partner_id: int | None) -> None:
    clash = session.scalar(select(Partner.id).where(Partner.name == name))
    if clash is not None and clash != partner_id:
        raise ValidationError(f"「{name}」という推進先は既にあります。", "推進先の名前")


def save_partner(
    ctx: AppContext,
    data: PartnerInput,
    *,
    partner_id: int | None = None,
    version: int | None = None,
) -> PartnerView:
    """Add a partner, or change one (``version`` as read: a stale copy is refused)."""
    clean = validate_partner(data)
    with ctx.unit_of_work("推進先の保存") as uow:
        session = uow.session
        _refuse_same_name(session, clean.name, partner_id)
        if partner_id is None:
            order = session.scalar(select(func.max(Partner.sort_order))) or 0
            row = Partner(sort_order=order + 1)
            session.add(row)
        else:
            row = partner_row(session, partner_id)
            _check_version(row.version, version, row.name)
            if row.start_month != clean.start_month and _has_figures(session, row.id):
                raise RuleViolation(
                    "実績や会員の加入が記録された推進先の年度の始まりは変えられません"
                    "（記録済みの期間の意味が変わるため）。"
                )
        row.name, row.formal_name, row.start_month = (
            clean.name,
            clean.formal_name,
            clean.start_month,
        )
        row.rate_rounding, row.active, row.note = clean.rate_rounding, clean.active, clean.note
        uow.flush()
        view = _partner_view(row)
        uow.commit()
    return view


def _check_version(current: int, expected: int | None, name: str) -> None:
    if expected is not None and current != expected:
        raise RuleViolation(
            f"「{name}」はほかの端末で先に変更されました。画面を開き直してから変更してください。"
        )


def _has_figures(session: Session, partner_id: int) -> bool:
    items = select(PartnerItem.id).where(PartnerItem.partner_id == partner_id)
    for model in (PartnerResult, PartnerEnrolment):
        if session.scalar(select(model.id).where(model.item_id.in_(items)).limit(1)):
            return True
    return False


def add_partner_from_preset(ctx: AppContext, key: str, fiscal_year: int) -> PartnerView:
    """A shipped partner with its items for ``fiscal_year`` (targets are the clerk's to type)."""
    preset = load_preset(key)
    with ctx.unit_of_work("推進先の追加（ひな形から）") as uow:
        session = uow.session
        _refuse_same_name(session, preset.name, None)
        order = session.scalar(select(func.max(Partner.sort_order))) or 0
        row = Partner(
            name=preset.name,
            formal_name=preset.formal_name,
            start_month=preset.start_month,
            rate_rounding=preset.rate_rounding,
            sort_order=order + 1,
            active=True,
            note="",
        )
        session.add(row)
        uow.flush()
        add_item_specs(session, row.id, fiscal_year, preset.items)
        uow.flush()
        view = _partner_view(row)
        uow.commit()
    return view


def add_item_specs(
    session: Session, partner_id: int, fiscal_year: int, specs: Sequence[ItemSpec]
) -> int:
    """Add the items of ``specs`` the year does not have yet (by code); returns how many."""
    existing = items_of_year(session, partner_id, fiscal_year)
    codes = {i.code for i in existing}
    order = max((i.sort_order for i in existing), default=0)
    added = 0
    for spec in specs:
        if spec.code in codes:
            continue
        order += 1
        session.add(
            PartnerItem(
                partner_id=partner_id,
                fiscal_year=fiscal_year,
                code=spec.code,
                group_name=spec.group,
                name=spec.name,
                unit=spec.unit,
                source=spec.source,
                sort_order=order,
                note="",
            )
        )
        codes.add(spec.code)
        added += 1
    return added


def items_from_preset(ctx: AppContext, partner_id: int, fiscal_year: int, key: str) -> int:
    """The preset's items added to a year of an existing partner; returns how many were new."""
    preset = load_preset(key)
    with ctx.unit_of_work("推進項目の追加（ひな形から）") as uow:
        partner_row(uow.session, partner_id)
        added = add_item_specs(uow.session, partner_id, fiscal_year, preset.items)
        uow.commit()
    return added


def list_items(ctx: AppContext, partner_id: int, fiscal_year: int) -> list[ItemView]:
    """The items of a partner's year in the partner's order, with targets and counts."""
    with ctx.reader() as session:
        items = items_of_year(session, partner_id, fiscal_year)
        ids = [i.id for i in items]
        society: dict[int, int] = {}
        splits: dict[int, tuple[int, int]] = {}
        for item_id, est_id, amount in session.execute(
            select(
                PartnerTarget.item_id, PartnerTarget.establishment_id, PartnerTarget.amount
            ).where(PartnerTarget.item_id.in_(ids))
        ):
            if est_id is None:
                society[item_id] = amount
            else:
                count, total = splits.get(item_id, (0, 0))
                splits[item_id] = (count + 1, total + amount)
        results = _counts(session, PartnerResult, ids)
        enrolments = _counts(session, PartnerEnrolment, ids)
        return [
            ItemView(
                id=i.id,
                partner_id=i.partner_id,
                fiscal_year=i.fiscal_year,
                code=i.code,
                data=ItemInput(i.group_name, i.name, i.unit, i.source, i.note),
                sort_order=i.sort_order,
                version=i.version,
                target=society.get(i.id),
                establishment_targets=splits.get(i.id, (0, 0))[0],
                establishment_target_total=splits.get(i.id, (0, 0))[1],
                results=results.get(i.id, 0),
                enrolments=enrolments.get(i.id, 0),
            )
            for i in items
        ]


def _counts(
    session: Session, model: type[PartnerResult] | type[PartnerEnrolment], ids: list[int]
) -> dict[int, int]:
    query = (
        select(model.item_id, func.count()).where(model.item_id.in_(ids)).group_by(model.item_id)
    )
    return {int(item_id): int(count) for item_id, count in session.execute(query)}


def fiscal_years_of(ctx: AppContext, partner_id: int) -> list[int]:
    """The years the partner has items for, oldest first."""
    with ctx.reader() as session:
        return sorted(
            session.scalars(
                select(PartnerItem.fiscal_year)
                .where(PartnerItem.partner_id == partner_id)
                .distinct()
            )
        )


def _refuse_same_item(
    session: Session, item: PartnerItem | None, partner_id: int, fiscal_year: int, data: ItemInput
) -> None:
    clash = session.scalar(
        select(PartnerItem.id).where(
            PartnerItem.partner_id == partner_id,
            PartnerItem.fiscal_year == fiscal_year,
            PartnerItem.group_name == data.group,
            PartnerItem.name == data.name,
        )
    )
    if clash is not None and (item is None or clash != item.id):
        where = f"区分「{data.group}」に" if data.group else ""
        raise ValidationError(f"{where}「{data.name}」という項目は既にあります。", "項目名")


def save_item(
    ctx: AppContext,
    partner_id: int,
    fiscal_year: int,
    data: ItemInput,
    *,
    item_id: int | None = None,
    version: int | None = None,
) -> ItemView:
    """Add an item to a partner's year, or change one.

    How an item is counted cannot change once it has results or enrolments: the figures
    already recorded would silently stop counting.
    """
    clean = validate_item(data)
    with ctx.unit_of_work("推進項目の保存") as uow:
        session = uow.session
        partner = partner_row(session, partner_id)
        partner_year(partner, fiscal_year)
        item = item_row(session, item_id) if item_id is not None else None
        _refuse_same_item(session, item, partner_id, fiscal_year, clean)
        if item is None:
            existing = items_of_year(session, partner_id, fiscal_year)
            number = next_number(uow, "partner_item", partner_id)
            order = max((i.sort_order for i in existing), default=0) + 1
            item = PartnerItem(
                partner_id=partner_id,
                fiscal_year=fiscal_year,
                code=f"x{number:03d}",
                sort_order=order,
            )
            session.add(item)
        else:
            _check_version(item.version, version, item.name)
            if item.source != clean.source and _item_has_figures(session, item.id):
                raise RuleViolation(
                    f"「{item.name}」には実績か会員の加入が記録されているため、"
                    "集計方法は変えられません。"
                )
        item.group_name, item.name, item.unit = clean.group, clean.name, clean.unit
        item.source, item.note = clean.source, clean.note
        uow.flush()
        item_id = item.id
        uow.commit()
    return next(i for i in list_items(ctx, partner_id, fiscal_year) if i.id == item_id)


def _item_has_figures(session: Session, item_id: int) -> bool:
    return any(
        session.scalar(select(model.id).where(model.item_id == item_id).limit(1))
        for model in (PartnerResult, PartnerEnrolment)
    )


def delete_item(ctx: AppContext, item_id: int) -> None:
    """Remove an item typed by mistake; one with results or enrolments stays."""
    with ctx.unit_of_work("推進項目の削除") as uow:
        session = uow.session
        item = item_row(session, item_id)
        if _item_has_figures(session, item.id):
            raise RuleViolation(
                f"「{item.name}」には実績か会員の加入が記録されているため削除できません。"
            )
        for target in session.scalars(
            select(PartnerTarget).where(PartnerTarget.item_id == item.id)
        ):
            session.delete(target)
        uow.flush()
        session.delete(item)
        uow.commit()


def move_item(ctx: AppContext, item_id: int, step: int) -> None:
    """Move an item up (-1) or down (+1) in its year's order (the printed order)."""
    with ctx.unit_of_work("推進項目の並べ替え") as uow:
        session = uow.session
        item = item_row(session, item_id)
        items = items_of_year(session, item.partner_id, item.fiscal_year)
        index = next(n for n, i in enumerate(items) if i.id == item.id)
        other = index + step
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for order, row in enumerate(items, start=1):
            if row.sort_order != order:
                row.sort_order = order
        uow.commit()


def find_partner(ctx: AppContext, name: str) -> PartnerView:
    """The partner of that name (spaces and width ignored), or a ValidationError listing them."""
    wanted = match_key(name)
    partners = list_partners(ctx)
    for partner in partners:
        if match_key(partner.name) == wanted or str(partner.id) == name.strip():
            return partner
    known = "、".join(p.name for p in partners) or "（まだありません）"
    raise ValidationError(f"推進先「{name}」は登録されていません（登録済み: {known}）。", "推進先")
