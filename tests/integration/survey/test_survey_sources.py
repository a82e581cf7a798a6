"""Every source computed for a fiscal year: the rules on a small society made through the
services, and the demo's figures beside raw SQL and beside the existing services."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import DuesBill
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.setup import load_preset
from gojokai_desktop.services.benefits.batch_views import get_batch
from gojokai_desktop.services.benefits.payments import reverse_payment
from gojokai_desktop.services.benefits.register import benefit_register, fiscal_year_filter
from gojokai_desktop.services.benefits.stats import paid_by_kind
from gojokai_desktop.services.dues.billing import run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.dues.payments import record_payment
from gojokai_desktop.services.events.stats import year_report as events_year_report
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member, leave_member, rejoin_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.reports.settlement import balance_of, settlement_table
from gojokai_desktop.services.survey.sources import (
    compute_in,
    compute_sources,
    list_sources,
    scope_in,
    source_detail,
    unknown_sources_in,
)
from gojokai_desktop.services.tickets.report import year_report as tickets_year_report
from tests.integration.benefits.benefit_scenario import month_of_benefits

D = dt.date


@pytest.fixture
def register(ctx, society):
    """A society whose members cross the boundaries of 令和7年度 in every way (cut-off 20th)."""
    late = replace(ctx, clock=lambda: D(2026, 5, 1))
    est = create_establishment(late, EstablishmentInput(name="福島商事"), D(2015, 4, 1))
    create_establishment(late, EstablishmentInput(name="新規工業"), D(2025, 7, 1))

    def person(name: str, sex: str, received: D, effective: D | None = None) -> int:
        data = MemberInput(name=name, name_kana="テスト", sex=sex)
        return join_member(late, data, est.id, received, effective=effective).id

    person("在籍　一郎", "M", D(2020, 3, 10))
    person("新人　花子", "F", D(2025, 3, 10))  # starts 2025-04-01
    leaver = person("退会　次郎", "M", D(2020, 3, 10))
    leave_member(late, leaver, D(2026, 3, 10), "retired")  # ends 2026-03-31
    gone = person("前年　三郎", "M", D(2020, 3, 10))
    leave_member(late, gone, D(2025, 3, 5), "retired")  # ends 2025-03-31
    person("来年　四郎", "M", D(2026, 3, 25))  # starts after the year
    back = person("再入　五子", "F", D(2020, 3, 10))
    leave_member(late, back, D(2025, 6, 5), "withdrawn")  # ends 2025-06-30
    rejoin_member(late, back, est.id, D(2025, 9, 10))  # again from 2025-10-01
    return late


def test_member_counts_follow_the_membership_periods(register) -> None:
    figures = compute_sources(register, 2025)
    values = {name: f.value for name, f in figures.items()}
    assert values["members.count_at_start"] == 4  # 一郎, 花子 (4/1), 次郎, 五子
    assert values["members.count_at_end"] == 4  # 次郎 leaves on 3/31: still a member that day
    assert (values["members.male_at_end"], values["members.female_at_end"]) == (2, 2)
    assert values["members.joined"] == 2  # 花子 and 五子's rejoin
    assert values["members.left"] == 2  # 次郎 and 五子
    assert values["establishments.count_at_end"] == 1
    assert values["establishments.registered_at_end"] == 2  # 新規工業 has nobody yet
    assert values["establishments.joined"] == 1
    assert "令和8年3月31日を含む会員期間" in figures["members.count_at_end"].how
    assert "男 2人・女 2人" in figures["members.count_at_end"].how
    last_year = compute_sources(register, 2024, ["members.count_at_end", "members.left"])
    assert last_year["members.count_at_end"].value == 4  # 三郎 still on 2025-03-31
    assert last_year["members.left"].value == 1


def test_the_list_behind_each_member_figure_is_the_people_counted(register) -> None:
    end = source_detail(register, 2025, "members.count_at_end")
    assert sorted(row[1] for row in end.rows) == [
        "再入　五子",
        "在籍　一郎",
        "新人　花子",
        "退会　次郎",
    ]
    assert end.total == "計 4人"
    assert [c.title for c in end.columns][:4] == ["会員番号", "氏名", "性別", "事業所"]
    assert {row[3] for row in end.rows} == {"福島商事"}
    joined = source_detail(register, 2025, "members.joined")
    assert {(row[1], row[3]) for row in joined.rows} == {
        ("新人　花子", "入会"),
        ("再入　五子", "再入会"),
    }
    left = source_detail(register, 2025, "members.left")
    assert {(row[1], row[2], row[3]) for row in left.rows} == {
        ("退会　次郎", D(2026, 3, 31), "退職"),
        ("再入　五子", D(2025, 6, 30), "脱退"),
    }
    women = source_detail(register, 2025, "members.female_at_end")
    assert len(women.rows) == 2
    assert women.title == "令和8年3月31日の会員（女）"
    registered = source_detail(register, 2025, "establishments.registered_at_end")
    assert [(row[1], row[4]) for row in registered.rows] == [("福島商事", 4), ("新規工業", 0)]


def test_dues_billed_collected_and_outstanding_at_the_year_end(register) -> None:
    with register.unit_of_work("会計の準備") as uow:
        load_preset(uow, valid_from_year=2020)
        uow.commit()
    save_fee_table(register, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    april = run_billing(register, D(2025, 4, 1))
    march = run_billing(register, D(2026, 3, 1))
    with register.reader() as session:
        bills = {
            b.period: (b.establishment_id, b.amount) for b in session.scalars(select(DuesBill))
        }
    est, april_amount = bills[D(2025, 4, 1)]
    _est, march_amount = bills[D(2026, 3, 1)]
    assert april.bill_count == march.bill_count == 1
    record_payment(register, est, april_amount, D(2025, 4, 20), method="cash")
    record_payment(register, est, march_amount, D(2026, 4, 10), method="cash")  # next year
    figures = compute_sources(register, 2025)
    assert figures["dues.billed"].value == april_amount + march_amount
    assert figures["dues.collected"].value == april_amount
    assert figures["dues.outstanding_at_end"].value == march_amount
    assert figures["dues.monthly_fee"].value == 500
    assert figures["dues.entry_fee"].value == 200
    outstanding = source_detail(register, 2025, "dues.outstanding_at_end")
    assert [row[2] for row in outstanding.rows] == ["令和8年3月"]
    assert outstanding.rows[0][5] == march_amount
    next_year = compute_sources(register, 2026, ["dues.collected", "dues.outstanding_at_end"])
    assert next_year["dues.collected"].value == march_amount
    assert next_year["dues.outstanding_at_end"].value == 0


def test_paid_benefits_count_by_payment_date_without_reversals(ctx, benefit_society) -> None:
    month = month_of_benefits(ctx, benefit_society)
    line = next(x for x in get_batch(ctx, month.batch).lines if x.claim_id == month.cash)
    reverse_payment(ctx, line.payment_id, "二重払いのため返金", D(2025, 6, 16))
    names = ["benefits.count", "benefits.amount", "benefits.count:傷病見舞金",
             "benefits.amount:傷病見舞金", "benefits.count:死亡弔慰金（父母）",
             "benefits.count:死亡弔慰金", "benefits.amount:sickness"]  # fmt: skip
    figures = compute_sources(ctx, 2025, names)
    assert [figures[n].value for n in names] == [2, 35_000, 2, 35_000, 0, 0, 35_000]
    assert "支払日が令和7年4月1日〜令和8年3月31日の支払済の給付" in figures["benefits.count"].how
    detail = source_detail(ctx, 2025, "benefits.amount:傷病見舞金")
    assert {row[6] for row in detail.rows} == {20_000, 15_000}
    assert detail.total == "計 2件 35,000円"
    assert compute_sources(ctx, 2024, ["benefits.count"])["benefits.count"].value == 0


def test_the_demo_figures_equal_raw_sql(demo_ctx) -> None:
    figures = compute_sources(demo_ctx, 2025)
    path = demo_ctx.database.path
    first, last = "2025-04-01", "2026-03-31"
    with sqlite3.connect(path) as db:

        def one(sql: str, *args: object) -> int:
            return int(db.execute(sql, args).fetchone()[0] or 0)

        covering = (
            "SELECT COUNT(*) FROM membership_periods"
            " WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
        )
        with_members = (
            "SELECT COUNT(DISTINCT establishment_id) FROM affiliations"
            " WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
        )
        periods = "SELECT COUNT(*) FROM membership_periods WHERE {} BETWEEN ? AND ?"
        paid = "SELECT {} FROM benefit_claims WHERE status = 'paid' AND paid_on BETWEEN ? AND ?"
        expected = {
            "members.count_at_start": one(covering, first, first),
            "members.count_at_end": one(covering, last, last),
            "members.joined": one(periods.format("start_date"), first, last),
            "members.left": one(periods.format("end_date"), first, last),
            "establishments.count_at_end": one(with_members, last, last),
            "dues.billed": one(
                "SELECT SUM(amount) FROM dues_bills"
                " WHERE status != 'cancelled' AND period BETWEEN ? AND ?",
                first,
                last,
            ),
            "dues.collected": one(
                "SELECT SUM(amount) FROM dues_payments"
                " WHERE NOT reversed AND received_date BETWEEN ? AND ?",
                first,
                last,
            ),
            "benefits.count": one(paid.format("COUNT(*)"), first, last),
            "benefits.amount": one(paid.format("SUM(amount)"), first, last),
            "society.name": db.execute("SELECT name FROM society_settings").fetchone()[0],
        }
    assert {name: figures[name].value for name in expected} == expected
    assert expected["members.count_at_end"] > 100
    assert expected["benefits.count"] > 5
    assert figures["fiscal_year.label"].value == "令和7年度"


def test_benefit_figures_agree_with_the_statistics_and_the_register(demo_ctx) -> None:
    stats = paid_by_kind(demo_ctx, [2025])
    register = benefit_register(demo_ctx, fiscal_year_filter(demo_ctx, 2025, "paid"))
    names = [f"benefits.{what}:{row.name}" for row in stats.rows for what in ("count", "amount")]
    figures = compute_sources(demo_ctx, 2025, ["benefits.count", "benefits.amount", *names])
    for row in stats.rows:
        count, amount = row.figures[0]
        assert figures[f"benefits.count:{row.name}"].value == count
        assert figures[f"benefits.amount:{row.name}"].value == amount
    assert figures["benefits.count"].value == stats.totals[0][0]
    assert figures["benefits.amount"].value == stats.totals[0][1] == register.paid_total


def test_account_totals_are_the_settlement_of_the_general_account(demo_ctx) -> None:
    table = settlement_table(demo_ctx, fiscal_year=2025, account="general", unit="円")
    income, spent = table.sections
    assert (income.rows[-1].label, spent.rows[-1].label) == ("収入合計", "支出合計")
    dues_line = next(r for r in income.rows if r.label.endswith(" 会費")).cells[1]
    carry_in = next(r for r in income.rows if r.label.endswith("前年度繰越金")).cells[1]
    names = ["accounts.income_total", "accounts.expenditure_total", "accounts.carried_in",
             "accounts.carry_forward", "accounts.income:会費"]  # fmt: skip
    figures = compute_sources(demo_ctx, 2025, names)
    assert [figures[n].value for n in names] == [
        income.rows[-1].cells[1], spent.rows[-1].cells[1], carry_in, balance_of(table), dues_line,
    ]  # fmt: skip
    assert figures["accounts.income_total"].how.startswith("令和7年度一般会計収支決算書")
    # The demo answers inside its own transaction, without the context: the same sums.
    with demo_ctx.reader() as session:
        alone = compute_in(scope_in(session, 2025), names)
    assert [alone[n].value for n in names] == [figures[n].value for n in names]
    assert alone["accounts.income_total"].how.startswith("出納帳の令和7年度")
    status = running_status(demo_ctx, fiscal_year=2025, account="general", unit="円")
    assert status.sections[0].rows[-1].cells[1] == figures["accounts.income_total"].value
    detail = source_detail(demo_ctx, 2025, "accounts.expenditure_total")
    assert "次年度繰越金" not in [row[1].strip("　") for row in detail.rows]
    assert (
        sum(int(str(row[2])) for row in detail.rows) == figures["accounts.expenditure_total"].value
    )


def test_every_list_adds_up_to_its_figure(demo_ctx) -> None:
    """Each figure that has a list behind it: the rows counted or summed give the figure."""
    names = [s.name for s in list_sources(demo_ctx, 2025)]
    figures = compute_sources(demo_ctx, 2025, names)
    checked = 0
    for name, figure in figures.items():
        if not figure.has_detail:
            continue
        detail = source_detail(demo_ctx, 2025, name)
        kinds = [c.kind for c in detail.columns]
        if (
            name.startswith("accounts.")
            or name.endswith(("amount", "billed", "collected"))
            or (".amount:" in name or name == "dues.outstanding_at_end")
        ):
            money = len(kinds) - 1 - kinds[::-1].index("yen")
            total = sum(int(str(row[money])) for row in detail.rows)
            if name == "accounts.carry_forward":
                total = int(str(detail.rows[-1][2]))
            assert total == figure.value, name
        elif name == "events.participants":
            assert sum(int(str(row[5])) for row in detail.rows) == figure.value
        elif name == "tickets.sold":
            assert sum(int(str(row[2])) for row in detail.rows) == figure.value
        elif name.startswith("tickets."):
            column = 3 if name == "tickets.sales" else 4
            assert sum(int(str(row[column])) for row in detail.rows) == figure.value
        elif name == "events.count":
            assert sum(1 for row in detail.rows if row[4] != "中止") == figure.value
        else:
            assert len(detail.rows) == figure.value, name
        assert f"{figure.value:,}" in detail.total, name
        checked += 1
    assert checked >= 30


def test_tickets_are_the_years_report_of_the_tickets_area(demo_ctx) -> None:
    report = tickets_year_report(demo_ctx, 2025)
    names = ["tickets.sold", "tickets.sales", "tickets.subsidy"]
    figures = compute_sources(demo_ctx, 2025, names)
    expected = [report.total("sold"), report.total("sales_yen"), report.total("subsidy_yen")]
    assert [figures[n].value for n in names] == expected
    assert all(value > 0 for value in expected)
    detail = source_detail(demo_ctx, 2025, "tickets.subsidy")
    assert [row[0] for row in detail.rows] == [row.item_name for row in report.rows]
    assert detail.total == f"補助額の計 {expected[2]:,}円"
    with demo_ctx.reader() as session:
        alone = compute_in(scope_in(session, 2025), ["tickets.sales"])["tickets.sales"]
    assert alone.value is None
    assert "手で答えてください" in alone.how


def test_events_are_the_years_report_of_the_events_area(demo_ctx) -> None:
    report = events_year_report(demo_ctx, 2025)
    held = [line for line in report.lines if line.event.status != "cancelled"]
    figures = compute_sources(demo_ctx, 2025, ["events.count", "events.participants"])
    assert figures["events.count"].value == len(held) > 0
    assert figures["events.participants"].value == report.total.participants_total > 0
    assert "会員" in figures["events.participants"].how
    detail = source_detail(demo_ctx, 2025, "events.count")
    assert [row[1] for row in detail.rows] == [line.event.title for line in report.lines]
    # Without the program's context (the demo's own transaction) they are answered by hand.
    with demo_ctx.reader() as session:
        alone = compute_in(scope_in(session, 2025), ["events.count"])["events.count"]
    assert alone.value is None
    assert "手で答えてください" in alone.how


def test_unknown_names_get_the_nearest_known_ones(demo_ctx) -> None:
    with demo_ctx.reader() as session:
        problems = unknown_sources_in(
            scope_in(session, 2025),
            ["members.count_end", "benefits.count:結婚", "accounts.income:会費収入", "dues.billed"],
        )
    assert problems["members.count_end"].startswith("計算元「members.count_end」はありません")
    assert "members.count_at_end" in problems["members.count_end"]
    assert problems["benefits.count:結婚"] == (
        "給付の種類「結婚」は令和7年度の給付表にありません（近い名前: 結婚祝金）"
    )
    assert "科目「会費収入」がありません" in problems["accounts.income:会費収入"]
    assert "dues.billed" not in problems


def test_a_figure_without_a_list_refuses_to_show_one(demo_ctx) -> None:
    with pytest.raises(RuleViolation) as caught:
        source_detail(demo_ctx, 2025, "society.name")
    assert "内訳の一覧がありません" in caught.value.message
