"""Targets (目標): a yearly figure per item for the society, optionally split per
establishment, and a new year copied from the last with a percentage change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Establishment, PartnerItem, PartnerTarget
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.items import check_figure, scale_target
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners._common import (
    item_row,
    items_of_year,
    partner_row,
    partner_year,
)
from gojokai_desktop.services.partners.items import add_item_specs
from gojokai_desktop.services.partners.presets import ItemSpec


@dataclass(frozen=True)
class EstablishmentTarget:
    """An establishment in the split of one item's target (None: no target of its own)."""

    establishment_id: int
    number: int
    name: str
    target: int | None
    left: bool


@dataclass(frozen=True)
class CopySummary:
    """What copying a year did."""

    items_added: int
    targets_set: int
    targets_kept: int
    source_items: int


def _targets(session: Session, item_id: int) -> dict[int | None, PartnerTarget]:
    return {
        t.establishment_id: t
        for t in session.scalars(select(PartnerTarget).where(PartnerTarget.item_id == item_id))
    }


def _store(
    session: Session,
    existing: dict[int | None, PartnerTarget],
    item: PartnerItem,
    establishment_id: int | None,
    amount: int | None,
) -> None:
    row = existing.get(establishment_id)
    if amount is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            PartnerTarget(item_id=item.id, establishment_id=establishment_id, amount=amount)
        )
    elif row.amount != amount:
        row.amount = amount


def set_targets(
    ctx: AppContext, partner_id: int, fiscal_year: int, targets: Mapping[int, int | None]
) -> int:
    """Save the society's yearly targets of a partner's year (item id → figure, None clears);
    every figure is checked before anything is saved. Returns how many items have one."""
    with ctx.unit_of_work("推進目標の保存") as uow:
        session = uow.session
        partner_row(session, partner_id)
        items = {i.id: i for i in items_of_year(session, partner_id, fiscal_year)}
        for item_id, amount in targets.items():
            item = items.get(item_id)
            if item is None:
                raise RuleViolation("この年度にない項目の目標は保存できません。")
            if amount is not None:
                check_figure(amount, f"「{item.name}」の年間目標")
        for item_id, amount in targets.items():
            item = items[item_id]
            _store(session, _targets(session, item.id), item, None, amount)
        uow.flush()
        count = session.scalar(
            select(func.count()).where(
                PartnerTarget.item_id.in_(list(items)), PartnerTarget.establishment_id.is_(None)
            )
        )
        uow.commit()
    return int(count or 0)


def establishment_targets(ctx: AppContext, item_id: int) -> list[EstablishmentTarget]:
    """Every establishment present in the item's year (and any with a target), by number."""
    with ctx.reader() as session:
        item = item_row(session, item_id)
        partner = partner_row(session, item.partner_id)
        year = partner_year(partner, item.fiscal_year)
        have = {k: t.amount for k, t in _targets(session, item.id).items() if k is not None}
        rows = session.execute(
            select(
                Establishment.id,
                Establishment.number,
                Establishment.name,
                Establishment.join_date,
                Establishment.leave_date,
            ).order_by(Establishment.number)
        )
        result = []
        for est_id, number, name, joined, left in rows:
            present = joined <= year.last_day and (left is None or left >= year.first_day)
            if present or est_id in have:
                result.append(
                    EstablishmentTarget(est_id, number, name, have.get(est_id), not present)
                )
        return result


def set_establishment_targets(
    ctx: AppContext, item_id: int, targets: Mapping[int, int | None]
) -> int:
    """Save the split of an item's target per establishment (None clears one); returns the
    sum of the establishments' targets."""
    with ctx.unit_of_work("事業所別の推進目標の保存") as uow:
        session = uow.session
        item = item_row(session, item_id)
        known = set(session.scalars(select(Establishment.id)))
        for est_id, amount in targets.items():
            if est_id not in known:
                raise ValidationError("登録されていない事業所です。", "事業所")
            if amount is not None:
                check_figure(amount, "事業所の目標")
        existing = _targets(session, item.id)
        for est_id, amount in targets.items():
            _store(session, existing, item, est_id, amount)
        uow.flush()
        total = sum(t.amount for k, t in _targets(session, item.id).items() if k is not None)
        uow.commit()
    return total


def copy_year(
    ctx: AppContext,
    partner_id: int,
    from_year: int,
    to_year: int,
    percent_tenths: int = 0,
    *,
    overwrite: bool = False,
) -> CopySummary:
    """Copy the items of ``from_year`` the new year lacks (same codes, so last year's figures
    are found again) and their targets changed by ``percent_tenths`` (50 = +5.0 %), society
    and establishments alike, rounded half-up. Targets the new year already has are kept
    unless ``overwrite``."""
    if from_year == to_year:
        raise ValidationError("複写元と複写先が同じ年度です。", "年度")
    if percent_tenths < -1000:
        raise ValidationError("−100%より小さくはできません。", "増減率")
    with ctx.unit_of_work("推進項目と目標の前年度からの複写") as uow:
        session = uow.session
        partner_row(session, partner_id)
        source = items_of_year(session, partner_id, from_year)
        if not source:
            raise RuleViolation(
                f"{from_year}年度には項目がありません。複写できるものがありません。"
            )
        specs = [ItemSpec(i.code, i.group_name, i.name, i.unit, i.source) for i in source]
        added = add_item_specs(session, partner_id, to_year, specs)
        uow.flush()
        targets = {i.code: i for i in items_of_year(session, partner_id, to_year)}
        set_count = kept = 0
        for old in source:
            new = targets.get(old.code)
            if new is None:
                continue
            existing = _targets(session, new.id)
            for est_id, target in _targets(session, old.id).items():
                if est_id in existing and not overwrite:
                    kept += 1
                    continue
                _store(session, existing, new, est_id, scale_target(target.amount, percent_tenths))
                set_count += 1
        uow.commit()
    return CopySummary(added, set_count, kept, len(source))
