"""Prices of a ticket item: face price, member price and the subsidy the society pays.

The society buys a ticket at face price less the supplier's discount and sells it at the
member price; the subsidy per ticket (補助額) is written explicitly, and the supplier's
discount is what remains: face − member − subsidy, never negative.
"""

from __future__ import annotations

from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError

CLASS_LABELS = {"adult": "大人", "child": "小人"}
MAX_PRICE = 1_000_000


@dataclass(frozen=True)
class Prices:
    """One price class of an item: what it says on the ticket, what the member pays, and
    what the society adds."""

    face: int
    member: int
    subsidy: int

    @property
    def cost(self) -> int:
        """What the society pays the supplier per ticket: member price + subsidy."""
        return self.member + self.subsidy

    @property
    def supplier_discount(self) -> int:
        return self.face - self.member - self.subsidy


def _amount(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("金額は円単位の整数で入力してください", field)
    if value < 0:
        raise ValidationError("金額は0円以上で入力してください", field)
    if value > MAX_PRICE:
        raise ValidationError(f"金額は{MAX_PRICE:,}円以下で入力してください", field)
    return value


def check_prices(prices: Prices, label: str = "") -> Prices:
    """The prices, or a ValidationError naming the field (定価・会員価格・補助額 of 大人/小人)."""
    prefix = f"{label}の" if label else ""
    face = _amount(prices.face, f"{prefix}定価")
    member = _amount(prices.member, f"{prefix}会員価格")
    subsidy = _amount(prices.subsidy, f"{prefix}補助額")
    if member > face:
        raise ValidationError(
            f"会員価格（{member:,}円）は定価（{face:,}円）以下にしてください", f"{prefix}会員価格"
        )
    if member + subsidy > face:
        raise ValidationError(
            f"会員価格と補助額の合計（{member + subsidy:,}円）が定価（{face:,}円）を超えています。"
            "補助額は「定価 − 会員価格 − 取扱先の割引」です",
            f"{prefix}補助額",
        )
    return prices


def class_label(price_class: str, has_child_price: bool) -> str:
    """大人 / 小人 for an item with two prices; an item with one price shows no class."""
    if not has_child_price:
        return ""
    return CLASS_LABELS.get(price_class, price_class)
