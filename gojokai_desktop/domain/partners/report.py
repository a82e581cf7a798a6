"""The promotion report table (推進実績報告) in the partners' shape.

Per item: 年間目標 | 上期実績 (or 年間実績) | 達成率 | 前年同期 | 前年比 | 評価, the items in
the partner's groups (預金・融資・各種サービス, 非対面 …) with a 小計 per group and a 合計
over all. Sums are only made of figures in one unit (件 and 千円 are never added): a group or
report with several units gets one 小計 or 合計 line per unit. Every rate comes from the
integers of its own line, so the 合計 rate is the rate of the summed figures, never a mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.partners.rates import Rate, grade, rate

NO_ESTABLISHMENT = "事業所の指定なし"


@dataclass(frozen=True)
class ItemFigures:
    """What is known of one item (or of one establishment for one item) in the period.

    ``target`` is the yearly target (None: none set); ``last_year`` the result of the same
    period of the year before (None: the item did not exist then).
    """

    code: str
    group: str
    name: str
    unit: str
    target: int | None
    result: int
    last_year: int | None


@dataclass(frozen=True)
class ReportLine:
    """A printed line: ``kind`` is "item", "subtotal" or "total"; ``number`` is the No. of an
    item within its group."""

    kind: str
    group: str
    label: str
    unit: str
    target: int | None
    result: int
    achievement: Rate | None
    last_year: int | None
    growth: Rate | None
    grade: str
    number: int | None = None
    code: str = ""


@dataclass(frozen=True)
class ReportHeadings:
    """The column headings of the period: 上期 or 年間."""

    target: str
    result: str
    achievement: str
    last_year: str
    growth: str
    grade: str

    def as_tuple(self) -> tuple[str, ...]:
        return (self.target, self.result, self.achievement, self.last_year, self.growth, self.grade)


HEADINGS = {
    "H1": ReportHeadings("年間目標", "上期実績", "達成率", "前年同期", "前年比", "評価"),
    "year": ReportHeadings("年間目標", "年間実績", "達成率", "前年実績", "前年比", "評価"),
}


def _sum(values: Sequence[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@dataclass(frozen=True)
class LineMaker:
    """Turns figures into a line with its rates and grade, for one rounding and period."""

    rounding: str
    elapsed_months: int

    def line(self, kind: str, figures: ItemFigures, number: int | None = None) -> ReportLine:
        return ReportLine(
            kind=kind,
            group=figures.group,
            label=figures.name,
            unit=figures.unit,
            target=figures.target,
            result=figures.result,
            achievement=rate(figures.result, figures.target, self.rounding),
            last_year=figures.last_year,
            growth=rate(figures.result, figures.last_year, self.rounding),
            grade=grade(figures.result, figures.target, figures.last_year, self.elapsed_months),
            number=number,
            code=figures.code if kind == "item" else "",
        )

    def summed(
        self, kind: str, group: str, label: str, unit: str, members: Sequence[ItemFigures]
    ) -> ReportLine:
        """A 小計 or 合計 line: the members' figures added up (one unit), then its rates."""
        figures = ItemFigures(
            code="",
            group=group,
            name=label,
            unit=unit,
            target=_sum([m.target for m in members]),
            result=sum(m.result for m in members),
            last_year=_sum([m.last_year for m in members]),
        )
        return self.line(kind, figures)


def _units(figures: Sequence[ItemFigures]) -> list[str]:
    return list(dict.fromkeys(f.unit for f in figures))


def _sum_label(word: str, unit: str, several_units: bool) -> str:
    return f"{word}（{unit}）" if several_units else word


def build_lines(
    figures: Sequence[ItemFigures], *, rounding: str, elapsed_months: int
) -> tuple[ReportLine, ...]:
    """Items in their groups (in the order given); a 小計 per group and unit when the report
    has several groups and the group two or more items of the unit; a 合計 per unit when two
    or more items of it are not already summed up by one 小計."""
    maker = LineMaker(rounding, elapsed_months)
    groups = list(dict.fromkeys(f.group for f in figures))
    several_groups = len(groups) > 1
    lines: list[ReportLine] = []
    subtotalled: set[str] = set()
    for group in groups:
        members = [f for f in figures if f.group == group]
        lines.extend(maker.line("item", f, n) for n, f in enumerate(members, start=1))
        units = _units(members)
        for unit in units:
            of_unit = [f for f in members if f.unit == unit]
            if several_groups and len(of_unit) > 1:
                label = _sum_label("小計", unit, len(units) > 1)
                lines.append(maker.summed("subtotal", group, label, unit, of_unit))
                if len(of_unit) == sum(1 for f in figures if f.unit == unit):
                    subtotalled.add(unit)
    units = _units(figures)
    for unit in units:
        of_unit = [f for f in figures if f.unit == unit]
        if len(of_unit) > 1 and unit not in subtotalled:
            label = _sum_label("合計", unit, len(units) > 1)
            lines.append(maker.summed("total", "", label, unit, of_unit))
    return tuple(lines)


@dataclass(frozen=True)
class EstablishmentTable:
    """One item per establishment (事業所別): a line per establishment, then 合計."""

    code: str
    group: str
    name: str
    unit: str
    lines: tuple[ReportLine, ...]


def build_establishment_table(
    item: ItemFigures,
    by_establishment: Sequence[tuple[str, int | None, int, int | None]],
    *,
    unassigned: tuple[int, int | None] | None,
    rounding: str,
    elapsed_months: int,
) -> EstablishmentTable:
    """``by_establishment``: (label, target, result, last year) per establishment in order;
    then 事業所計 (their figures added), the results given to no establishment, and 合計 —
    the item's line of the main table (the society's target, every result)."""
    maker = LineMaker(rounding, elapsed_months)
    rows = [
        ItemFigures(item.code, item.group, label, item.unit, target, result, last)
        for label, target, result, last in by_establishment
    ]
    lines = [maker.line("item", r) for r in rows]
    lines.append(maker.summed("subtotal", "", "事業所計", item.unit, rows))
    if unassigned is not None:
        result, last = unassigned
        lines.append(
            maker.line(
                "item",
                ItemFigures(item.code, item.group, NO_ESTABLISHMENT, item.unit, None, result, last),
            )
        )
    whole = ItemFigures(item.code, item.group, "合計（団体全体）", item.unit, item.target,
                        item.result, item.last_year)  # fmt: skip
    lines.append(maker.line("total", whole))
    return EstablishmentTable(item.code, item.group, item.name, item.unit, tuple(lines))


@dataclass(frozen=True)
class PartnerReport:
    """One partner's report for a year and period, as the PDF and the workbook print it."""

    title: str
    partner: str
    partner_name: str
    society: str
    fiscal_year: int
    year_label: str
    period_key: str
    period_label: str
    rounding: str
    headings: ReportHeadings
    lines: tuple[ReportLine, ...]
    establishments: tuple[EstablishmentTable, ...] = ()
    footnotes: tuple[str, ...] = ()
    sessions: tuple[tuple[str, str], ...] = ()

    def line(self, label_or_code: str, group: str = "") -> ReportLine:
        """The line of an item (by code or name) or a 小計 of ``group`` / 合計, for tests."""
        for line in self.lines:
            if (line.code and line.code == label_or_code) or (
                line.label == label_or_code and (not group or line.group == group)
            ):
                return line
        raise KeyError(label_or_code)

    def establishment_table(self, code: str) -> EstablishmentTable:
        return next(t for t in self.establishments if t.code == code)
