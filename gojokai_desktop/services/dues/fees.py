"""Dues fee tables (会費表) per fiscal year: flat or salary-rate, versioned, never overwritten."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.conflicts import insert_author
from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import DuesFeeTable, Member, MemberSalary
from gojokai_desktop.domain.dues import FlatFeeTable, SalaryRateTable, debit_date
from gojokai_desktop.domain.errors import (
    EditConflict,
    FieldChange,
    OtherEdit,
    RuleViolation,
    ValidationError,
)
from gojokai_desktop.services import numbering
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number


@dataclass(frozen=True)
class FeeTableInput:
    """What the clerk enters for a fiscal year's fees."""

    fiscal_year: int
    model: str = "flat"
    entry_fee: int = 0
    monthly_dues: int = 0
    classes: tuple[tuple[str, int], ...] = ()
    employer_share_percent: int = 0
    per_mille: int = 6
    dependent_fee: int = 200
    dependent_cap: int = 800
    short_term_percent: int = 10
    rounding: str = "floor"
    debit_day: int = 20
    note: str = ""


@dataclass(frozen=True)
class FeeTableView(FeeTableInput):
    id: int = 0
    version: int = 1

    def flat(self) -> FlatFeeTable:
        return FlatFeeTable(
            self.entry_fee, self.monthly_dues, self.classes, self.employer_share_percent
        )

    def salary(self) -> SalaryRateTable:
        return SalaryRateTable(
            self.per_mille,
            self.dependent_fee,
            self.dependent_cap,
            self.short_term_percent,
            self.rounding,
        )


def _view(row: DuesFeeTable) -> FeeTableView:
    classes = tuple(sorted((str(k), int(v)) for k, v in json.loads(row.classes_json).items()))
    return FeeTableView(
        fiscal_year=row.fiscal_year,
        model=row.model,
        entry_fee=row.entry_fee,
        monthly_dues=row.monthly_dues,
        classes=classes,
        employer_share_percent=row.employer_share_percent,
        per_mille=row.per_mille,
        dependent_fee=row.dependent_fee,
        dependent_cap=row.dependent_cap,
        short_term_percent=row.short_term_percent,
        rounding=row.rounding,
        debit_day=row.debit_day,
        note=row.note,
        id=row.id,
        version=row.version,
    )


_FEE_LABELS = {
    "model": "会費の方式", "entry_fee": "入会金", "monthly_dues": "月額会費",
    "classes_json": "区分別の会費", "employer_share_percent": "事業主負担（%）",
    "per_mille": "給料比例（‰）", "dependent_fee": "扶養者1人あたり",
    "dependent_cap": "扶養者の上限",
    "short_term_percent": "短期給付（%）", "rounding": "端数処理", "debit_day": "振替日",
    "note": "備考",
}  # fmt: skip


def _fee_conflict(session: Session, based_on: int, current: DuesFeeTable) -> EditConflict:
    """What another PC saved for the year since the clerk's screen showed ``based_on``."""
    before = session.get(DuesFeeTable, based_on) if based_on else None
    changes = tuple(
        FieldChange(label, str(getattr(before, key)) if before else "（なし）",
                    str(getattr(current, key)))
        for key, label in _FEE_LABELS.items()
        if before is None or getattr(before, key) != getattr(current, key)
    )  # fmt: skip
    by, at = insert_author(session, "dues_fee_tables", current.id)
    return EditConflict(
        f"{current.fiscal_year}年度の会費表（第{current.version}版）", (OtherEdit(by, at, changes),)
    )


@retry_on_conflict
def save_fee_table(
    ctx: AppContext, data: FeeTableInput, *, based_on: int | None = None
) -> FeeTableView:
    """A new version of a fiscal year's fees; earlier versions stay for the bills made with them.

    ``based_on`` is the id of the version the clerk's screen showed (0: none was shown);
    when another PC saved a newer one for the year since, nothing is stored and
    :class:`EditConflict` shows what the other saved (a second save would drop it silently).
    """
    if data.model not in ("flat", "salary"):
        raise ValidationError("会費の方式は定額か給料比例を選んでください", "会費の方式")
    # Validate through the domain tables so the same messages reach the clerk.
    view = FeeTableView(**dataclasses.asdict(data))
    view.flat()
    view.salary()
    debit_date(dt.date(2025, 4, 1), data.debit_day)
    with ctx.unit_of_work("会費表の登録") as uow:
        require_role(uow, "admin")

        def latest() -> int:
            return int(
                uow.session.scalar(
                    select(func.max(DuesFeeTable.version)).where(
                        DuesFeeTable.fiscal_year == data.fiscal_year
                    )
                )
                or 0
            )

        version = next_number(uow, numbering.FEE_TABLE, data.fiscal_year, floor=latest)
        # Read after the counter is ours: a save of the same year on another PC has committed.
        if based_on is not None:
            current = _row_in_force(uow.session, data.fiscal_year)
            if current is not None and current.id > based_on:
                raise _fee_conflict(uow.session, based_on, current)
        values = dataclasses.asdict(data)
        values["classes_json"] = json.dumps(dict(values.pop("classes")), ensure_ascii=False)
        row = DuesFeeTable(version=version, **values)
        uow.session.add(row)
        uow.flush()
        result = _view(row)
        uow.commit()
        return result


def _row_in_force(session: Session, fiscal_year: int) -> DuesFeeTable | None:
    return session.scalars(
        select(DuesFeeTable)
        .where(DuesFeeTable.fiscal_year <= fiscal_year)
        .order_by(DuesFeeTable.fiscal_year.desc(), DuesFeeTable.version.desc())
        .limit(1)
    ).first()


def fee_table_in(session: Session, fiscal_year: int) -> FeeTableView:
    """The latest version of the fees in force in ``fiscal_year`` (set for it or earlier)."""
    row = _row_in_force(session, fiscal_year)
    if row is None:
        raise RuleViolation(
            f"{fiscal_year}年度の会費表がありません。先に会費表を登録してください。"
        )
    return _view(row)


def fee_table_by_id(session: Session, fee_table_id: int) -> FeeTableView:
    """The exact version a billing run used."""
    row = session.get(DuesFeeTable, fee_table_id)
    if row is None:
        raise RuleViolation("請求に使われた会費表が見つかりません。")
    return _view(row)


def fee_table_for(ctx: AppContext, fiscal_year: int) -> FeeTableView:
    with ctx.reader() as session:
        return fee_table_in(session, fiscal_year)


def set_salary(ctx: AppContext, member_id: int, effective: dt.date, monthly_salary: int) -> None:
    """給料月額 of a member from ``effective`` on; a later date adds history, the same date
    corrects that entry."""
    if isinstance(monthly_salary, bool) or not isinstance(monthly_salary, int):
        raise ValidationError("給料月額は円単位の整数で入力してください", "給料月額")
    if monthly_salary < 0:
        raise ValidationError("給料月額は0以上で入力してください", "給料月額")
    with ctx.unit_of_work("給料月額の登録") as uow:
        if uow.session.get(Member, member_id) is None:
            raise ValidationError("会員が見つかりません", "会員")
        row = uow.session.scalars(
            select(MemberSalary).where(
                MemberSalary.member_id == member_id, MemberSalary.effective_date == effective
            )
        ).first()
        if row is None:
            uow.session.add(
                MemberSalary(
                    member_id=member_id, effective_date=effective, monthly_salary=monthly_salary
                )
            )
        else:
            row.monthly_salary = monthly_salary
        uow.commit()


def salary_history(ctx: AppContext, member_id: int) -> list[tuple[dt.date, int]]:
    with ctx.reader() as session:
        rows = session.execute(
            select(MemberSalary.effective_date, MemberSalary.monthly_salary)
            .where(MemberSalary.member_id == member_id)
            .order_by(MemberSalary.effective_date)
        ).all()
        return [(d, int(s)) for d, s in rows]
