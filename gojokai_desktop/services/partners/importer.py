"""Importing the results a partner sends as a workbook: every row checked (item of that
year, figure, establishment, period), then all or nothing — a refused import stores nothing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Establishment, PartnerItem, PartnerResult
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.items import is_total_label, match_key, parse_figure
from gojokai_desktop.domain.partners.periods import PartnerYear, Period
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners._common import (
    item_label,
    items_of_year,
    partner_row,
    partner_year,
)
from gojokai_desktop.services.partners.import_read import Cell, ColumnMap, ResultSheet
from gojokai_desktop.services.partners.results import (
    overlap_problem,
    refuse_counted,
    store_result,
    stored_periods,
)

_NUMBERED = re.compile(r"^(\d+)\s+\S")
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]$")
ACTIONS = {"added": "追加", "changed": "変更", "same": "変更なし"}


@dataclass(frozen=True)
class RowProblem:
    """Why one row cannot be imported: where, what was there, what is wrong."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = f"「{self.value}」" if self.value else ""
        return f"{self.row}行目 {self.column}{shown}: {self.message}"


@dataclass(frozen=True)
class ImportLine:
    """A row that will be stored, and what it does to what is stored now."""

    row: int
    item_id: int
    item: str
    unit: str
    establishment_id: int | None
    establishment: str
    period: Period
    period_label: str
    amount: int
    previous: int | None

    @property
    def action(self) -> str:
        if self.previous is None:
            return "追加"
        return "変更なし" if self.previous == self.amount else "変更"


@dataclass(frozen=True)
class ResultImportPlan:
    """What the preview shows; only a plan without problems can be stored."""

    source: str
    sheet: str
    partner_id: int
    partner: str
    fiscal_year: int
    year_label: str
    lines: tuple[ImportLine, ...]
    problems: tuple[RowProblem, ...]
    skipped: tuple[tuple[int, str], ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.lines)


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    changed: int
    unchanged: int


class _Lookup:
    """Items of the year and establishments, by every way a sheet names them."""

    def __init__(self, session: Session, items: list[PartnerItem]) -> None:
        self.items: dict[str, PartnerItem | None] = {}
        for item in items:
            # Sheets often drop the bracketed detail: 預かり資産（個人型DC…） → 預かり資産.
            short = _BRACKETED.sub("", item.name) or item.name
            keys = {
                item.code,
                item.name,
                f"{item.group_name}{item.name}",
                item_label(item),
                short,
                f"{item.group_name}{short}",
            }
            for key in {match_key(k) for k in keys}:
                # A name two groups share ("新契約") only counts with its group.
                self.items[key] = (
                    None if key in self.items and self.items[key] is not item else item
                )
        self.establishments: dict[str, int] = {}
        names: dict[str, list[int]] = {}
        for est_id, number, name in session.execute(
            select(Establishment.id, Establishment.number, Establishment.name)
        ):
            self.establishments[str(number)] = est_id
            names.setdefault(match_key(name), []).append(est_id)
        self.ambiguous = {k for k, v in names.items() if len(v) > 1}
        self.establishments.update({k: v[0] for k, v in names.items() if len(v) == 1})

    def item(self, text: str) -> PartnerItem | str | None:
        """The item, None when unknown, or "ambiguous"."""
        key = match_key(text)
        if key in self.items:
            found = self.items[key]
            return "ambiguous" if found is None else found
        return None

    def establishment(self, text: str) -> int | str:
        """The establishment id, or the message for the clerk. ``12``, ``0012``, a name, or
        ``0012 福島商事`` (the number wins) as the program's own workbooks write it."""
        numbered = _NUMBERED.match(unicodedata.normalize("NFKC", text).strip())
        if numbered:
            text = numbered[1]
        digits = text.strip().lstrip("0") or "0"
        if text.strip().isdigit():
            found = self.establishments.get(digits)
            return found if found is not None else "その番号の事業所は登録されていません。"
        key = match_key(text)
        if key in self.ambiguous:
            return "同じ名前の事業所が複数あります。事業所番号で指定してください。"
        found = self.establishments.get(key)
        return found if found is not None else "登録されていない事業所です。"


def _value(cells: tuple[Cell, ...], position: int | None) -> Cell:
    if position is None or position >= len(cells):
        return Cell(None)
    return cells[position]


@dataclass
class _Checker:
    """Collects lines and problems row by row."""

    year: PartnerYear
    lookup: _Lookup
    session: Session
    default_period: Period | None
    default_establishment: int | None
    labels: dict[int, str]

    def __post_init__(self) -> None:
        self.lines: list[ImportLine] = []
        self.problems: list[RowProblem] = []
        self.skipped: list[tuple[int, str]] = []
        self.seen: dict[tuple[int, int | None, Period], int] = {}
        self.periods: dict[tuple[int, int | None], dict[Period, int | None]] = {}

    def problem(self, row: int, column: str, cell: Cell, message: str) -> None:
        self.problems.append(RowProblem(row, column, cell.text, message))

    def row(self, number: int, cells: tuple[Cell, ...], columns: ColumnMap) -> None:
        item_cell = _value(cells, columns.item)
        amount_cell = _value(cells, columns.amount)
        if not item_cell.text and not amount_cell.text:
            return
        if is_total_label(item_cell.text):
            self.skipped.append((number, f"「{item_cell.text}」の行（合計の行は取り込みません）"))
            return
        before = len(self.problems)
        item = self._item(number, item_cell)
        amount = self._amount(number, amount_cell)
        est = self._establishment(number, _value(cells, columns.establishment))
        period = self._period(number, _value(cells, columns.period), columns.period is not None)
        if len(self.problems) > before or item is None or period is None or est == "bad":
            return
        if amount is None:
            self.skipped.append((number, f"{item.name}: 実績が空欄のため取り込みません"))
            return
        assert isinstance(est, int | None)
        self._add(number, item, est, period, amount)

    def _item(self, number: int, cell: Cell) -> PartnerItem | None:
        if cell.formula:
            self.problem(
                number, "項目", cell, "数式のセルです。値だけを貼り付けた表にしてください。"
            )
            return None
        if not cell.text:
            self.problem(number, "項目", cell, "項目が空です。")
            return None
        found = self.lookup.item(cell.text)
        if found == "ambiguous":
            self.problem(
                number,
                "項目",
                cell,
                "同じ名前の項目が複数の区分にあります。"
                "「区分 項目名」のように区分を付けてください。",
            )
            return None
        if found is None or isinstance(found, str):
            self.problem(number, "項目", cell, f"この推進先の{self.year.label()}にない項目です。")
            return None
        refused = refuse_counted(found)
        if refused:
            self.problem(number, "項目", cell, refused)
            return None
        return found

    def _amount(self, number: int, cell: Cell) -> int | None:
        if cell.formula:
            self.problem(
                number, "実績", cell, "数式のセルです。値だけを貼り付けた表にしてください。"
            )
            return None
        if not cell.text:
            return None
        try:
            return parse_figure(cell.value, "実績")
        except ValidationError as exc:
            self.problem(number, "実績", cell, exc.message)
            return None

    def _establishment(self, number: int, cell: Cell) -> int | str | None:
        if not cell.text:
            return self.default_establishment
        if cell.formula:
            self.problem(number, "事業所", cell, "数式のセルです。")
            return "bad"
        found = self.lookup.establishment(cell.text)
        if isinstance(found, str):
            self.problem(number, "事業所", cell, found)
            return "bad"
        return found

    def _period(self, number: int, cell: Cell, mapped: bool) -> Period | None:
        if not cell.text:
            if self.default_period is None:
                why = (
                    "期間が空です。"
                    if mapped
                    else "期間の列がないので、取り込む期間を選んでください。"
                )
                self.problem(number, "期間", cell, why)
            return self.default_period
        if cell.formula:
            self.problem(number, "期間", cell, "数式のセルです。")
            return None
        try:
            return self.year.parse_period(cell.value, "期間")
        except ValidationError as exc:
            self.problem(number, "期間", cell, exc.message)
            return None

    def _add(
        self, number: int, item: PartnerItem, est: int | None, period: Period, amount: int
    ) -> None:
        key = (item.id, est, period)
        if key in self.seen:
            self.problems.append(
                RowProblem(
                    number, "項目", item.name, f"{self.seen[key]}行目と同じ項目・事業所・期間です。"
                )
            )
            return
        self.seen[key] = number
        periods = self.periods.get((item.id, est))
        if periods is None:
            stored = stored_periods(self.session, item.id, est, self.year)
            periods = {p: row.amount for p, row in stored.items()}
            self.periods[(item.id, est)] = periods
        problem = overlap_problem(self.year, period, list(periods))
        if problem:
            self.problems.append(
                RowProblem(number, "期間", self.year.period_label(period), problem)
            )
            return
        previous = periods.get(period)
        periods[period] = amount
        self.lines.append(
            ImportLine(
                number,
                item.id,
                item_label(item),
                item.unit,
                est,
                self.labels.get(est, "") if est is not None else "",
                period,
                self.year.period_label(period),
                amount,
                previous,
            )
        )


def prepare_result_import(
    ctx: AppContext,
    sheet: ResultSheet,
    columns: ColumnMap,
    *,
    partner_id: int,
    fiscal_year: int,
    default_period: Period | None = None,
    default_establishment_id: int | None = None,
) -> ResultImportPlan:
    """Check every row of the sheet below the heading row; nothing is written."""
    missing = [
        label
        for field, label in (("item", "項目"), ("amount", "実績"))
        if columns.of(field) is None
    ]
    if missing:
        raise ValidationError(f"{'・'.join(missing)}の列を選んでください。", "列の割り当て")
    with ctx.reader() as session:
        partner = partner_row(session, partner_id)
        year = partner_year(partner, fiscal_year)
        items = items_of_year(session, partner_id, fiscal_year)
        if not items:
            raise RuleViolation(
                f"{partner.name}の{year.label()}には項目がありません。先に項目を作ってください。"
            )
        labels = {
            est_id: f"{number:04d} {name}"
            for est_id, number, name in session.execute(
                select(Establishment.id, Establishment.number, Establishment.name)
            )
        }
        checker = _Checker(
            year, _Lookup(session, items), session, default_period, default_establishment_id, labels
        )
        for number, cells in sheet.rows:
            if number > columns.header_row:
                checker.row(number, cells, columns)
    return ResultImportPlan(
        source=sheet.source,
        sheet=sheet.sheet,
        partner_id=partner_id,
        partner=partner.name,
        fiscal_year=fiscal_year,
        year_label=year.label(),
        lines=tuple(checker.lines),
        problems=tuple(checker.problems),
        skipped=tuple(checker.skipped),
    )


def commit_result_import(
    ctx: AppContext,
    plan: ResultImportPlan,
    *,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportOutcome:
    """Store a checked plan in one transaction. A plan with a refused row stores nothing;
    so does a row that no longer passes (another clerk changed the year meanwhile), and a
    cancel through ``progress`` returning False."""
    if plan.problems:
        raise RuleViolation(
            f"取り込めない行が{len(plan.problems)}行あるため、何も保存していません。"
            "ファイルを直してからもう一度取り込んでください。"
        )
    if not plan.lines:
        raise RuleViolation("取り込める行がありません。")
    counts = dict.fromkeys(ACTIONS, 0)
    with ctx.unit_of_work("推進実績の取り込み") as uow:
        session = uow.session
        partner = partner_row(session, plan.partner_id)
        year = partner_year(partner, plan.fiscal_year)
        items = {i.id: i for i in items_of_year(session, plan.partner_id, plan.fiscal_year)}
        stored: dict[tuple[int, int | None], dict[Period, PartnerResult]] = {}
        for done, line in enumerate(plan.lines, start=1):
            if progress is not None and done % 200 == 0 and not progress(done, len(plan.lines)):
                raise RuleViolation("取り込みを中止しました。何も保存していません。")
            item = items.get(line.item_id)
            if item is None:
                raise RuleViolation(f"{line.row}行目: 項目「{line.item}」はもうありません。")
            key = (item.id, line.establishment_id)
            if key not in stored:
                stored[key] = stored_periods(session, item.id, line.establishment_id, year)
            try:
                outcome = store_result(
                    session,
                    item,
                    establishment_id=line.establishment_id,
                    year=year,
                    period=line.period,
                    amount=line.amount,
                    source="imported",
                    actor=ctx.actor.name,
                    stored=stored[key],
                )
            except (RuleViolation, ValidationError) as exc:
                text = exc.message
                raise RuleViolation(f"{line.row}行目: {text}（何も保存していません）") from exc
            counts[outcome] = counts.get(outcome, 0) + 1
        uow.audit(
            "partner_results",
            "import",
            {
                "file": plan.source,
                "sheet": plan.sheet,
                "partner": plan.partner,
                "fiscal_year": plan.fiscal_year,
                **counts,
            },
        )
        uow.commit()
    return ImportOutcome(counts["added"], counts["changed"], counts["same"])
