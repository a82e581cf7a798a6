"""The record of an allocation (抽選の記録): what an auditor reads and re-runs.

A committed run keeps every request (order, member, quantity, when received), the stock, the
method and the seed; :func:`verify_run` draws again from exactly that and compares.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Member,
    TicketAllocationRun,
    TicketItem,
    TicketRound,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.tickets.allocation import (
    METHOD_LABELS,
    Allocation,
    Grant,
    Request,
    allocate,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import item_or_refuse, round_or_refuse
from gojokai_desktop.services.tickets.allocation import AllocationView, Stock, view_of


def _recorded(session: Session, run: TicketAllocationRun) -> tuple[Allocation, list[Request]]:
    draw: list[dict[str, Any]] = json.loads(run.draw_json)
    stock: Stock = json.loads(run.stock_json)
    requests = [
        Request(d["order"], d["member"], d["number"], d["class"], d["requested"],
                tuple(d["sequence"]))
        for d in draw
    ]  # fmt: skip
    grants = tuple(
        Grant(d["order"], d["member"], d["number"], d["class"], d["requested"], d["allocated"],
              d["rank"])
        for d in draw
    )  # fmt: skip
    return Allocation(run.method, run.seed, run.partial_allowed, stock, grants), requests


def run_view(ctx: AppContext, run_id: int) -> AllocationView:
    """A committed run as recorded (for the auditor: seed, stock, the draw in order)."""
    with ctx.reader() as session:
        run = session.get(TicketAllocationRun, run_id)
        if run is None:
            raise ValidationError("配分の記録が見つかりません。", "配分")
        result, _unused = _recorded(session, run)
        names = {
            m: (name, est)
            for m, name, est in session.execute(
                select(Member.id, Member.name, Establishment.name)
                .join(Establishment, Establishment.id == Member.establishment_id)
                .where(Member.id.in_({g.member_id for g in result.grants}))
            )
        }
        round_row = round_or_refuse(session, run.round_id)
        item = item_or_refuse(session, run.item_id)
        return view_of(round_row, item, result, names, run)


def verify_run(ctx: AppContext, run_id: int) -> bool:
    """Re-run a recorded allocation from its requests, stock and seed: the same result?"""
    with ctx.reader() as session:
        run = session.get(TicketAllocationRun, run_id)
        if run is None:
            raise ValidationError("配分の記録が見つかりません。", "配分")
        recorded, requests = _recorded(session, run)
    method = run.method if run.method != "full" else "first_come"
    again = allocate(requests, recorded.stock, method=method, seed=run.seed,
                     partial_allowed=run.partial_allowed)  # fmt: skip
    return again.grants == recorded.grants and again.method == recorded.method


@dataclass(frozen=True)
class RunRow:
    id: int
    round_number: int
    item_name: str
    method_label: str
    seed_text: str
    demand: int
    allocated: int
    members: int
    losers: int
    decided_on: dt.date
    decided_by: str
    status: str
    reverse_reason: str | None


def list_runs(ctx: AppContext, fiscal_year: int) -> list[RunRow]:
    """Every allocation of the year, reversed ones too (the auditor's list)."""
    with ctx.reader() as session:
        rows = session.execute(
            select(TicketAllocationRun, TicketRound.number, TicketItem.name)
            .join(TicketRound, TicketRound.id == TicketAllocationRun.round_id)
            .join(TicketItem, TicketItem.id == TicketAllocationRun.item_id)
            .where(TicketRound.fiscal_year == fiscal_year)
            .order_by(TicketRound.number, TicketItem.sort_order, TicketAllocationRun.id)
        ).all()
        return [
            RunRow(
                r.id, number, name, METHOD_LABELS.get(r.method, r.method),
                "" if r.seed is None else f"{r.seed:08d}", r.demand, r.allocated, r.members,
                r.losers, r.decided_on, r.decided_by,
                "取消" if r.status == "reversed" else "確定", r.reverse_reason,
            )
            for r, number, name in rows
        ]  # fmt: skip
