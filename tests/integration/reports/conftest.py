"""Books for the report tests: a small society's general account with a year of entries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

D = dt.date


@pytest.fixture
def admin(ctx, society):
    from gojokai_desktop.db.uow import Actor

    return dataclasses.replace(ctx, actor=Actor(1, "管理者"))


@pytest.fixture
def small_books(admin):
    """The small preset from 2024, money carried in, a year of entries, budgets 2024/2025:
    income 会費 120,000 + 利息 37; expenditure 切手 8,000 + 福利厚生 45,000 (bank) +
    事務費 12,345 (cash); opening 30,000 cash and 500,000 in the bank."""
    from gojokai_desktop.services.accounts import ledger
    from gojokai_desktop.services.accounts.balances import set_opening_balance
    from gojokai_desktop.services.accounts.budget import create_budget, set_line
    from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset

    with admin.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2024)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        set_opening_balance(uow, fiscal_year=2024, account=general, amount=30_000)
        set_opening_balance(
            uow, fiscal_year=2024, account=general, amount=500_000, method="bank", bank_account=bank
        )
        for day, amount, item, method in (
            (D(2024, 5, 25), 120_000, "101", "bank"),
            (D(2024, 6, 5), 8_000, "207", "cash"),
            (D(2024, 9, 9), 12_345, "206", "cash"),
            (D(2025, 3, 20), 45_000, "202", "bank"),
            (D(2025, 3, 31), 37, "105", "bank"),
        ):
            ledger.post(uow, date=day, amount=amount, description="記帳", item=item,
                        method=method, bank_account=bank if method == "bank" else None)  # fmt: skip
        for year in (2024, 2025):
            budget = create_budget(uow, fiscal_year=year, account=general)
            for code, amount in (("101", 130_000), ("107", 530_000), ("105", 100),
                                 ("202", 50_000), ("206", 10_000), ("207", 10_000),
                                 ("209", 100_000), ("210", 590_100)):  # fmt: skip
                set_line(uow, budget, code, amount)
        uow.commit()
    return {"general": general, "bank": bank}
