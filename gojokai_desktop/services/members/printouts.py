"""Member printouts through the printing engine: roster PDF, address labels, statistics tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from gojokai_desktop.db.models.members import MemberEvent
from gojokai_desktop.domain.age import age_on
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.labels import AddressLabel, render_labels
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import head_count_on, list_establishments
from gojokai_desktop.services.members.records import SEX_LABELS
from gojokai_desktop.services.members.search import AGE_BANDS, MemberListRow
from gojokai_desktop.services.society import load_profile

_ROSTER_COLUMNS = (
    ListColumn("会員番号", "number", 20),
    ListColumn("氏名", "name", 28),
    ListColumn("フリガナ", "kana", 34),
    ListColumn("性別", "sex", 9),
    ListColumn("生年月日", "birth", 22, "era_date_short"),
    ListColumn("事業所", "establishment", 44),
    ListColumn("入会日", "join", 22, "era_date_short"),
    ListColumn("電話番号", "phone", 26),
)


def _society_name(ctx: AppContext) -> str:
    profile = load_profile(ctx)
    return profile.name if profile is not None else ""


def render_roster_pdf(
    ctx: AppContext,
    rows: Sequence[MemberListRow],
    out: Output,
    *,
    conditions: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """会員名簿 as an A4 landscape list with the conditions it was made with."""
    spec = ListingSpec(
        title="会員名簿",
        columns=_ROSTER_COLUMNS,
        printed_on=ctx.today(),
        conditions=conditions,
        society_name=_society_name(ctx),
        landscape=True,
        totals_label="人数",
    )
    records = [
        {"number": r.number, "name": r.name, "kana": r.name_kana,
         "sex": SEX_LABELS.get(r.sex or "", ""), "birth": r.birth_date,
         "establishment": r.establishment_name, "join": r.join_date, "phone": r.phone}
        for r in rows
    ]  # fmt: skip
    return render_listing(spec, records, out, progress=progress, is_cancelled=is_cancelled)


def render_member_labels(
    rows: Sequence[MemberListRow], out: Output, *, per_sheet: int = 12, start_position: int = 1
) -> RenderResult:
    """Address labels (様) for the members; those without an address are left out."""
    labels = [
        AddressLabel(r.postal_code, r.address, name=r.name) for r in rows if r.address.strip()
    ]
    return render_labels(labels, out, per_sheet=per_sheet, start_position=start_position)


def render_establishment_labels(
    ctx: AppContext, out: Output, *, per_sheet: int = 12, contact: bool = True
) -> RenderResult:
    """Labels (御中, or the contact person 様) for every present establishment."""
    labels = []
    for est in list_establishments(ctx, include_former=False):
        d = est.data
        if not d.address.strip():
            continue
        person = d.billing_contact or d.contact_person if contact else ""
        labels.append(
            AddressLabel(
                d.postal_code,
                d.address,
                name=f"{d.name}　{person}" if person else "",
                establishment=d.name,
            )
        )
    return render_labels(labels, out, per_sheet=per_sheet)


@dataclass(frozen=True)
class MemberStatistics:
    """The statistics page: tables as (heading row, rows)."""

    on: dt.date
    fiscal_year: int
    fiscal_label: str
    by_establishment: list[tuple[str, int]]
    by_sex_age: list[tuple[str, int, int, int]]  # band, 男, 女, 計
    by_month: list[tuple[str, int, int]]  # month, joins, leaves
    total: int


def member_statistics(
    ctx: AppContext, rows: Sequence[MemberListRow], on: dt.date, fiscal_year: int
) -> MemberStatistics:
    """Head count on ``on`` by establishment, by sex and age band; joins and leaves by month."""
    profile = load_profile(ctx)
    calendar: FiscalCalendar = profile.calendar if profile is not None else APRIL_START
    counts = head_count_on(ctx, on)
    names = {e.id: f"{e.number:04d} {e.name}" for e in list_establishments(ctx)}
    by_est = sorted(((names.get(i, str(i)), n) for i, n in counts.items()), key=lambda x: -x[1])
    present = [
        r for r in rows if r.join_date <= on and (r.leave_date is None or r.leave_date >= on)
    ]
    cells: Counter[tuple[int, str]] = Counter()
    for r in present:
        if r.birth_date is None:
            continue
        age = age_on(r.birth_date, on)
        band = next((i for i, b in enumerate(AGE_BANDS) if b[1] <= age <= b[2]), len(AGE_BANDS) - 1)
        cells[(band, r.sex or "")] += 1
    by_sex_age = [
        (b[0], cells[(i, "M")], cells[(i, "F")], sum(v for (j, _s), v in cells.items() if j == i))
        for i, b in enumerate(AGE_BANDS)
    ]
    first, last = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    with ctx.reader() as session:
        events = session.execute(
            select(MemberEvent.kind, MemberEvent.effective_date, func.count())
            .where(MemberEvent.effective_date.between(first, last),
                   MemberEvent.kind.in_(("join", "rejoin", "leave")))
            .group_by(MemberEvent.kind, MemberEvent.effective_date)
        ).all()  # fmt: skip
    months: dict[tuple[int, int], list[int]] = {ym: [0, 0] for ym in calendar.months(fiscal_year)}
    for kind, day, count in events:
        months[(day.year, day.month)][1 if kind == "leave" else 0] += count
    by_month = [(f"{m}月", j, lv) for (_y, m), (j, lv) in months.items()]
    label = calendar.label(fiscal_year)
    total = sum(counts.values())
    return MemberStatistics(on, fiscal_year, label, by_est, by_sex_age, by_month, total)


def render_statistics(ctx: AppContext, stats: MemberStatistics, out: Output) -> RenderResult:
    """The three tables of :func:`member_statistics` as one listing (sections by title row)."""
    records: list[dict[str, Any]] = []
    records.append({"label": "【年齢・性別】（基準日現在）", "a": None, "b": None, "c": None})
    records += [{"label": band, "a": m, "b": f, "c": t} for band, m, f, t in stats.by_sex_age]
    records.append({"label": "【月別の入会・退会】", "a": None, "b": None, "c": None})
    records += [{"label": month, "a": j, "b": lv, "c": j - lv} for month, j, lv in stats.by_month]
    records.append({"label": "【事業所別の人数】", "a": None, "b": None, "c": None})
    records += [{"label": name, "a": None, "b": None, "c": n} for name, n in stats.by_establishment]
    spec = ListingSpec(
        title="会員統計",
        columns=(
            ListColumn("区分", "label", 90),
            ListColumn("男／入会", "a", 25, "number"),
            ListColumn("女／退会", "b", 25, "number"),
            ListColumn("計／増減", "c", 25, "number"),
        ),
        printed_on=ctx.today(),
        conditions=(
            f"基準日 {format_wareki(stats.on)}",
            stats.fiscal_label,
            f"会員数 {stats.total:,}人",
        ),
        society_name=_society_name(ctx),
    )
    return render_listing(spec, records, out)
