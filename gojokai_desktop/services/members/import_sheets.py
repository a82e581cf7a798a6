"""The roster workbook's companion sheets: 事業所, 家族 and 互助会 (the program's own export).

Read only when the workbook has them, through ``services/untrusted.py`` like the member
sheet; each row is checked like a member row (row, column, value, what is wrong; a formula
cell too) and a refused row is left out, never half-read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from gojokai_desktop.domain.errors import ValidationError, problems_of
from gojokai_desktop.domain.wareki import parse_date
from gojokai_desktop.services import untrusted
from gojokai_desktop.services.members.establishments import (
    COLLECTION_LABELS,
    CYCLE_LABELS,
    EstablishmentInput,
    validate_establishment,
)
from gojokai_desktop.services.members.family import family_values
from gojokai_desktop.services.members.import_read import RowError
from gojokai_desktop.services.members.records import FamilyInput
from gojokai_desktop.services.members.roster_format import (
    DEPENDENT_MARK,
    ESTABLISHMENT_HEADERS,
    ESTABLISHMENTS_SHEET,
    FAMILY_HEADERS,
    FAMILY_SHEET,
    LABEL_RULE_TEXT,
    SOCIETY_ITEMS,
    SOCIETY_SHEET,
)
from gojokai_desktop.services.society import SocietyProfile, validate_profile

T = TypeVar("T")
FORMULA_MESSAGE = (
    "数式のセルは取り込めません。Excelで「値」として貼り付けてから保存し直してください。"
)
_SEXES = {"男": "M", "女": "F", "M": "M", "F": "F"}
#: The family service's field names → the 家族 sheet's headers.
_FAMILY_FIELDS = {"家族の氏名": "氏名", "家族のフリガナ": "フリガナ", "家族の性別": "性別"}


@dataclass(frozen=True)
class EstablishmentSheetRow:
    """An establishment as the 事業所 sheet gives it."""

    row: int
    number: int
    data: EstablishmentInput
    join_date: dt.date | None
    leave_date: dt.date | None


@dataclass(frozen=True)
class FamilySheetRow:
    """A family member as the 家族 sheet gives it, by the member's number."""

    row: int
    member_number: str
    data: FamilyInput
    to_date: dt.date | None


@dataclass
class Companions:
    """Everything the companion sheets hold; empty for a CSV or a town's own workbook."""

    establishments: list[EstablishmentSheetRow] = field(default_factory=list)
    families: list[FamilySheetRow] = field(default_factory=list)
    profile: SocietyProfile | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def sheets(self) -> list[str]:
        found = [ESTABLISHMENTS_SHEET] if self.establishments else []
        found += [FAMILY_SHEET] if self.families else []
        return found + ([SOCIETY_SHEET] if self.profile is not None else [])


def _text(value: Any) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def _date(value: Any, label: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    return parse_date(text, label) if text else None


class _Row:
    """One row of a companion sheet by its headers, collecting the problems it has."""

    def __init__(self, sheet: str, number: int, cells: dict[str, Any]) -> None:
        self.sheet, self.number = sheet, number
        self.errors: list[RowError] = []
        self.cells: dict[str, Any] = {}
        for header, value in cells.items():
            formula = isinstance(value, untrusted.FormulaCell)
            if formula:
                self.errors.append(RowError(number, header, str(value), FORMULA_MESSAGE, sheet))
            self.cells[header] = None if formula else value  # a formula is never read as text

    def text(self, header: str) -> str:
        """A code, number or label: NFKC (full-width digits become half-width)."""
        return _text(self.cells.get(header))

    def raw(self, header: str) -> str:
        """A name, address or note as written (a full-width space stays one)."""
        value = self.cells.get(header)
        return "" if value is None else str(value).strip()

    def check(self, header: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except ValidationError as exc:
            self.error(header, exc.message)
            return None

    def date(self, header: str) -> dt.date | None:
        return self.check(header, lambda: _date(self.cells.get(header), header))

    def error(self, header: str, message: str) -> None:
        self.errors.append(RowError(self.number, header, self.text(header), message, self.sheet))


SheetRows = list[tuple[int, tuple[Any, ...]]]


def _rows(sheets: dict[str, SheetRows], title: str, headers: tuple[str, ...]) -> Iterator[_Row]:
    rows = iter(sheets.get(title, ()))
    first = next(rows, None)
    if first is None:
        return
    index = {_text(h): i for i, h in enumerate(first[1]) if _text(h) in headers}
    for number, values in rows:
        if not any(_text(v) for v in values):
            continue
        cells = {h: values[i] if i < len(values) else None for h, i in index.items()}
        yield _Row(title, number, cells)


def _label_code(labels: dict[str, str], text: str, default: str) -> str | None:
    if not text:
        return default
    codes = {label: code for code, label in labels.items()} | {c: c for c in labels}
    return codes.get(text)


def _establishment(row: _Row) -> EstablishmentSheetRow | None:
    number = row.check("事業所番号", lambda: _positive(row.text("事業所番号")))
    cycle = _label_code(CYCLE_LABELS, row.text("請求の周期"), "monthly")
    method = _label_code(COLLECTION_LABELS, row.text("会費の納入方法"), "transfer")
    if cycle is None:
        row.error("請求の周期", f"{'・'.join(CYCLE_LABELS.values())}のどれかです。")
    if method is None:
        row.error("会費の納入方法", f"{'・'.join(COLLECTION_LABELS.values())}のどれかです。")
    data = EstablishmentInput(
        name=row.raw("事業所名"), name_kana=row.raw("フリガナ"),
        owner_name=row.raw("代表者"), postal_code=row.text("郵便番号"),
        address=row.raw("所在地"), phone=row.text("電話番号"),
        contact_person=row.raw("担当者"), billing_contact=row.raw("請求先担当者"),
        collection_method=method or "transfer", billing_cycle=cycle or "monthly",
        notes=row.raw("備考"),
    )  # fmt: skip
    try:
        data = validate_establishment(data)
    except ValidationError as exc:
        for problem in problems_of(exc):
            row.error(problem.field, problem.message)
    joined, left = row.date("加入日"), row.date("脱退日")
    if joined is not None and left is not None and left < joined:
        row.error("脱退日", "加入日より前です。")
    if row.errors or number is None:
        return None
    return EstablishmentSheetRow(row.number, number, data, joined, left)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise ValidationError("1以上の数字で入力してください。", "事業所番号")
    return int(text)


def _family(row: _Row) -> FamilySheetRow | None:
    number = row.text("会員番号")
    if not number:
        row.error("会員番号", "どの会員の家族か、会員番号を入力してください。")
    sex_text = row.text("性別")
    if sex_text and sex_text not in _SEXES:
        row.error("性別", "男か女で入力してください。")
    data = FamilyInput(
        relation=row.raw("続柄"), name=row.raw("氏名"), name_kana=row.raw("フリガナ"),
        sex=_SEXES.get(sex_text), birth_date=row.date("生年月日"),
        dependent=row.text("被扶養者") in (DEPENDENT_MARK, "○", "◯", "1", "はい"),
        from_date=row.date("登録日"), notes=row.raw("備考"), married_on=row.date("婚姻日"),
    )  # fmt: skip
    to_date = row.date("終了日")
    try:
        family_values(data)
    except ValidationError as exc:
        row.error(_FAMILY_FIELDS.get(exc.field, exc.field), exc.message)
    if row.errors:
        return None
    return FamilySheetRow(row.number, number, data, to_date)


def _profile(sheets: dict[str, SheetRows], errors: list[RowError]) -> SocietyProfile | None:
    if SOCIETY_SHEET not in sheets:
        return None
    items: dict[str, Any] = {}
    for line, row in sheets[SOCIETY_SHEET]:
        if not row or _text(row[0]) not in SOCIETY_ITEMS:
            continue
        value = row[1] if len(row) > 1 else None
        if isinstance(value, untrusted.FormulaCell):
            errors.append(RowError(line, _text(row[0]), str(value), FORMULA_MESSAGE,
                                   SOCIETY_SHEET))  # fmt: skip
            value = None
        items[_text(row[0])] = value
    rule = {v: k for k, v in LABEL_RULE_TEXT.items()}.get(_text(items.get("年度の表記")), "start")

    def words(item: str) -> str:
        value = items.get(item)
        return "" if value is None else str(value).strip()

    def number(item: str, default: int) -> int:
        text = _text(items.get(item))
        return int(text) if text.isdigit() else default

    profile = SocietyProfile(
        name=words("団体名"), postal_code=_text(items.get("郵便番号")),
        address=words("住所"), phone=_text(items.get("電話番号")),
        representative_title=words("代表者の役職") or "会長",
        representative_name=words("代表者氏名"),
        clerk_name=words("事務担当者"),
        member_number_pattern=str(items.get("会員番号の形式") or "").strip()
        or SocietyProfile(name="").member_number_pattern,
        cutoff_day=number("締め日", 20), fiscal_year_start_month=number("年度開始月", 4),
        fiscal_label_rule=rule,
    )  # fmt: skip
    try:
        return validate_profile(profile)
    except ValidationError as exc:
        for position, problem in enumerate(problems_of(exc), start=1):
            errors.append(RowError(position, problem.field, "", problem.message, SOCIETY_SHEET))
        return None


def read_companions(path: Path) -> Companions:
    """The 事業所, 家族 and 互助会 sheets of ``path`` (none for a CSV file), each read with
    the same limits as the member sheet."""
    found = Companions()
    if path.suffix.lower() in untrusted.CSV_SUFFIXES or not path.exists():
        return found
    wanted = (ESTABLISHMENTS_SHEET, FAMILY_SHEET, SOCIETY_SHEET)
    present = [name for name in untrusted.sheet_names(path) if name in wanted]
    sheets = {name: untrusted.read_rows(path, name).rows for name in present}
    for row in _rows(sheets, ESTABLISHMENTS_SHEET, ESTABLISHMENT_HEADERS):
        est = _establishment(row)
        found.errors += row.errors
        if est is not None:
            found.establishments.append(est)
    for row in _rows(sheets, FAMILY_SHEET, FAMILY_HEADERS):
        family = _family(row)
        found.errors += row.errors
        if family is not None:
            found.families.append(family)
    found.profile = _profile(sheets, found.errors)
    return found
