"""The benefit table (慶弔給付): benefit kinds, their amount rules, limits and conditions.

Frozen dataclasses that validate themselves; the assessment of a claim against a kind lives in
:mod:`gojokai_desktop.domain.benefits.rules`. Money is int yen.
"""

from __future__ import annotations

from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import format_yen

CATEGORIES: dict[str, str] = {"celebration": "慶事", "condolence": "弔事", "sympathy": "見舞"}
SUBJECTS: dict[str, str] = {
    "member": "会員本人",
    "spouse": "配偶者",
    "child": "子",
    "parent": "父母",
    "family": "家族",
}
#: The 続柄 a family member must have for each subject (``family``: any registered relation).
SUBJECT_RELATIONS: dict[str, tuple[str, ...]] = {
    "spouse": ("配偶者", "妻", "夫"),
    "child": ("子", "長男", "長女", "次男", "次女", "三男", "三女"),
    "parent": ("父母", "父", "母", "義父", "義母"),
}
RULE_KINDS: dict[str, str] = {
    "fixed": "定額",
    "per_child": "1児につき",
    "band": "区分別",
    "class": "程度別",
}
#: What a banded amount is measured by, with its unit.
BASES: dict[str, tuple[str, str]] = {
    "membership_years": ("会員期間", "年"),
    "service_years": ("勤続年数", "年"),
    "days_off": ("休業日数", "日"),
    "age": ("年齢", "歳"),
}
LIMITS: dict[str, str] = {
    "none": "制限なし",
    "once_ever": "1人1回限り",
    "once_per_event": "1事由につき1回",
    "once_per_fiscal_year": "年度内1回",
    "per_period": "期間内の回数制限",
}


def _check_amount(value: int, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{value!r} は0以上の整数（円）で指定してください", field)


@dataclass(frozen=True)
class Band:
    """``low`` ≤ value < ``high`` (``None``: no upper end) pays ``amount``, or ``amount`` per
    year of membership when ``per_year`` (004's 余暇活動促進助成金)."""

    low: int
    high: int | None
    amount: int
    per_year: bool = False

    def __post_init__(self) -> None:
        _check_amount(self.amount, "区分の金額")
        if self.low < 0 or (self.high is not None and self.high <= self.low):
            raise ValidationError(
                f"区分「{self.low}〜{self.high}」: 下限は0以上、上限は下限より大きくしてください",
                "区分",
            )

    def contains(self, value: int) -> bool:
        return self.low <= value and (self.high is None or value < self.high)


@dataclass(frozen=True)
class DamageClass:
    """One class of a 程度別 rule (全壊, 半壊, 床上浸水; 004: months paid by the insurer)."""

    code: str
    label: str
    amount: int

    def __post_init__(self) -> None:
        _check_amount(self.amount, f"程度「{self.label}」の金額")
        if not self.code:
            raise ValidationError("程度の区分コードを指定してください", "程度")


@dataclass(frozen=True)
class AmountRule:
    """How much a kind pays: fixed, per child, by band of a measured value, or by class.

    ``cap`` limits the result of any rule (004: per-year amounts capped at 80,000 yen).
    """

    kind: str
    amount: int = 0
    basis: str = ""
    bands: tuple[Band, ...] = ()
    classes: tuple[DamageClass, ...] = ()
    cap: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise ValidationError(
                f"金額の決め方「{self.kind}」は使えません（{'、'.join(RULE_KINDS)}）",
                "金額の決め方",
            )
        _check_amount(self.amount, "金額")
        if self.cap is not None:
            _check_amount(self.cap, "上限額")
        if self.kind == "band":
            self._check_bands()
        if self.kind == "class":
            if not self.classes:
                raise ValidationError("程度別の金額には程度の区分が必要です", "程度")
            codes = [c.code for c in self.classes]
            if len(set(codes)) != len(codes):
                raise ValidationError("程度の区分コードが重複しています", "程度")

    def _check_bands(self) -> None:
        if self.basis not in BASES:
            raise ValidationError(
                f"区分の基準「{self.basis}」は使えません（{'、'.join(BASES)}）", "区分の基準"
            )
        if not self.bands:
            raise ValidationError("区分別の金額には区分が1つ以上必要です", "区分")
        for before, after in zip(self.bands, self.bands[1:], strict=False):
            if before.high is None or before.high > after.low:
                raise ValidationError(
                    f"区分「{before.low}〜」と「{after.low}〜」が重なっています"
                    "（小さい順に、重ならないように指定してください）",
                    "区分",
                )

    def band_for(self, value: int) -> Band | None:
        return next((b for b in self.bands if b.contains(value)), None)

    def class_for(self, code: str) -> DamageClass | None:
        return next((c for c in self.classes if c.code == code), None)


@dataclass(frozen=True)
class Limit:
    """How often a kind may be paid for the same person: see :data:`LIMITS`.

    ``per_period``: at most ``count`` times within ``period_years`` years before the event.
    """

    kind: str = "once_per_event"
    count: int = 1
    period_years: int = 0

    def __post_init__(self) -> None:
        if self.kind not in LIMITS:
            raise ValidationError(
                f"回数制限「{self.kind}」は使えません（{'、'.join(LIMITS)}）", "回数制限"
            )
        if self.kind == "per_period" and (self.count < 1 or self.period_years < 1):
            raise ValidationError("期間内の回数制限には回数と年数（1以上）が必要です", "回数制限")


@dataclass(frozen=True)
class BenefitKind:
    """One line of the benefit table.

    ``waiting_months``: months of membership before an event counts (0: none).
    ``deadline_months``: the claim must arrive by the same day ``deadline_months`` later.
    ``ages``: the subject must be one of these ages (満年齢) on the event date (長寿, 成人).
    ``school_entry_age``: the child must enter school at this age in the event's fiscal year
    (6: 小学校, 12: 中学校). ``item_code``: the cash-book item (科目) the benefit is paid from.
    ``membership_on_event``: False for benefits paid after membership ended (004's 遺児育英資金
    is paid every year after the member's death). ``sub_ledger``: the 経理区分 code the kind
    belongs to (004: ``general`` 一般経理 or ``short`` 短期経理; empty: the account has none),
    by which the statistics group the kinds.
    ``wedding_years`` (銀婚: 25) and ``membership_anniversaries`` (永年: 10, 20, 30) mark the
    kinds the due lists offer on a wedding anniversary of a registered spouse or on completing
    years of membership; like ``ages`` and ``school_entry_age`` they make a kind date-driven.
    """

    code: str
    name: str
    category: str
    subject: str
    rule: AmountRule
    waiting_months: int = 0
    deadline_months: int = 12
    limit: Limit = Limit()
    evidence: tuple[str, ...] = ()
    employer_certification: bool = False
    both_spouses_may_claim: bool = False
    item_code: str = ""
    ages: tuple[int, ...] = ()
    school_entry_age: int | None = None
    note: str = ""
    membership_on_event: bool = True
    sub_ledger: str = ""
    wedding_years: int | None = None
    membership_anniversaries: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.code or not self.name:
            raise ValidationError("給付の種類にはコードと名称が必要です", "給付の種類")
        if len(self.code) > 40 or len(self.name) > 100:
            raise ValidationError(
                f"「{self.name[:20]}」: コードは40文字以内、名称は100文字以内にしてください",
                "給付の種類",
            )
        if self.category not in CATEGORIES:
            raise ValidationError(
                f"「{self.name}」の分類「{self.category}」は使えません（{'、'.join(CATEGORIES)}）",
                "分類",
            )
        if self.subject not in SUBJECTS:
            raise ValidationError(
                f"「{self.name}」の対象「{self.subject}」は使えません（{'、'.join(SUBJECTS)}）",
                "対象",
            )
        if self.waiting_months < 0 or self.deadline_months < 1:
            raise ValidationError(
                f"「{self.name}」: 待機期間は0か月以上、請求期限は1か月以上で指定してください",
                "期間",
            )
        if self.wedding_years is not None and self.wedding_years < 1:
            raise ValidationError(
                f"「{self.name}」: 結婚記念の年数は1以上で指定してください", "結婚記念の年数"
            )
        years = self.membership_anniversaries
        if any(n < 1 for n in years) or len(set(years)) != len(years):
            raise ValidationError(
                f"「{self.name}」: 会員期間の節目は1以上の年数を重ならないように指定してください",
                "会員期間の節目",
            )

    @property
    def date_driven(self) -> bool:
        """True when the due lists find this kind from the society's own data."""
        return bool(
            self.ages
            or self.school_entry_age is not None
            or self.wedding_years is not None
            or self.membership_anniversaries
        )

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def subject_label(self) -> str:
        return SUBJECTS[self.subject]


@dataclass(frozen=True)
class BenefitTable:
    """The benefit table of a society, valid from ``valid_from_year`` (a fiscal year)."""

    name: str
    valid_from_year: int
    kinds: tuple[BenefitKind, ...]

    def __post_init__(self) -> None:
        codes = [k.code for k in self.kinds]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValidationError(
                f"給付コード「{'、'.join(duplicates)}」が重複しています", "給付コード"
            )

    def kind(self, code: str) -> BenefitKind:
        for kind in self.kinds:
            if kind.code == code:
                return kind
        raise ValidationError(f"給付コード「{code}」は給付表にありません", "給付の種類")


def _band_words(band: Band, basis: str) -> str:
    label, unit = BASES[basis]
    if band.high is None:
        span = f"{band.low}{unit}以上"
    elif band.high == band.low + 1:
        span = f"{band.low}{unit}"
    elif basis == "age":
        span = f"{band.low}歳から{band.high - 1}歳まで"
    else:
        span = f"{band.low}{unit}以上{band.high}{unit}未満"
    money = (
        f"1年につき{format_yen(band.amount)}円" if band.per_year else f"{format_yen(band.amount)}円"
    )
    return f"{label} {span} {money}"


def rule_in_words(rule: AmountRule) -> tuple[str, ...]:
    """The amount rule as lines of Japanese, e.g. ``勤続年数 10年以上20年未満 30,000円``."""
    if rule.kind == "fixed":
        lines = [f"{format_yen(rule.amount)}円"]
    elif rule.kind == "per_child":
        lines = [f"1児につき {format_yen(rule.amount)}円"]
    elif rule.kind == "band":
        lines = [_band_words(b, rule.basis) for b in rule.bands]
    else:
        lines = [f"{c.label} {format_yen(c.amount)}円" for c in rule.classes]
    if rule.cap is not None:
        lines.append(f"（上限 {format_yen(rule.cap)}円）")
    return tuple(lines)
