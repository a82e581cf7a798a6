"""Benefit payment batches: business days, commit with postings in one transaction, the bank
file read back field by field, refusals naming the member, reversal."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import BenefitClaim, BenefitPayment, CashBookEntry, Member
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.benefits.batch_views import get_batch, list_batches, payable_claims
from gojokai_desktop.services.benefits.claim_views import claims_todo, get_claim
from gojokai_desktop.services.benefits.claims import ClaimInput, approve_claim, receive_claim
from gojokai_desktop.services.benefits.payments import (
    add_to_batch,
    cancel_batch,
    commit_batch,
    create_batch,
    remove_from_batch,
    reverse_payment,
    set_method,
)
from gojokai_desktop.services.benefits.zengin import (
    ZenginAccount,
    save_zengin_account,
    write_zengin,
    zengin_bytes,
)
from tests.unit.test_zengin import parse

D = dt.date
PAYDAY = D(2025, 6, 13)  # a Friday
SOCIETY_ACCOUNT = ZenginAccount(
    requester_code="1234567890",
    requester_name="テストチョウキンロウシャゴジョカイ",
    bank_code="0126",
    bank_name="トウホウ",
    branch_code="001",
    branch_name="ホンテン",
    account_type="1",
    account_number="7654321",
)


def approved(ctx, member: int, kind: str = "sickness", **extra: object) -> int:
    data = ClaimInput(
        member_id=member,
        kind_code=kind,
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 6, 1),
        days_off=45,
        evidence=("医師の診断書",),
        employer_certified=True,
    )
    claim = receive_claim(ctx, replace(data, **extra))  # type: ignore[arg-type]
    return approve_claim(ctx, claim.row.id, D(2025, 6, 10)).row.id


@pytest.fixture
def two_claims(ctx, benefit_society) -> tuple[int, int]:
    save_zengin_account(ctx, SOCIETY_ACCOUNT)
    transfer = approved(ctx, benefit_society.hanako)
    cash = approved(
        ctx,
        benefit_society.hanako,
        "death_parent",
        family_member_id=benefit_society.mother,
        evidence=("死亡診断書の写しまたは会葬礼状",),
        payment_method="cash",
        days_off=None,
    )
    return transfer, cash


def cash_book(ctx) -> list[tuple[str, int, str, str]]:
    with ctx.reader() as session:
        rows = session.scalars(select(CashBookEntry).order_by(CashBookEntry.id)).all()
        return [(r.direction, r.net_amount, r.method, r.source_type) for r in rows]


def test_payment_date_must_be_a_bank_business_day(ctx, two_claims) -> None:
    with pytest.raises(ValidationError) as error:
        create_batch(ctx, D(2025, 6, 14), list(two_claims))
    assert error.value.field == "支払日"
    assert "土曜日" in error.value.message
    assert "令和7年6月16日(月)" in error.value.message
    with pytest.raises(ValidationError, match="海の日"):
        create_batch(ctx, D(2025, 7, 21), list(two_claims))


def test_commit_pays_every_claim_and_posts_each_in_one_transaction(ctx, two_claims) -> None:
    transfer, cash = two_claims
    assert {r.id for r in payable_claims(ctx)} == {transfer, cash}
    batch = create_batch(ctx, PAYDAY, [transfer, cash])
    assert (batch.row.number, batch.row.status, batch.row.claim_count) == ("R7-支01", "draft", 2)
    assert batch.row.total_amount == 20_000 + 10_000
    assert cash_book(ctx) == []  # a draft is not in the books
    assert payable_claims(ctx) == []
    todo = claims_todo(ctx)
    assert (todo.approved, todo.in_draft, todo.in_draft_amount) == (2, 2, 30_000)
    done = commit_batch(ctx, batch.row.id)
    assert done.row.status == "committed"
    assert done.row.committed_by == "テスト担当"
    assert cash_book(ctx) == [
        ("expenditure", 20_000, "bank", "benefit_payment"),
        ("expenditure", 10_000, "cash", "benefit_payment"),
    ]
    for claim_id in two_claims:
        claim = get_claim(ctx, claim_id)
        assert (claim.row.status, claim.row.paid_on) == ("paid", PAYDAY)
        assert claim.steps[-1].step == "paid"
        assert claim.row.batch_label == "R7-支01"
    line = next(x for x in done.lines if x.claim_id == transfer)
    assert (line.bank_code, line.account_number, line.account_holder_kana) == (
        "0001",
        "1234567",
        "サトウ　ハナコ",
    )


def test_the_bank_file_is_read_back_field_by_field(ctx, two_claims, tmp_path: Path) -> None:
    batch = create_batch(ctx, PAYDAY, list(two_claims))
    commit_batch(ctx, batch.row.id)
    written = write_zengin(ctx, batch.row.id, tmp_path / "furikomi.txt")
    assert (written.count, written.total, written.size) == (1, 20_000, 4 * 122)
    header, data, trailer, end = parse((tmp_path / "furikomi.txt").read_bytes())
    assert header["type"] == "21"
    assert header["requester_code"] == "1234567890"
    assert header["requester_name"].rstrip() == "ﾃｽﾄﾁﾖｳｷﾝﾛｳｼﾔｺﾞｼﾞﾖｶｲ"
    assert header["date"] == "0613"
    assert (header["bank_code"], header["branch_code"], header["account_number"]) == (
        "0126",
        "001",
        "7654321",
    )
    assert data["bank_code"] == "0001"
    assert data["bank_name"].rstrip() == "ﾐｽﾞﾎ"  # from the bank-code list
    assert data["branch_name"].rstrip() == "ﾄｳｷﾖｳ"
    assert data["payee_name"].rstrip() == "ｻﾄｳ ﾊﾅｺ"
    assert data["amount"] == "0000020000"
    assert data["customer1"].rstrip() == get_batch(ctx, batch.row.id).lines[0].member_number
    assert (trailer["count"], trailer["total"]) == ("000001", "000000020000")
    assert end["kind"] == "9"
    # The file is never written twice over: a second upload would pay everyone twice.
    with pytest.raises(ValidationError, match="上書きしません"):
        write_zengin(ctx, batch.row.id, tmp_path / "furikomi.txt")
    rows = list_batches(ctx)
    assert rows[0].zengin_file == str(tmp_path / "furikomi.txt")
    assert (rows[0].transfer_count, rows[0].transfer_total) == (1, 20_000)


def test_a_payee_name_the_bank_cannot_read_is_refused_naming_the_member(
    ctx, two_claims, benefit_society
) -> None:
    with ctx.unit_of_work("口座名義の誤入力") as uow:
        member = uow.session.get(Member, benefit_society.hanako)
        assert member is not None
        member.account_holder_kana = "佐藤花子"  # kanji: the bank takes kana only
        uow.commit()
    batch = create_batch(ctx, PAYDAY, list(two_claims))
    with pytest.raises(ValidationError) as error:
        commit_batch(ctx, batch.row.id)
    assert "佐藤　花子" in error.value.message
    assert "振込データに使えません" in error.value.message
    assert cash_book(ctx) == []
    assert get_batch(ctx, batch.row.id).row.status == "draft"
    with ctx.reader() as session:
        statuses = session.scalars(select(BenefitClaim.status)).all()
    assert set(statuses) == {"approved"}


def test_a_missing_account_is_shown_on_the_draft_and_refused(
    ctx, two_claims, benefit_society
) -> None:
    transfer, _cash = two_claims
    batch = create_batch(ctx, PAYDAY, [transfer], methods={transfer: "establishment_account"})
    assert batch.lines[0].problem == "事業所の振込先口座が登録されていません"
    with pytest.raises(ValidationError, match="事業所の振込先口座"):
        commit_batch(ctx, batch.row.id)
    fixed = set_method(ctx, batch.lines[0].payment_id, "member_account")
    assert fixed.lines[0].problem == ""
    assert commit_batch(ctx, batch.row.id).row.status == "committed"


def test_claims_can_be_in_one_live_batch_only(ctx, two_claims) -> None:
    transfer, cash = two_claims
    first = create_batch(ctx, PAYDAY, [transfer])
    with pytest.raises(RuleViolation, match="既に支払 R7-支01"):
        create_batch(ctx, PAYDAY, [transfer])
    added = add_to_batch(ctx, first.row.id, [cash])
    assert added.row.claim_count == 2
    removed = remove_from_batch(ctx, first.row.id, [cash])
    assert (removed.row.claim_count, removed.row.total_amount) == (1, 20_000)
    cancelled = cancel_batch(ctx, first.row.id, "支払日を変更するため")
    assert cancelled.row.status == "cancelled"
    assert cancelled.row.claim_count == 0
    second = create_batch(ctx, PAYDAY, [transfer, cash])
    assert second.row.number == "R7-支02"  # numbers are never reused


def test_unapproved_claims_cannot_be_paid(ctx, benefit_society) -> None:
    claim = receive_claim(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="sickness",
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 6, 1),
            days_off=45,
        ),
    )
    with pytest.raises(RuleViolation, match="支給決定されていない"):
        create_batch(ctx, PAYDAY, [claim.row.id])


def test_transfers_need_the_society_account(ctx, benefit_society) -> None:
    claim = approved(ctx, benefit_society.hanako)
    batch = create_batch(ctx, PAYDAY, [claim])
    with pytest.raises(RuleViolation, match="振込設定"):
        commit_batch(ctx, batch.row.id)


def test_a_refused_posting_leaves_nothing_paid(ctx, two_claims) -> None:
    from gojokai_desktop.db.models import FiscalYear

    batch = create_batch(ctx, PAYDAY, list(two_claims))
    with ctx.unit_of_work("年度の締め") as uow:
        year = uow.session.get(FiscalYear, 2025)
        assert year is not None
        year.status = "closed"
        uow.commit()
    with pytest.raises(RuleViolation, match="締め済み"):
        commit_batch(ctx, batch.row.id)
    assert cash_book(ctx) == []
    assert get_batch(ctx, batch.row.id).row.status == "draft"
    with ctx.reader() as session:
        assert session.scalar(select(func.count()).where(BenefitClaim.status == "paid")) == 0


def test_reversing_a_payment_reverses_the_entry_and_reopens_the_claim(ctx, two_claims) -> None:
    transfer, _cash = two_claims
    batch = commit_batch(ctx, create_batch(ctx, PAYDAY, list(two_claims)).row.id)
    line = next(x for x in batch.lines if x.claim_id == transfer)
    after = reverse_payment(ctx, line.payment_id, "口座解約で組戻し", D(2025, 6, 20))
    assert (after.row.claim_count, after.row.total_amount) == (1, 10_000)
    assert cash_book(ctx)[-1] == ("expenditure", -20_000, "bank", "benefit_payment")
    claim = get_claim(ctx, transfer)
    assert (claim.row.status, claim.row.paid_on) == ("approved", None)
    assert [r.id for r in payable_claims(ctx)] == [transfer]
    again = commit_batch(ctx, create_batch(ctx, D(2025, 6, 20), [transfer]).row.id)
    assert again.row.status == "committed"
    with ctx.reader() as session:
        live = session.scalar(
            select(func.count()).where(
                BenefitPayment.claim_id == transfer, BenefitPayment.reversed.is_(False)
            )
        )
    assert live == 1


def test_bank_file_bytes_match_the_committed_payments(ctx, two_claims) -> None:
    batch = create_batch(ctx, PAYDAY, list(two_claims))
    with pytest.raises(RuleViolation, match="確定してから"):
        zengin_bytes(ctx, batch.row.id)
    commit_batch(ctx, batch.row.id)
    data, count, total = zengin_bytes(ctx, batch.row.id)
    records = parse(data)
    assert [r["kind"] for r in records] == ["1", "2", "8", "9"]
    assert (count, total) == (1, 20_000)


def test_a_reversal_dated_before_the_payment_is_refused(ctx, two_claims) -> None:
    batch = commit_batch(ctx, create_batch(ctx, PAYDAY, list(two_claims)).row.id)
    with pytest.raises(ValidationError) as error:
        reverse_payment(ctx, batch.lines[0].payment_id, "誤って支払", D(2025, 6, 12))
    assert error.value.field == "取消日"
    assert "令和7年6月13日" in error.value.message
    assert get_batch(ctx, batch.row.id).row.claim_count == 2


def test_a_name_the_bank_refuses_is_shown_on_the_draft_line(
    ctx, two_claims, benefit_society
) -> None:
    transfer, _cash = two_claims
    with ctx.unit_of_work("口座名義の誤入力") as uow:
        member = uow.session.get(Member, benefit_society.hanako)
        assert member is not None
        member.account_holder_kana = "サトウ＠ハナコ"
        uow.commit()
    batch = create_batch(ctx, PAYDAY, [transfer])
    assert "「@」は振込データに使えません" in batch.lines[0].problem


def test_a_kind_of_a_sub_ledger_is_posted_to_it(ctx, society) -> None:
    """004: 傷病 belongs to 短期経理; its payment goes to that sub-ledger of the account."""
    from gojokai_desktop.db.models import SubLedger
    from gojokai_desktop.services.accounts.setup import PRESETS_DIR, load_preset
    from gojokai_desktop.services.benefits.presets import load_preset as benefit_preset
    from gojokai_desktop.services.benefits.tables import install_preset
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.membership import join_member
    from gojokai_desktop.services.members.records import MemberInput

    with ctx.unit_of_work("004の会計") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2015)
        uow.commit()
    install_preset(ctx, "004", 2015)
    est = create_establishment(ctx, EstablishmentInput(name="第一小学校"), D(2015, 4, 1))
    teacher = join_member(
        ctx, MemberInput(name="教員　一", name_kana="キョウイン　ハジメ"), est.id, D(2016, 3, 1)
    )
    kind = benefit_preset("004").kind("sickness")
    claim = receive_claim(
        ctx,
        ClaimInput(
            member_id=teacher.id,
            kind_code="sickness",
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 6, 1),
            evidence=kind.evidence,
            employer_certified=True,
            payment_method="cash",
        ),
    )
    approve_claim(ctx, claim.row.id, D(2025, 6, 10))
    commit_batch(ctx, create_batch(ctx, PAYDAY, [claim.row.id]).row.id)
    with ctx.reader() as session:
        code = session.scalar(
            select(SubLedger.code)
            .join(CashBookEntry, CashBookEntry.sub_ledger_id == SubLedger.id)
            .where(CashBookEntry.source_type == "benefit_payment")
        )
    assert kind.sub_ledger == "short"
    assert code == "short"


def test_a_batch_is_written_in_a_few_flushes_each_payment_linked_to_its_entry(
    ctx, two_claims
) -> None:
    """The postings of a batch are written together (a flush per claim, each with its audit
    entries and row hashes, made a 1,000-claim batch take 8 s), and still each payment
    points at its own entry, numbered in turn."""
    hanako = _hanako(ctx)
    more = [
        approved(ctx, hanako, event_date=D(year, 7, 1), claim_date=D(year, 8, 1))
        for year in (2022, 2023, 2024)  # 傷病見舞金: once a fiscal year
    ]
    batch = create_batch(ctx, PAYDAY, [*two_claims, *more])
    flushes: list[int] = []

    def count(*_args: object) -> None:
        flushes.append(1)

    event.listen(Session, "after_flush", count)
    try:
        commit_batch(ctx, batch.row.id)
    finally:
        event.remove(Session, "after_flush", count)
    assert len(flushes) <= 4
    with ctx.reader() as session:
        linked = session.execute(
            select(BenefitPayment.id, BenefitPayment.amount, CashBookEntry.source_id,
                   CashBookEntry.net_amount, CashBookEntry.voucher_no)
            .join(CashBookEntry, CashBookEntry.id == BenefitPayment.entry_id)
            .order_by(BenefitPayment.id)
        ).all()  # fmt: skip
    assert len(linked) == 5
    assert all(p_id == source and amount == net for p_id, amount, source, net, _v in linked)
    assert [v for *_rest, v in linked] == [1, 2, 3, 4, 5]


def _hanako(ctx) -> int:
    with ctx.reader() as session:
        return int(session.scalar(select(Member.id).where(Member.name == "佐藤　花子")))
