"""Assessing a benefit claim (審査): the amount with its explanation, every eligibility check.

Periods follow the Civil Code: a claim deadline of N months after an event ends on the same
day N months later (初日不算入; the month's last day when that day does not exist), and a
waiting period of N months from the first day of membership ends the day before the same day
N months later (membership starts at the beginning of its first day).
"""

from __future__ import annotations

import calendar as cal
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gojokai_desktop.domain.age import age_on, school_entry_fiscal_year
from gojokai_desktop.domain.benefits.table import (
    BASES,
    SUBJECT_RELATIONS,
    BenefitKind,
    rule_in_words,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen


def add_months_clamped(d: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, cal.monthrange(year, month + 1)[1]))


def waiting_period_end(membership_start: date, months: int) -> date:
    """The last day of the waiting period (events on or before it are not covered)."""
    return add_months_clamped(membership_start, months) - timedelta(days=1)


def claim_deadline(event: date, months: int) -> date:
    """The last day a claim for an event on ``event`` is accepted."""
    return add_months_clamped(event, months)


def completed_months(start: date, last_day: date) -> int:
    """Whole months from ``start`` to the end of ``last_day`` (both days counted)."""
    end = last_day + timedelta(days=1)
    if end <= start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


@dataclass(frozen=True)
class MembershipPeriod:
    """One period of membership, ``end`` inclusive (``None``: still a member)."""

    start: date
    end: date | None = None

    def covers(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


@dataclass(frozen=True)
class FamilyMember:
    """The registered family member an event is about."""

    key: str
    name: str
    relation: str
    birth: date | None = None
    registered_from: date | None = None
    registered_to: date | None = None


@dataclass(frozen=True)
class PastClaim:
    """A claim already paid or approved: kind, event date and the person it was about."""

    kind_code: str
    event_date: date
    person_key: str


@dataclass(frozen=True)
class Override:
    """A decision to pay despite failed checks: who (must be an administrator) and why.

    ``amount`` replaces the computed amount when given (e.g. a band the rule does not reach).
    """

    approved_by: str
    is_administrator: bool
    reason: str
    amount: int | None = None


@dataclass(frozen=True)
class ClaimFacts:
    """What the clerk entered for a claim; ``person_key`` of the member is ``"member"``."""

    event_date: date
    claim_date: date
    membership: tuple[MembershipPeriod, ...]
    member_birth: date | None = None
    family_member: FamilyMember | None = None
    days_off: int | None = None
    damage_class: str | None = None
    children: int = 1
    service_years: int | None = None
    spouse_also_claimed: bool = False
    override: Override | None = None
    #: The documents received (None: not checked, e.g. a due-list preview).
    evidence_received: tuple[str, ...] | None = None
    #: Whether the employer's certification (事業主証明) is on the form (None: not checked).
    employer_certified: bool | None = None

    @property
    def person_key(self) -> str:
        return self.family_member.key if self.family_member else "member"


@dataclass(frozen=True)
class CheckFailure:
    """A failed eligibility check: a stable code and the message for the clerk."""

    code: str
    message: str


@dataclass(frozen=True)
class Assessment:
    """The result of assessing a claim.

    ``computed_amount`` is what the rule gives (0 when it gives nothing); ``amount`` is what
    may be paid: the computed amount when every check passed, the override's amount (or the
    computed one) when overridden, else 0. ``explanation`` says how the amount was reached.
    """

    kind_code: str
    amount: int
    computed_amount: int
    explanation: tuple[str, ...]
    failures: tuple[CheckFailure, ...]
    overridden: bool = False
    override: Override | None = None

    @property
    def eligible(self) -> bool:
        return not self.failures

    @property
    def payable(self) -> bool:
        return (self.eligible or self.overridden) and self.amount > 0


def _d(d: date) -> str:
    return format_wareki(d)


def membership_years(facts: ClaimFacts) -> int:
    """Completed years of membership up to the event date, over every period."""
    months = 0
    for period in facts.membership:
        if period.start > facts.event_date:
            continue
        last = facts.event_date if period.end is None else min(period.end, facts.event_date)
        months += completed_months(period.start, last)
    return months // 12


def _current_period(facts: ClaimFacts) -> MembershipPeriod | None:
    return next((p for p in facts.membership if p.covers(facts.event_date)), None)


def _subject_birth(kind: BenefitKind, facts: ClaimFacts) -> date | None:
    if kind.subject == "member":
        return facts.member_birth
    return facts.family_member.birth if facts.family_member else None


def _measured(kind: BenefitKind, facts: ClaimFacts) -> tuple[int | None, str]:
    basis = kind.rule.basis
    if basis == "membership_years":
        return membership_years(facts), ""
    if basis == "service_years":
        if facts.service_years is None:
            return membership_years(facts), "勤続年数の届出がないため会員期間で計算"
        return facts.service_years, ""
    if basis == "days_off":
        return facts.days_off, ""
    birth = _subject_birth(kind, facts)
    if birth is None or birth > facts.event_date:
        return None, ""
    return age_on(birth, facts.event_date), ""


def compute_amount(
    kind: BenefitKind, facts: ClaimFacts
) -> tuple[int, list[str], list[CheckFailure]]:
    """The amount by the kind's rule, the lines explaining it, and failures of the facts."""
    rule = kind.rule
    lines = [f"{kind.name}（{'・'.join(rule_in_words(rule))}）"]
    failures: list[CheckFailure] = []
    amount = 0
    if rule.kind == "fixed":
        amount = rule.amount
        lines.append(f"定額 {format_yen(amount)}円")
    elif rule.kind == "per_child":
        if facts.children < 1:
            failures.append(CheckFailure("facts", "子の数は1以上で入力してください"))
        else:
            amount = rule.amount * facts.children
            lines.append(
                f"1児につき {format_yen(rule.amount)}円 × {facts.children}人"
                f" = {format_yen(amount)}円"
            )
    elif rule.kind == "class":
        found = rule.class_for(facts.damage_class or "")
        if found is None:
            choices = "、".join(c.label for c in rule.classes)
            failures.append(CheckFailure("facts", f"被害の程度を選んでください（{choices}）"))
        else:
            amount = found.amount
            lines.append(f"程度「{found.label}」 {format_yen(amount)}円")
    else:
        amount = _band_amount(kind, facts, lines, failures)
    if rule.cap is not None and amount > rule.cap:
        lines.append(f"上限 {format_yen(rule.cap)}円を適用（計算額 {format_yen(amount)}円）")
        amount = rule.cap
    return amount, lines, failures


def _band_amount(
    kind: BenefitKind, facts: ClaimFacts, lines: list[str], failures: list[CheckFailure]
) -> int:
    label, unit = BASES[kind.rule.basis]
    value, note = _measured(kind, facts)
    if value is None and kind.rule.basis == "age":
        failures.append(
            CheckFailure("facts", f"{kind.subject_label}の生年月日が登録されていません")
        )
        return 0
    if value is None:
        failures.append(CheckFailure("facts", f"{label}を入力してください（区分の判定に必要です）"))
        return 0
    if note:
        lines.append(note)
    band = kind.rule.band_for(value)
    if band is None:
        lowest = kind.rule.bands[0].low
        failures.append(
            CheckFailure(
                "band",
                f"{label}{value}{unit}は支給区分にありません（{lowest}{unit}以上が対象です）",
            )
        )
        return 0
    words = rule_in_words(kind.rule)[kind.rule.bands.index(band)]
    if band.per_year:
        amount = band.amount * value
        lines.append(
            f"区分「{words}」: {format_yen(band.amount)}円 × {value}年 = {format_yen(amount)}円"
        )
        return amount
    lines.append(f"{label}{value}{unit} → 区分「{words}」")
    return band.amount


def _check_membership(kind: BenefitKind, facts: ClaimFacts) -> list[CheckFailure]:
    if not kind.membership_on_event:
        return []
    period = _current_period(facts)
    if period is None:
        return [
            CheckFailure("membership", f"事由発生日（{_d(facts.event_date)}）に会員ではありません")
        ]
    if kind.waiting_months:
        last = waiting_period_end(period.start, kind.waiting_months)
        if facts.event_date <= last:
            return [
                CheckFailure(
                    "waiting",
                    f"待機期間中の事由です（入会日 {_d(period.start)}から"
                    f"{kind.waiting_months}か月、"
                    f"{_d(last)}までの事由は対象外）",
                )
            ]
    return []


def _check_deadline(kind: BenefitKind, facts: ClaimFacts) -> list[CheckFailure]:
    last = claim_deadline(facts.event_date, kind.deadline_months)
    if facts.claim_date > last:
        return [
            CheckFailure(
                "deadline",
                f"請求期限（事由発生日から{kind.deadline_months}か月、{_d(last)}まで）を"
                f"過ぎています（請求日 {_d(facts.claim_date)}）",
            )
        ]
    # Date-driven benefits (入学, 長寿, 成人, 銀婚, 永年) are offered before the day, so an
    # early claim is normal for them; for any other kind it is a typing error.
    if facts.claim_date < facts.event_date and not kind.date_driven:
        return [CheckFailure("deadline", "請求日が事由発生日より前です")]
    return []


def _check_family(kind: BenefitKind, facts: ClaimFacts) -> list[CheckFailure]:
    if kind.subject == "member":
        return []
    person = facts.family_member
    if person is None:
        return [CheckFailure("family", f"対象の家族（{kind.subject_label}）が登録されていません")]
    failures = []
    allowed = SUBJECT_RELATIONS.get(kind.subject)
    if allowed is not None and person.relation not in allowed:
        failures.append(
            CheckFailure(
                "relation",
                f"{person.name}さんの続柄「{person.relation}」は"
                f"{kind.name}の対象（{kind.subject_label}）ではありません",
            )
        )
    registered_from = person.registered_from or date.min
    registered_to = person.registered_to or date.max
    if not registered_from <= facts.event_date <= registered_to:
        failures.append(
            CheckFailure("family", f"{person.name}さんは事由発生日に家族として登録されていません")
        )
    return failures


def _check_age(
    kind: BenefitKind, facts: ClaimFacts, calendar: FiscalCalendar
) -> list[CheckFailure]:
    if not kind.ages and kind.school_entry_age is None:
        return []
    birth = _subject_birth(kind, facts)
    if birth is None:
        return [CheckFailure("age", f"{kind.subject_label}の生年月日が登録されていません")]
    if birth > facts.event_date:
        return [CheckFailure("age", "事由発生日が生年月日より前です")]
    failures = []
    if kind.ages:
        age = age_on(birth, facts.event_date)
        if age not in kind.ages:
            wanted = "・".join(str(a) for a in kind.ages) + "歳"
            failures.append(
                CheckFailure("age", f"事由発生日の満年齢は{age}歳です（対象は満{wanted}）")
            )
    if kind.school_entry_age is not None:
        entry = school_entry_fiscal_year(birth, kind.school_entry_age, calendar)
        fy = calendar.year_of(facts.event_date)
        if entry != fy:
            failures.append(
                CheckFailure(
                    "school",
                    f"入学年度は{calendar.label(entry)}です（事由発生日は{calendar.label(fy)}）",
                )
            )
    return failures


def _check_limit(
    kind: BenefitKind, facts: ClaimFacts, history: Sequence[PastClaim], calendar: FiscalCalendar
) -> list[CheckFailure]:
    same = [p for p in history if p.kind_code == kind.code and p.person_key == facts.person_key]
    limit = kind.limit
    used: list[PastClaim] = []
    if limit.kind == "once_ever":
        used = same
    elif limit.kind == "once_per_event":
        used = [p for p in same if p.event_date == facts.event_date]
    elif limit.kind == "once_per_fiscal_year":
        fy = calendar.year_of(facts.event_date)
        used = [p for p in same if calendar.year_of(p.event_date) == fy]
    elif limit.kind == "per_period":
        start = add_months_clamped(facts.event_date, -12 * limit.period_years)
        used = [p for p in same if start < p.event_date <= facts.event_date]
        if len(used) < limit.count:
            used = []
    if not used:
        return []
    last = max(used, key=lambda p: p.event_date)
    rule = (
        f"{limit.period_years}年間に{limit.count}回まで"
        if limit.kind == "per_period"
        else _LIMIT_WORDS[limit.kind]
    )
    return [
        CheckFailure(
            "limit",
            f"{kind.name}は{rule}です（{_d(last.event_date)}の事由で支給済み）",
        )
    ]


_LIMIT_WORDS = {
    "once_ever": "1人1回限り",
    "once_per_event": "1事由につき1回",
    "once_per_fiscal_year": "年度内1回まで",
}


def _check_spouse(kind: BenefitKind, facts: ClaimFacts) -> list[CheckFailure]:
    if facts.spouse_also_claimed and not kind.both_spouses_may_claim:
        return [
            CheckFailure(
                "spouse", f"{kind.name}は会員である配偶者が同じ事由で請求済みのため支給できません"
            )
        ]
    return []


def _check_papers(kind: BenefitKind, facts: ClaimFacts) -> list[CheckFailure]:
    failures = []
    if facts.evidence_received is not None:
        missing = [e for e in kind.evidence if e not in facts.evidence_received]
        if missing:
            failures.append(
                CheckFailure(
                    "evidence", f"添付書類がそろっていません（未提出: {'、'.join(missing)}）"
                )
            )
    if kind.employer_certification and facts.employer_certified is False:
        failures.append(
            CheckFailure(
                "employer", f"{kind.name}には事業主証明が必要です（請求書の証明欄が未記入）"
            )
        )
    return failures


def assess_claim(
    kind: BenefitKind,
    facts: ClaimFacts,
    history: Sequence[PastClaim] = (),
    calendar: FiscalCalendar = APRIL_START,
) -> Assessment:
    """Compute the amount of a claim, explain it, and run every eligibility check.

    ``history``: the claims already paid or approved for this member (and family), without
    the claim being assessed (re-assessing an approved claim must leave it out). An override
    without an administrator or a reason is refused with :class:`ValidationError`.
    """
    override = facts.override
    if override is not None:
        if not override.is_administrator:
            raise ValidationError("審査の上書きは管理者だけができます", "上書き承認者")
        if not override.reason.strip():
            raise ValidationError("審査を上書きする理由を入力してください", "上書き理由")
        if override.amount is not None and override.amount < 0:
            raise ValidationError("上書きの金額は0円以上で入力してください", "上書き金額")
    amount, lines, failures = compute_amount(kind, facts)
    failures = [
        *_check_membership(kind, facts),
        *_check_deadline(kind, facts),
        *_check_family(kind, facts),
        *_check_age(kind, facts, calendar),
        *_check_limit(kind, facts, history, calendar),
        *_check_spouse(kind, facts),
        *_check_papers(kind, facts),
        *failures,
    ]
    paid = amount if not failures else 0
    overridden = override is not None
    if override is not None:
        paid = amount if override.amount is None else override.amount
        lines.append(
            f"管理者 {override.approved_by} が上書き: {override.reason}"
            f"（支給額 {format_yen(paid)}円）"
        )
    return Assessment(
        kind_code=kind.code,
        amount=paid,
        computed_amount=amount,
        explanation=tuple(lines),
        failures=tuple(failures),
        overridden=overridden,
        override=override,
    )
