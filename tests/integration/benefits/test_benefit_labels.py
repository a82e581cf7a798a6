"""Numbers and registers as a clerk reads them: the society's fiscal-year label, the
establishment a member belonged to when the event happened."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import update

from gojokai_desktop.db.models import BenefitClaim, BenefitPaymentBatch
from gojokai_desktop.domain.fiscal import APRIL_START, START_LABEL, FiscalLabel
from gojokai_desktop.services.benefits.claim_views import (
    ClaimFilter,
    batch_number,
    claim_number,
    list_claims,
)
from gojokai_desktop.services.benefits.register import RegisterFilter, benefit_register
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import transfer_member
from gojokai_desktop.services.society import load_profile, save_profile
from tests.integration.benefits.benefit_scenario import month_of_benefits

D = dt.date
GANNEN = FiscalLabel(APRIL_START, "reiwa_gannen")


def test_numbers_of_fiscal_2019_follow_the_label_rule() -> None:
    assert claim_number(2019, 12) == "H31-0012"
    assert claim_number(2019, 12, GANNEN) == "R1-0012"
    assert batch_number(2019, 3, START_LABEL) == "H31-支03"
    assert batch_number(2019, 3, GANNEN) == "R1-支03"
    assert (GANNEN.year(2019), GANNEN.short(2019)) == ("令和元年度", "R1年度")
    assert claim_number(2025, 1, GANNEN) == "R7-0001"  # other years read the same


def test_the_claim_list_and_the_register_use_the_society_label(ctx, benefit_society) -> None:
    month = month_of_benefits(ctx, benefit_society)
    with ctx.unit_of_work("テスト: 令和元年度の請求にする") as uow:
        uow.session.execute(
            update(BenefitClaim).where(BenefitClaim.id == month.transfer).values(fiscal_year=2019)
        )
        uow.session.execute(update(BenefitPaymentBatch).values(fiscal_year=2019))
        uow.commit()
    profile = load_profile(ctx)
    assert profile is not None
    where = RegisterFilter(D(2025, 4, 1), D(2025, 6, 30))
    first = next(r for r in list_claims(ctx, ClaimFilter()) if r.id == month.transfer)
    assert (first.number, first.batch_label) == ("H31-0001", "H31-支01")
    save_profile(ctx, dataclasses.replace(profile, fiscal_label_rule="reiwa_gannen"))
    first = next(r for r in list_claims(ctx, ClaimFilter()) if r.id == month.transfer)
    assert (first.number, first.batch_label) == ("R1-0001", "R1-支01")
    row = next(r for r in benefit_register(ctx, where).rows if r.claim_id == month.transfer)
    assert row.number == "R1-0001"


def test_the_register_shows_the_establishment_of_the_event_date(ctx, benefit_society) -> None:
    month = month_of_benefits(ctx, benefit_society)
    other = create_establishment(ctx, EstablishmentInput(name="杉妻工業"), D(2020, 4, 1))
    transfer_member(ctx, benefit_society.hanako, other.id, D(2025, 6, 20))
    where = RegisterFilter(D(2025, 4, 1), D(2025, 6, 30))
    rows = {r.claim_id: r for r in benefit_register(ctx, where).rows}
    assert rows[month.transfer].establishment_name == "福島商事"  # event 2025-05-01
    by_old = benefit_register(
        ctx, dataclasses.replace(where, establishment_id=benefit_society.establishment_id)
    )
    assert month.transfer in {r.claim_id for r in by_old.rows}
    by_new = benefit_register(ctx, dataclasses.replace(where, establishment_id=other.id))
    assert month.transfer not in {r.claim_id for r in by_new.rows}
