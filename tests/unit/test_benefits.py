"""Benefit table model and claim assessment: amounts, explanations and every check's boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.benefits.rules import (
    ClaimFacts,
    FamilyMember,
    MembershipPeriod,
    Override,
    PastClaim,
    assess_claim,
    claim_deadline,
    completed_months,
    membership_years,
    waiting_period_end,
)
from gojokai_desktop.domain.benefits.table import (
    AmountRule,
    Band,
    BenefitKind,
    BenefitTable,
    DamageClass,
    Limit,
    rule_in_words,
)
from gojokai_desktop.domain.errors import ValidationError

D = dt.date
JOINED = (MembershipPeriod(D(2015, 4, 1)),)
SPOUSE = FamilyMember("f1", "互助 花子", "配偶者", D(1980, 5, 5))
CHILD = FamilyMember("f2", "互助 一郎", "子", D(2019, 4, 2))
PARENT = FamilyMember("f3", "互助 松", "母", D(1950, 1, 1))


def kind(**kw: object) -> BenefitKind:
    values: dict[str, object] = {
        "code": "K",
        "name": "結婚祝金",
        "category": "celebration",
        "subject": "member",
        "rule": AmountRule("fixed", amount=30_000),
    }
    values.update(kw)
    return BenefitKind(**values)  # type: ignore[arg-type]


EVENT = D(2025, 6, 1)


def facts(event: dt.date = EVENT, claim: dt.date | None = None, **kw: object) -> ClaimFacts:
    values: dict[str, object] = {
        "event_date": event,
        "claim_date": claim or event,
        "membership": JOINED,
        "member_birth": D(1980, 4, 10),
    }
    values.update(kw)
    return ClaimFacts(**values)  # type: ignore[arg-type]


def codes(a: object) -> list[str]:
    return [f.code for f in a.failures]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("event", "months", "last"),
    [
        (D(2025, 4, 10), 6, D(2025, 10, 10)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 3, 15), 24, D(2027, 3, 15)),
    ],
)
def test_claim_deadline_civil_code(event: dt.date, months: int, last: dt.date) -> None:
    assert claim_deadline(event, months) == last


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(2025, 4, 1), 6, D(2025, 9, 30)),
        (D(2025, 4, 1), 12, D(2026, 3, 31)),
        (D(2025, 8, 31), 6, D(2026, 2, 27)),
    ],
)
def test_waiting_period_end(start: dt.date, months: int, last: dt.date) -> None:
    assert waiting_period_end(start, months) == last


def test_completed_months() -> None:
    assert completed_months(D(2015, 4, 1), D(2025, 3, 31)) == 120
    assert completed_months(D(2015, 4, 1), D(2025, 3, 30)) == 119
    assert completed_months(D(2015, 4, 1), D(2015, 3, 1)) == 0


def test_membership_years_over_two_periods() -> None:
    periods = (
        MembershipPeriod(D(2000, 4, 1), D(2005, 3, 31)),  # 5 years
        MembershipPeriod(D(2010, 4, 1)),
    )
    f = facts(D(2015, 9, 30), membership=periods)  # + 5 years 6 months
    assert membership_years(f) == 10
    assert membership_years(facts(D(2015, 3, 30), membership=periods)) == 9


# ------------------------------------------------------------------ amounts


def test_fixed_amount_explained() -> None:
    a = assess_claim(kind(), facts())
    assert a.eligible
    assert a.payable
    assert a.amount == a.computed_amount == 30_000
    assert a.explanation == ("結婚祝金（30,000円）", "定額 30,000円")


def test_per_child() -> None:
    k = kind(name="出産祝金", rule=AmountRule("per_child", amount=10_000))
    a = assess_claim(k, facts(children=2))
    assert a.amount == 20_000
    assert "1児につき 10,000円 × 2人 = 20,000円" in a.explanation
    bad = assess_claim(k, facts(children=0))
    assert bad.amount == 0
    assert bad.failures[0].message == "子の数は1以上で入力してください"


SICK = AmountRule(
    "band",
    basis="days_off",
    bands=(Band(7, 14, 10_000), Band(14, 30, 20_000), Band(30, None, 30_000)),
)


@pytest.mark.parametrize(
    ("days", "amount"),
    [(7, 10_000), (13, 10_000), (14, 20_000), (29, 20_000), (30, 30_000), (365, 30_000)],
)
def test_band_by_days_off(days: int, amount: int) -> None:
    a = assess_claim(kind(name="傷病見舞金", category="sympathy", rule=SICK), facts(days_off=days))
    assert a.amount == amount
    assert a.eligible


def test_band_below_lowest_refused() -> None:
    a = assess_claim(kind(name="傷病見舞金", rule=SICK), facts(days_off=6))
    assert a.amount == 0
    assert not a.payable
    assert a.failures[0].message == "休業日数6日は支給区分にありません（7日以上が対象です）"


def test_band_needs_its_fact() -> None:
    a = assess_claim(kind(rule=SICK), facts())
    assert a.failures[0].message == "休業日数を入力してください（区分の判定に必要です）"


def test_band_explanation_names_the_band() -> None:
    a = assess_claim(kind(name="傷病見舞金", rule=SICK), facts(days_off=20))
    assert "休業日数20日 → 区分「休業日数 14日以上30日未満 20,000円」" in a.explanation


LEISURE = AmountRule(
    "band",
    basis="membership_years",
    bands=(
        Band(3, 5, 5_000),
        Band(5, 10, 1_500, per_year=True),
        Band(10, 20, 1_700, per_year=True),
        Band(20, 30, 1_800, per_year=True),
        Band(30, None, 2_000, per_year=True),
    ),
    cap=80_000,
)


@pytest.mark.parametrize(
    ("joined", "amount", "capped"),
    [
        (D(2022, 4, 1), 5_000, False),  # 3 years
        (D(2020, 4, 1), 7_500, False),  # 5 × 1,500
        (D(2015, 4, 1), 17_000, False),  # 10 × 1,700
        (D(1995, 4, 1), 60_000, False),  # 30 × 2,000
        (D(1985, 4, 1), 80_000, False),  # 40 × 2,000 = 80,000 exactly: the cap is not exceeded
        (D(1984, 4, 1), 80_000, True),  # 41 × 2,000 = 82,000 → cap
    ],
)
def test_per_year_with_cap(joined: dt.date, amount: int, capped: bool) -> None:
    k = kind(name="余暇活動促進助成金", rule=LEISURE)
    a = assess_claim(k, facts(D(2025, 3, 31), membership=(MembershipPeriod(joined),)))
    assert a.amount == amount
    assert any("上限 80,000円を適用" in line for line in a.explanation) is capped
    if capped:
        assert "上限 80,000円を適用（計算額 82,000円）" in a.explanation


def test_service_years_falls_back_to_membership() -> None:
    rule = AmountRule("band", basis="service_years", bands=(Band(10, 20, 30_000),))
    a = assess_claim(kind(rule=rule), facts(D(2025, 3, 31)))
    assert a.amount == 30_000
    assert "勤続年数の届出がないため会員期間で計算" in a.explanation
    assert assess_claim(kind(rule=rule), facts(service_years=12)).amount == 30_000


DISASTER = AmountRule(
    "class",
    classes=(
        DamageClass("total", "全壊", 100_000),
        DamageClass("half", "半壊", 50_000),
        DamageClass("flood", "床上浸水", 30_000),
    ),
)


def test_damage_class() -> None:
    k = kind(name="災害見舞金", category="sympathy", rule=DISASTER)
    assert assess_claim(k, facts(damage_class="half")).amount == 50_000
    bad = assess_claim(k, facts(damage_class="roof"))
    assert bad.failures[0].message == "被害の程度を選んでください（全壊、半壊、床上浸水）"


# ------------------------------------------------------------------ checks


def test_membership_on_event_date() -> None:
    periods = (MembershipPeriod(D(2015, 4, 1), D(2025, 5, 31)),)
    assert assess_claim(kind(), facts(D(2025, 5, 31), membership=periods)).eligible
    a = assess_claim(kind(), facts(D(2025, 6, 1), membership=periods))
    assert codes(a) == ["membership"]
    assert a.failures[0].message == "事由発生日（令和7年6月1日）に会員ではありません"
    assert a.amount == 0
    assert a.computed_amount == 30_000


def test_waiting_period_boundary() -> None:
    k = kind(waiting_months=6)
    joined = (MembershipPeriod(D(2025, 4, 1)),)
    on_last_day = assess_claim(k, facts(D(2025, 9, 30), membership=joined))
    assert codes(on_last_day) == ["waiting"]
    assert on_last_day.failures[0].message == (
        "待機期間中の事由です（入会日 令和7年4月1日から6か月、令和7年9月30日までの事由は対象外）"
    )
    assert assess_claim(k, facts(D(2025, 10, 1), membership=joined)).eligible


def test_deadline_boundary() -> None:
    k = kind(deadline_months=6)
    assert assess_claim(k, facts(D(2025, 4, 10), D(2025, 10, 10))).eligible
    late = assess_claim(k, facts(D(2025, 4, 10), D(2025, 10, 11)))
    assert late.failures[0].message == (
        "請求期限（事由発生日から6か月、令和7年10月10日まで）を過ぎています"
        "（請求日 令和7年10月11日）"
    )


def test_claim_before_event_refused() -> None:
    a = assess_claim(kind(), facts(D(2025, 6, 1), D(2025, 5, 31)))
    assert a.failures[0].message == "請求日が事由発生日より前です"


def test_family_member_required_and_relation() -> None:
    k = kind(name="配偶者死亡弔慰金", category="condolence", subject="spouse")
    assert codes(assess_claim(k, facts())) == ["family"]
    assert (
        assess_claim(k, facts()).failures[0].message == "対象の家族（配偶者）が登録されていません"
    )
    assert assess_claim(k, facts(family_member=SPOUSE)).eligible
    wrong = assess_claim(k, facts(family_member=CHILD))
    assert wrong.failures[0].message == (
        "互助 一郎さんの続柄「子」は配偶者死亡弔慰金の対象（配偶者）ではありません"
    )
    parent_kind = kind(subject="parent")
    assert assess_claim(parent_kind, facts(family_member=PARENT)).eligible
    assert assess_claim(kind(subject="family"), facts(family_member=PARENT)).eligible


def test_family_registered_on_event_date() -> None:
    k = kind(subject="spouse")
    registered = FamilyMember("f1", "互助 花子", "配偶者", None, D(2025, 6, 2), None)
    a = assess_claim(k, facts(D(2025, 6, 1), family_member=registered))
    assert a.failures[0].message == "互助 花子さんは事由発生日に家族として登録されていません"
    assert assess_claim(k, facts(D(2025, 6, 2), family_member=registered)).eligible


@pytest.mark.parametrize(
    ("event", "ok"),
    [(D(2050, 4, 8), False), (D(2050, 4, 9), True), (D(2051, 4, 8), True), (D(2051, 4, 9), False)],
)
def test_age_on_birthday_eve(event: dt.date, ok: bool) -> None:
    # born 1980-04-10: 満70歳 from 2050-04-09 (the day before the birthday) to 2051-04-08
    k = kind(name="長寿祝金", ages=(70,))
    a = assess_claim(k, facts(event, membership=(MembershipPeriod(D(2000, 4, 1)),)))
    assert a.eligible is ok
    if not ok:
        assert a.failures[0].code == "age"
        assert a.failures[0].message.endswith("（対象は満70歳）")


def test_age_needs_birth() -> None:
    a = assess_claim(kind(ages=(20,)), facts(member_birth=None))
    assert a.failures[0].message == "会員本人の生年月日が登録されていません"


def test_school_entry_year() -> None:
    k = kind(name="入学祝金（小学校）", subject="child", school_entry_age=6)
    # born 2019-04-02 → enters on 2026-04-01 (令和8年度)
    assert assess_claim(k, facts(D(2026, 4, 1), family_member=CHILD)).eligible
    a = assess_claim(k, facts(D(2025, 4, 1), family_member=CHILD))
    assert a.failures[0].message == "入学年度は令和8年度です（事由発生日は令和7年度）"
    early = FamilyMember("f4", "互助 二郎", "子", D(2019, 4, 1))
    assert assess_claim(k, facts(D(2025, 4, 1), family_member=early)).eligible


def test_limit_once_ever() -> None:
    k = kind(limit=Limit("once_ever"))
    history = [PastClaim("K", D(2020, 5, 1), "member")]
    a = assess_claim(k, facts(), history)
    assert a.failures[0].message == "結婚祝金は1人1回限りです（令和2年5月1日の事由で支給済み）"
    assert assess_claim(k, facts(), [PastClaim("OTHER", D(2020, 5, 1), "member")]).eligible
    assert assess_claim(k, facts(), [PastClaim("K", D(2020, 5, 1), "f1")]).eligible


def test_limit_once_per_event() -> None:
    k = kind(limit=Limit("once_per_event"))
    assert codes(assess_claim(k, facts(), [PastClaim("K", D(2025, 6, 1), "member")])) == ["limit"]
    assert assess_claim(k, facts(), [PastClaim("K", D(2025, 5, 31), "member")]).eligible


def test_limit_once_per_fiscal_year() -> None:
    k = kind(limit=Limit("once_per_fiscal_year"))
    used = [PastClaim("K", D(2025, 4, 1), "member")]
    assert codes(assess_claim(k, facts(D(2026, 3, 31)), used)) == ["limit"]
    assert assess_claim(k, facts(D(2026, 4, 1)), used).eligible


def test_limit_per_period() -> None:
    k = kind(limit=Limit("per_period", count=2, period_years=3))
    one = [PastClaim("K", D(2023, 6, 2), "member")]
    assert assess_claim(k, facts(D(2025, 6, 1)), one).eligible
    two = [*one, PastClaim("K", D(2024, 1, 1), "member")]
    a = assess_claim(k, facts(D(2025, 6, 1)), two)
    assert a.failures[0].message == "結婚祝金は3年間に2回までです（令和6年1月1日の事由で支給済み）"
    # the older one falls out of the 3 years on the anniversary
    older = [PastClaim("K", D(2022, 6, 1), "member"), PastClaim("K", D(2024, 1, 1), "member")]
    assert assess_claim(k, facts(D(2025, 6, 1)), older).eligible


def test_spouses_both_members() -> None:
    k = kind(both_spouses_may_claim=False)
    a = assess_claim(k, facts(spouse_also_claimed=True))
    assert (
        a.failures[0].message
        == "結婚祝金は会員である配偶者が同じ事由で請求済みのため支給できません"
    )
    assert assess_claim(kind(both_spouses_may_claim=True), facts(spouse_also_claimed=True)).eligible


def test_every_failure_is_listed() -> None:
    k = kind(waiting_months=6, deadline_months=1, limit=Limit("once_ever"))
    a = assess_claim(
        k,
        facts(D(2025, 5, 1), D(2025, 7, 1), membership=(MembershipPeriod(D(2025, 4, 1)),)),
        [PastClaim("K", D(2020, 1, 1), "member")],
    )
    assert codes(a) == ["waiting", "deadline", "limit"]


# ------------------------------------------------------------------ override


def test_override_pays_and_is_marked() -> None:
    o = Override("管理者 山田", True, "災害救助法の適用なしを確認")
    a = assess_claim(kind(deadline_months=1), facts(D(2025, 4, 1), D(2025, 6, 1), override=o))
    assert codes(a) == ["deadline"]  # the failure stays on the register
    assert a.overridden
    assert a.payable
    assert a.amount == 30_000
    assert (
        a.explanation[-1]
        == "管理者 管理者 山田 が上書き: 災害救助法の適用なしを確認（支給額 30,000円）"
    )


def test_override_with_amount() -> None:
    o = Override("山田", True, "理事会決定", amount=5_000)
    a = assess_claim(kind(rule=SICK), facts(days_off=3, override=o))
    assert a.amount == 5_000
    assert a.computed_amount == 0
    assert a.overridden


def test_override_needs_admin_and_reason() -> None:
    with pytest.raises(ValidationError, match="管理者だけ") as e:
        assess_claim(kind(), facts(override=Override("鈴木", False, "急ぎ")))
    assert e.value.field == "上書き承認者"
    with pytest.raises(ValidationError, match="理由") as e2:
        assess_claim(kind(), facts(override=Override("山田", True, "  ")))
    assert e2.value.field == "上書き理由"


# ------------------------------------------------------------------ model validation


def test_rule_in_words() -> None:
    rule = AmountRule(
        "band",
        basis="service_years",
        bands=(Band(10, 20, 30_000), Band(20, 30, 50_000), Band(30, None, 100_000)),
    )
    assert rule_in_words(rule) == (
        "勤続年数 10年以上20年未満 30,000円",
        "勤続年数 20年以上30年未満 50,000円",
        "勤続年数 30年以上 100,000円",
    )
    assert rule_in_words(LEISURE)[1] == "会員期間 5年以上10年未満 1年につき1,500円"
    assert rule_in_words(LEISURE)[-1] == "（上限 80,000円）"
    ages = AmountRule("band", basis="age", bands=(Band(70, 71, 10_000),))
    assert rule_in_words(ages) == ("年齢 70歳 10,000円",)
    assert rule_in_words(AmountRule("per_child", amount=10_000)) == ("1児につき 10,000円",)
    assert rule_in_words(DISASTER)[0] == "全壊 100,000円"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: AmountRule("formula"), "金額の決め方"),
        (lambda: AmountRule("fixed", amount=-1), "金額"),
        (lambda: AmountRule("band", basis="height", bands=(Band(1, 2, 1),)), "区分の基準"),
        (lambda: AmountRule("band", basis="age"), "区分"),
        (
            lambda: AmountRule("band", basis="age", bands=(Band(1, 5, 1), Band(4, 6, 1))),
            "区分",
        ),
        (lambda: AmountRule("band", basis="age", bands=(Band(1, None, 1), Band(4, 6, 1))), "区分"),
        (lambda: Band(5, 5, 1), "区分"),
        (lambda: AmountRule("class"), "程度"),
        (
            lambda: AmountRule(
                "class", classes=(DamageClass("a", "A", 1), DamageClass("a", "B", 2))
            ),
            "程度",
        ),
        (lambda: Limit("twice"), "回数制限"),
        (lambda: Limit("per_period"), "回数制限"),
        (lambda: kind(category="gift"), "分類"),
        (lambda: kind(subject="cousin"), "対象"),
        (lambda: kind(deadline_months=0), "期間"),
        (lambda: kind(code=""), "給付の種類"),
        (lambda: BenefitTable("t", 2025, (kind(), kind())), "給付コード"),
    ],
)
def test_invalid_tables_refused(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as e:
        build()  # type: ignore[operator]
    assert e.value.field == field


def test_table_lookup() -> None:
    table = BenefitTable("t", 2025, (kind(), kind(code="L", name="成人祝金")))
    assert table.kind("L").name == "成人祝金"
    with pytest.raises(ValidationError, match="給付コード「X」は給付表にありません"):
        table.kind("X")


def test_age_band_without_birth() -> None:
    rule = AmountRule("band", basis="age", bands=(Band(70, 71, 10_000),))
    a = assess_claim(kind(rule=rule), facts(member_birth=None))
    assert [f.message for f in a.failures] == ["会員本人の生年月日が登録されていません"]


def test_benefit_after_membership_ended() -> None:
    ended = (MembershipPeriod(D(2000, 4, 1), D(2020, 8, 31)),)
    k = kind(subject="child", membership_on_event=False)
    child = FamilyMember("c", "遺児", "子", D(2015, 1, 1))
    assert assess_claim(k, facts(D(2025, 4, 1), membership=ended, family_member=child)).eligible
    strict = kind(subject="child")
    a = assess_claim(strict, facts(D(2025, 4, 1), membership=ended, family_member=child))
    assert [f.code for f in a.failures] == ["membership"]


def test_code_and_name_lengths_are_limited() -> None:
    with pytest.raises(ValidationError, match="40文字以内"):
        BenefitKind("x" * 41, "結婚祝金", "celebration", "member", AmountRule("fixed", 1))
    with pytest.raises(ValidationError, match="100文字以内"):
        BenefitKind("marriage", "祝" * 101, "celebration", "member", AmountRule("fixed", 1))
