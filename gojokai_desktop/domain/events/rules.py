"""The society's rules for events: kinds, who takes part, subsidies by band, limits, refunds.

A subsidy (補助) is what the society pays per participant on top of the fee: fixed per
category (004: 1日人間ドック 16,500 円 a member) or by band of the cost per person (004:
研修旅行 under 100,000 円 → member 5,000 / family 3,000; 100,000–200,000 → 8,000 / 4,000).
The rules are data the society edits (:class:`EventRules`), saved as versions like the
benefit table, and an event keeps the amounts it was given.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from gojokai_desktop.domain.errors import ValidationError

#: 研修会, 旅行, 大会, 健診, 行事
KINDS = ("training", "trip", "tournament", "checkup", "other")
KIND_LABELS = {
    "training": "研修会",
    "trip": "旅行",
    "tournament": "大会",
    "checkup": "健診",
    "other": "行事",
}
#: The programme (事業) an event's money belongs to: study sessions are 研修事業, the rest 福祉事業.
PROGRAMMES = {"training": "研修事業"} | {k: "福祉事業" for k in KINDS if k != "training"}
#: 会員 (the member), 家族, 一般 (guests, including establishments' staff who are not members)
CATEGORIES = ("member", "family", "guest")
CATEGORY_LABELS = {"member": "会員", "family": "家族", "guest": "一般"}
BASES = ("fixed", "cost")
BASIS_LABELS = {"fixed": "定額", "cost": "1人当たり費用の区分"}
#: The labour bank refunds study sessions up to this much per participant (DOMAIN.md §7).
LABOUR_BANK_PER_HEAD = 2_000
MAX_FEE = 10_000_000
_TIME = re.compile(r"^(\d{1,2})\s*[:：時]\s*(\d{1,2})?\s*分?$")


def kind_code(label_or_code: str) -> str:
    """``旅行`` or ``trip`` → ``trip``; anything else names the kinds there are."""
    text = label_or_code.strip()
    if text in KINDS:
        return text
    for code, label in KIND_LABELS.items():
        if label == text:
            return code
    raise ValidationError(f"種類は {'・'.join(KIND_LABELS.values())} から選んでください。", "種類")


def category_code(label_or_code: str) -> str:
    """``会員``/``本人`` → member, ``家族`` → family, ``一般``/``ゲスト`` → guest."""
    text = unicodedata.normalize("NFKC", label_or_code).strip().lower()
    aliases = {"本人": "member", "ゲスト": "guest", "来賓": "guest", "一般": "guest"}
    if text in CATEGORIES:
        return text
    if text in aliases:
        return aliases[text]
    for code, label in CATEGORY_LABELS.items():
        if label == text:
            return code
    raise ValidationError("区分は 会員（本人）・家族・一般 のいずれかです。", "区分")


def parse_start_time(text: str, field_name: str = "開始時刻") -> str:
    """``10:00``, ``１０：３０``, ``10時``, ``9時30分`` → ``HH:MM``; blank stays blank."""
    normalized = unicodedata.normalize("NFKC", text).strip()
    if not normalized:
        return ""
    match = _TIME.match(normalized)
    if match is None:
        raise ValidationError(
            f"「{text.strip()}」は時刻として読めません（例: 10:00）。", field_name
        )
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(
            f"「{text.strip()}」はありえない時刻です（0:00〜23:59）。", field_name
        )
    return f"{hour:02d}:{minute:02d}"


def check_amount(value: int, field_name: str) -> int:
    """A fee or subsidy: int yen, not negative, not absurd."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("金額は整数（円）で入力してください。", field_name)
    if value < 0:
        raise ValidationError("金額は0円以上で入力してください（マイナスは不可）。", field_name)
    if value > MAX_FEE:
        raise ValidationError(f"金額は{MAX_FEE:,}円以下にしてください。", field_name)
    return value


@dataclass(frozen=True)
class Amounts:
    """One amount per category of participant (fees, or subsidies)."""

    member: int = 0
    family: int = 0
    guest: int = 0

    def of(self, category: str) -> int:
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        value: int = getattr(self, category)
        return value

    def checked(self, what: str) -> Amounts:
        """The same amounts, each refused when negative, naming e.g. 参加費（家族）."""
        for category in CATEGORIES:
            check_amount(self.of(category), f"{what}（{CATEGORY_LABELS[category]}）")
        return self

    def words(self) -> str:
        """``会員 5,000円・家族 3,000円`` (categories at 0 are left out)."""
        parts = [f"{CATEGORY_LABELS[c]} {self.of(c):,}円" for c in CATEGORIES if self.of(c)]
        return "・".join(parts) if parts else "なし"


@dataclass(frozen=True)
class SubsidyBand:
    """Cost per person below ``below`` yen (None: any higher cost) gets ``amounts``."""

    below: int | None
    amounts: Amounts


@dataclass(frozen=True)
class SubsidyRule:
    """A named subsidy: fixed per category, or by band of the cost per person."""

    code: str
    name: str
    basis: str = "fixed"
    fixed: Amounts = Amounts()
    bands: tuple[SubsidyBand, ...] = ()
    note: str = ""

    def amounts_for(self, cost_per_person: int | None) -> tuple[Amounts, str]:
        """The subsidy per category for an event, and how it was reached (for the screen)."""
        if self.basis == "fixed":
            return self.fixed, f"{self.name}: 定額 {self.fixed.words()}"
        if cost_per_person is None:
            raise ValidationError(
                f"「{self.name}」の補助は1人当たりの費用で決まります。費用を入力してください。",
                "1人当たり費用",
            )
        lower = 0
        for band in self.bands:
            if band.below is None or cost_per_person < band.below:
                span = f"{lower:,}円以上" + (
                    f"{band.below:,}円未満" if band.below is not None else ""
                )
                return band.amounts, (
                    f"{self.name}: 1人当たり費用 {cost_per_person:,}円（{span}）→ "
                    f"{band.amounts.words()}"
                )
            lower = band.below
        return Amounts(), (
            f"{self.name}: 1人当たり費用 {cost_per_person:,}円は区分（{lower:,}円未満まで）を"
            "超えるため補助はありません"
        )

    def words(self) -> str:
        """The rule as the rule table prints it."""
        if self.basis == "fixed":
            return f"定額 {self.fixed.words()}"
        parts, lower = [], 0
        for band in self.bands:
            span = f"{lower:,}円以上" if lower else ""
            span += f"{band.below:,}円未満" if band.below is not None else ""
            parts.append(f"{span or 'すべて'}: {band.amounts.words()}")
            lower = band.below or lower
        return "費用 " + "／".join(parts)


@dataclass(frozen=True)
class EventRules:
    """The society's event rules of a fiscal year on (補助の表, 年間の申込回数, ろうきん助成)."""

    name: str
    valid_from_year: int
    subsidies: tuple[SubsidyRule, ...] = ()
    #: At most this many applications per member per fiscal year, by event kind.
    yearly_limits: dict[str, int] = field(default_factory=dict)
    labour_bank_per_head: int = LABOUR_BANK_PER_HEAD

    def subsidy(self, code: str) -> SubsidyRule:
        for rule in self.subsidies:
            if rule.code == code:
                return rule
        names = "、".join(r.name for r in self.subsidies) or "（なし）"
        raise ValidationError(f"補助の区分「{code}」はありません（{names}）。", "補助")

    def limit_of(self, kind: str) -> int | None:
        return self.yearly_limits.get(kind)


def _check_bands(rule: SubsidyRule, where: str) -> None:
    if not rule.bands:
        raise ValidationError("費用の区分を1つ以上入れてください。", f"{where}の区分")
    last = 0
    for number, band in enumerate(rule.bands, start=1):
        band.amounts.checked(f"{where}の区分{number}")
        if band.below is None:
            if number != len(rule.bands):
                raise ValidationError(
                    "上限のない区分は最後にしてください。", f"{where}の区分{number}"
                )
            continue
        if band.below <= last:
            raise ValidationError(
                "区分の上限は小さい順に、前の区分より大きくしてください。", f"{where}の区分{number}"
            )
        last = band.below


def validate_rules(rules: EventRules) -> EventRules:
    """Every rule checked, naming the rule and the field; bands must rise."""
    codes: set[str] = set()
    for rule in rules.subsidies:
        where = f"補助「{rule.name or rule.code}」"
        if not rule.code.strip() or not rule.name.strip():
            raise ValidationError("補助の区分には記号と名前が要ります。", f"{where}の名前")
        if rule.code in codes:
            raise ValidationError(f"記号「{rule.code}」が重複しています。", f"{where}の記号")
        codes.add(rule.code)
        if rule.basis not in BASES:
            raise ValidationError("定額か費用の区分を選んでください。", f"{where}の方式")
        rule.fixed.checked(f"{where}の補助額")
        if rule.basis == "cost":
            _check_bands(rule, where)
    for kind, count in rules.yearly_limits.items():
        if kind not in KINDS:
            raise ValidationError(f"種類「{kind}」はありません。", "年間の申込回数")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValidationError(
                "年間の申込回数は1回以上で入力してください。",
                f"年間の申込回数（{KIND_LABELS[kind]}）",
            )
    check_amount(rules.labour_bank_per_head, "ろうきん助成（1人当たり）")
    return rules


def labour_bank_claim(participants: int, costs: int, per_head: int = LABOUR_BANK_PER_HEAD) -> int:
    """請求額 = min(経費, 1人当たり助成 × 参加者数) (the labour bank's study-session refund)."""
    if participants < 0:
        raise ValidationError("参加者数は0人以上で入力してください。", "参加者数")
    check_amount(costs, "経費")
    return min(costs, per_head * participants)


@dataclass(frozen=True)
class RefundRule:
    """キャンセル料: from ``days_before`` days before the event, ``percent`` of the fee is kept."""

    days_before: int = 0
    percent: int = 0

    def checked(self) -> RefundRule:
        if isinstance(self.days_before, bool) or self.days_before < 0:
            raise ValidationError("日数は0日以上で入力してください。", "キャンセル料の日数")
        if isinstance(self.percent, bool) or not 0 <= self.percent <= 100:
            raise ValidationError("割合は0〜100%で入力してください。", "キャンセル料の割合")
        return self

    def kept(self, paid: int, cancelled_on: dt.date, event_date: dt.date) -> int:
        """What the society keeps of ``paid`` when a participant cancels on ``cancelled_on``.

        Rounded down, in the member's favour; nothing is kept before the fee period.
        """
        if not self.percent or cancelled_on < event_date - dt.timedelta(days=self.days_before):
            return 0
        return paid * self.percent // 100

    def words(self) -> str:
        if not self.percent:
            return "取消の場合は全額返金"
        return (
            f"開催日の{self.days_before}日前から取消の場合、"
            f"参加費の{self.percent}%をキャンセル料とします"
        )
