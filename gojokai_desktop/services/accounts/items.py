"""The clerk's own changes to the item tree (科目): add, rename, reorder, stop using.

Items are records two clerks may edit at once: each change names the version the clerk saw
and is refused when another PC changed the item first.
"""

from __future__ import annotations

from sqlalchemy import select

from gojokai_desktop.db.models import Item
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.accounts.setup import add_item, find_item
from gojokai_desktop.services.context import AppContext


def new_item(
    ctx: AppContext,
    *,
    account_id: int,
    code: str,
    name: str,
    side: str,
    parent_code: str | None,
    valid_from_year: int,
) -> int:
    """A 科目 added by the clerk; under a parent it is one level below it."""
    with ctx.unit_of_work("科目の追加") as uow:
        level = 2
        if parent_code:
            parent = find_item(uow, account_id, parent_code)
            level = (parent.level + 1) if parent is not None else 2
        item_id = add_item(
            uow,
            account_id,
            code,
            name,
            side,
            level=min(level, 3),
            parent_code=parent_code or None,
            valid_from_year=valid_from_year,
        )
        uow.commit()
    return item_id


def _item_seen(uow: UnitOfWork, item_id: int, version: int | None) -> Item:
    """The item as the clerk saw it; changed meanwhile on another PC → refused."""
    row = uow.session.get(Item, item_id)
    if row is None:
        raise ValidationError("科目がありません。", "科目")
    if version is not None and row.version != version:
        raise RuleViolation(
            f"科目「{row.name}」はほかの端末で先に変更されました。読み込み直してから変えてください。"
        )
    return row


def rename_item(ctx: AppContext, item_id: int, name: str, *, version: int | None = None) -> None:
    """A 科目's new name (its code, postings and budgets stay): 「事務費」→「事務局費」."""
    clean = clean_text(name, "科目名", 60, required=True)
    with ctx.unit_of_work("科目名の変更") as uow:
        row = _item_seen(uow, item_id, version)
        row.name = clean
        uow.commit()


def move_item(ctx: AppContext, item_id: int, step: int, *, version: int | None = None) -> None:
    """Move a 科目 up (``step`` -1) or down (+1) among the items of the same parent and side:
    the order of the screens, the 収支予算書 and the 決算書."""
    if step not in (-1, 1):
        raise ValidationError("上か下に1つずつ動かします。", "並び順")
    with ctx.unit_of_work("科目の並べ替え") as uow:
        row = _item_seen(uow, item_id, version)
        siblings = sorted(
            uow.session.scalars(
                select(Item).where(
                    Item.account_id == row.account_id,
                    Item.side == row.side,
                    Item.parent_id.is_(None)
                    if row.parent_id is None
                    else Item.parent_id == row.parent_id,
                )
            ),
            key=lambda i: (i.sort_order, i.id),
        )
        position = siblings.index(row)
        target = position + step
        if not 0 <= target < len(siblings):
            where = "いちばん上" if step < 0 else "いちばん下"
            raise RuleViolation(f"「{row.name}」は既に{where}です。")
        siblings[position], siblings[target] = siblings[target], siblings[position]
        # Renumber the whole group: presets may have given siblings the same order number.
        for order, sibling in enumerate(siblings, start=1):
            if sibling.sort_order != order:
                sibling.sort_order = order
        uow.commit()


def retire_item(ctx: AppContext, item_id: int, last_year: int) -> None:
    """Stop using a 科目 after ``last_year``; its past entries and budgets stay as they were."""
    with ctx.unit_of_work("科目の廃止") as uow:
        row = uow.session.get(Item, item_id)
        if row is None:
            raise ValidationError("科目がありません。", "科目")
        if last_year < row.valid_from_year:
            raise ValidationError("使用開始の年度より前には廃止できません。", "廃止年度")
        row.valid_to_year = last_year
        uow.commit()
