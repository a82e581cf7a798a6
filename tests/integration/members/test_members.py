"""Members' life events against a real database: dates by rule, history kept, duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, User
from gojokai_desktop.db.models.members import Affiliation, Member
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.duplicates import find_duplicates
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    close_establishment,
    create_establishment,
    head_count_on,
)
from gojokai_desktop.services.members.family import add_family, end_family
from gojokai_desktop.services.members.membership import (
    audit_kept_for,
    delete_mistaken_member,
    get_member,
    join_member,
    leave_member,
    rejoin_member,
    transfer_member,
    update_member,
)
from gojokai_desktop.services.members.records import FamilyInput, MemberInput
from gojokai_desktop.services.members.search import (
    MemberQuery,
    filter_member_rows,
    load_member_rows,
)

D = dt.date
TARO = MemberInput(
    name="山田　太郎",
    name_kana="やまだ たろう",
    sex="M",
    birth_date=D(1980, 5, 3),
    postal_code="９６０８１０１",
    phone="0245211234",
)


@pytest.fixture
def firms(ctx, society):
    a = create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2020, 4, 1)
    )
    b = create_establishment(ctx, EstablishmentInput(name="杉妻工業"), D(2020, 4, 1))
    return a, b


def test_join_before_and_after_the_cutoff_day(ctx, firms):
    on_time = join_member(ctx, TARO, firms[0].id, D(2025, 6, 20))
    late = join_member(
        ctx, MemberInput(name="佐藤　花子", name_kana="サトウ　ハナコ"), firms[0].id, D(2025, 6, 21)
    )
    assert on_time.join_date == D(2025, 7, 1)
    assert late.join_date == D(2025, 8, 1)
    assert on_time.number == "0001-001"
    assert late.number == "0001-002"
    assert on_time.data.name_kana == "ヤマダ　タロウ"
    assert on_time.data.postal_code == "960-8101"
    assert on_time.data.phone == "024-521-1234"
    assert [(e.label, e.effective_date, e.entered_by) for e in on_time.events] == [
        ("入会", D(2025, 7, 1), "システム")
    ]


def test_overriding_the_join_date_needs_a_reason(ctx, firms):
    with pytest.raises(ValidationError) as err:
        join_member(ctx, TARO, firms[0].id, D(2025, 6, 10), effective=D(2025, 6, 1))
    assert err.value.field == "入会日を変える理由"
    assert "令和7年7月1日" in err.value.message
    m = join_member(
        ctx,
        TARO,
        firms[0].id,
        D(2025, 6, 10),
        effective=D(2025, 6, 1),
        override_reason="理事会承認",
    )
    assert m.join_date == D(2025, 6, 1)
    assert m.events[0].reason == "理事会承認"


def test_bad_input_names_the_field(ctx, firms):
    cases = [
        (MemberInput(name="", name_kana="ヤマダ"), "氏名"),
        (MemberInput(name="山田", name_kana="山田"), "フリガナ"),
        (MemberInput(name="山田", name_kana="ヤマダ", postal_code="96081"), "郵便番号"),
        (MemberInput(name="山田", name_kana="ヤマダ", bank_code="12"), "銀行コード"),
        (MemberInput(name="山田", name_kana="ヤマダ", birth_date=D(2030, 1, 1)), "生年月日"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as err:
            join_member(ctx, data, firms[0].id, D(2025, 6, 1))
        assert err.value.field == field


def test_transfer_keeps_the_history_and_the_head_counts(ctx, firms):
    a, b = firms
    m = join_member(ctx, TARO, a.id, D(2025, 3, 10))  # starts 2025-04-01
    m = transfer_member(ctx, m.id, b.id, D(2025, 6, 1), "出向")
    assert m.establishment_name == "杉妻工業"
    transfer = m.events[-1]
    assert (transfer.label, transfer.from_establishment, transfer.establishment) == (
        "異動（事業所）",
        "福島商事",
        "杉妻工業",
    )
    assert head_count_on(ctx, D(2025, 5, 31)) == {a.id: 1}
    assert head_count_on(ctx, D(2025, 6, 1)) == {b.id: 1}
    with pytest.raises(ValidationError, match="今と同じ事業所"):
        transfer_member(ctx, m.id, b.id, D(2025, 7, 1))


def test_leave_ends_the_month_and_rejoin_opens_a_new_period(ctx, firms):
    a, b = firms
    m = join_member(ctx, TARO, a.id, D(2024, 3, 10))
    m = leave_member(ctx, m.id, D(2025, 2, 3), "retired")
    assert (m.leave_date, m.leave_reason) == (D(2025, 2, 28), "retired")
    assert m.events[-1].reason == "退職"
    with pytest.raises(RuleViolation, match="既に退会"):
        leave_member(ctx, m.id, D(2025, 3, 1), "retired")
    with pytest.raises(ValidationError, match="退職・死亡・脱退・除名"):
        leave_member(ctx, m.id, D(2025, 3, 1), "moved")
    m = rejoin_member(ctx, m.id, b.id, D(2025, 5, 25))
    assert (m.join_date, m.leave_date, m.number) == (D(2025, 7, 1), None, "0001-001")
    assert [(p.start_date, p.end_date) for p in m.periods] == [
        (D(2024, 4, 1), D(2025, 2, 28)),
        (D(2025, 7, 1), None),
    ]
    assert [e.label for e in m.events] == ["入会", "退会", "再入会"]
    assert head_count_on(ctx, D(2025, 3, 1)) == {}
    assert head_count_on(ctx, D(2025, 7, 1)) == {b.id: 1}


def test_dues_class_change_goes_into_the_history(ctx, firms):
    m = join_member(ctx, TARO, firms[0].id, D(2025, 6, 1))
    changed = update_member(ctx, m.id, MemberInput(**{**TARO.__dict__, "dues_class": "B"}))
    assert changed.events[-1].label == "変更"
    assert changed.events[-1].reason == "会費区分 なし → B"


def test_duplicates_by_kana_and_birth_or_by_name_in_establishment(ctx, firms):
    a, b = firms
    m = join_member(ctx, TARO, a.id, D(2025, 6, 1))
    by_kana = find_duplicates(ctx, "山田太朗", "ﾔﾏﾀﾞ ﾀﾛｳ", D(1980, 5, 3), b.id)
    assert [(h.number, h.reason) for h in by_kana] == [("0001-001", "フリガナと生年月日が同じ")]
    by_name = find_duplicates(ctx, "山田 太郎", "ヤマダ", None, a.id)
    assert [(h.member_id, h.reason) for h in by_name] == [(m.id, "同じ事業所に同じ氏名")]
    assert find_duplicates(ctx, "山田 太郎", "ヤマダ", None, b.id) == []
    assert (
        find_duplicates(ctx, "山田 太郎", "ヤマダタロウ", D(1980, 5, 3), a.id, exclude_id=m.id)
        == []
    )


def test_family_add_and_end(ctx, firms):
    m = join_member(ctx, TARO, firms[0].id, D(2025, 6, 1))
    m = add_family(
        ctx, m.id, FamilyInput("子", "山田　一郎", "やまだ いちろう", "M", D(2015, 1, 1), True)
    )
    (child,) = m.family
    assert (child.name_kana, child.dependent, child.from_date) == (
        "ヤマダ　イチロウ",
        True,
        D(2025, 6, 15),
    )
    m = end_family(ctx, child.id, D(2025, 9, 30))
    assert m.family[0].to_date == D(2025, 9, 30)
    with pytest.raises(ValidationError) as err:
        add_family(ctx, m.id, FamilyInput("", "誰か"))
    assert err.value.field == "続柄"


def test_establishment_with_present_members_cannot_leave(ctx, firms):
    a, _ = firms
    m = join_member(ctx, TARO, a.id, D(2025, 6, 1))
    with pytest.raises(RuleViolation, match="在籍中の会員が1人"):
        close_establishment(ctx, a.id, D(2025, 9, 30))
    leave_member(ctx, m.id, D(2025, 8, 1), "withdrawn")
    assert close_establishment(ctx, a.id, D(2025, 9, 30)).leave_date == D(2025, 9, 30)


def test_only_an_admin_deletes_a_mistaken_record_and_the_audit_stays(
    ctx, clerk_ctx, database, firms
):
    m = join_member(ctx, TARO, firms[0].id, D(2025, 6, 1))
    with pytest.raises(RuleViolation, match="管理者だけ"):
        delete_mistaken_member(clerk_ctx, m.id)
    with ctx.reader() as s:
        admin_id = s.scalar(select(User.id).where(User.role == "admin"))
    admin = AppContext(database, Actor(admin_id, "管理者"), clock=ctx.clock)
    other = join_member(
        ctx, MemberInput(name="佐藤", name_kana="サトウ"), firms[0].id, D(2025, 6, 1)
    )
    add_family(ctx, other.id, FamilyInput("配偶者", "佐藤　花"))
    with pytest.raises(RuleViolation, match="退会にしてください"):
        delete_mistaken_member(admin, other.id)
    delete_mistaken_member(admin, m.id)
    with ctx.reader() as s:
        assert s.get(Member, m.id) is None
        assert (
            s.scalar(
                select(func.count()).select_from(Affiliation).where(Affiliation.member_id == m.id)
            )
            == 0
        )
        ops = s.scalars(
            select(AuditEntry.operation).where(
                AuditEntry.entity == "members", AuditEntry.entity_id == str(m.id)
            )
        ).all()
    assert ops == ["insert", "delete"]
    assert audit_kept_for(ctx, m.id) == 2
    assert get_member(ctx, other.id).has_attachments


def test_search_matches_kana_in_any_width_numbers_and_phones(ctx, firms):
    a, b = firms
    join_member(ctx, TARO, a.id, D(2025, 6, 1))
    hanako = join_member(
        ctx,
        MemberInput(name="佐藤　花子", name_kana="サトウ　ハナコ", birth_date=D(1960, 1, 1)),
        b.id,
        D(2025, 6, 1),
    )
    leave_member(ctx, hanako.id, D(2025, 7, 10), "retired")
    rows = load_member_rows(ctx)
    today = ctx.today()

    def names(**kw):
        return [rows[i].name for i in filter_member_rows(rows, MemberQuery(**kw), today)]

    assert names(text="やまだ") == ["山田　太郎"]
    assert names(text="ﾔﾏﾀﾞ ﾀﾛｳ") == ["山田　太郎"]
    assert names(text="ヤマダタロウ") == ["山田　太郎"]
    assert names(text="やまだ た") == ["山田　太郎"]
    assert names(text="たろう") == ["山田　太郎"]  # the given name's reading
    assert names(text="まだ") == []  # kana matches from the start of a reading
    assert names(text="田太") == ["山田　太郎"]  # kanji anywhere
    assert names(text="0245211234") == ["山田　太郎"]
    assert names(text="０００１－００１") == ["山田　太郎"]
    assert names(text="福島商事") == ["山田　太郎"]
    assert names(text="サトウ") == []
    assert names(text="サトウ", status="all") == ["佐藤　花子"]
    assert names(status="former") == ["佐藤　花子"]
    assert names(kana_row="ヤ") == ["山田　太郎"]
    assert names(kana_row="サ", status="all") == ["佐藤　花子"]
    assert names(status="all", age_band=5) == ["佐藤　花子"]
    assert names(status="all", establishment_id=a.id) == ["山田　太郎"]
    assert names(status="all", join_fiscal_year=2025) == ["佐藤　花子", "山田　太郎"]
    assert names(status="all", join_fiscal_year=2024) == []


def test_typing_on_only_narrows_the_search():
    from gojokai_desktop.services.members.search import narrows

    q = MemberQuery
    assert narrows(q(text="やま"), q(text="やまだ"))
    assert narrows(q(text="やまだ"), q(text="やまだ た"))
    assert narrows(q(text="福島"), q(text="福島商"))
    assert not narrows(q(text="やまだ"), q(text="やま"))  # a deleted character widens
    assert not narrows(q(text="やま"), q(text="やま1"))  # kana start becomes "anywhere"
    assert not narrows(q(text="やま"), q(text="やまだ", status="all"))
