"""Importing members: check every row (row, column, value, what is wrong), then all-or-nothing.

A row names its establishment by number, by name, or both; an establishment the register
does not have is created only for a row that is imported (or because the workbook's 事業所
sheet lists it), with the sheet's kana or none — never its kanji. A roster without join
dates takes one date for every row. A row with a 退会日 imports a former member.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models.members import Establishment, Member
from gojokai_desktop.domain.errors import RuleViolation, ValidationError, problems_of
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.membership import join_effective_date
from gojokai_desktop.domain.wareki import format_wareki, parse_date
from gojokai_desktop.services import collection
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members._import_establishments import (
    EstablishmentIndex,
    EstablishmentResolver,
    establishment_text,
)
from gojokai_desktop.services.members._import_write import write_plan
from gojokai_desktop.services.members.import_columns import FIELD_LABELS
from gojokai_desktop.services.members.import_plan import (
    ACTION_LABELS,
    ACTIONS,
    ImportPlan,
    ImportRow,
    ImportSummary,
)
from gojokai_desktop.services.members.import_read import Columns, RawTable, RowError
from gojokai_desktop.services.members.import_sheets import Companions
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    LEAVE_REASON_LABELS,
    MemberInput,
    validate_member_input,
)
from gojokai_desktop.services.society import SocietyProfile, load_profile
from gojokai_desktop.services.untrusted import FormulaCell

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "ImportPlan",
    "ImportRow",
    "ImportSummary",
    "RowError",
    "default_join_dates",
    "prepare_import",
    "run_import",
]

#: The member checks' field names → the import's column names.
_FIELD_OF_LABEL = {"氏名": "name", "フリガナ": "name_kana", "郵便番号": "postal_code",
                   "電話番号": "phone", "会員番号": "number", "住所": "address"}  # fmt: skip
_SEXES = {"男": "M", "男性": "M", "M": "M", "1": "M", "女": "F", "女性": "F", "F": "F", "2": "F"}
_EMPLOYMENT = {label: code for code, label in EMPLOYMENT_LABELS.items()} | {
    code: code for code in EMPLOYMENT_LABELS
}
_REASONS = {label: code for code, label in LEAVE_REASON_LABELS.items()} | {
    code: code for code in LEAVE_REASON_LABELS
}


def default_join_dates(ctx: AppContext) -> tuple[tuple[str, dt.date], ...]:
    """The one-date-for-everyone choices: the first day of this fiscal year (a roster taken
    over), and the date a membership applied for today starts by the cut-off rule."""
    profile = load_profile(ctx)
    today = ctx.today()
    if profile is None:
        return (
            ("今年度の初日", dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)),
        )
    first = profile.calendar.first_day(profile.calendar.year_of(today))
    return (
        ("今年度の初日", first),
        ("締め日の規定による次の入会日", join_effective_date(today, profile.cutoff_day)),
    )


def _text(value: Any) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def _date(value: Any, label: str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    return parse_date(text, label) if text else None


def _formula_errors(number: int, cells: tuple[Any, ...], columns: Columns) -> list[RowError]:
    """A formula in a column to import is refused on its row: the program does not compute
    formulas, and the value Excel saved with it may be stale or missing."""
    errors = []
    for position, field_name in enumerate(columns.mapping):
        if field_name and position < len(cells) and isinstance(cells[position], FormulaCell):
            errors.append(
                RowError(
                    number,
                    columns.headers[position] or FIELD_LABELS[field_name],
                    str(cells[position]),
                    "数式のセルは取り込めません。Excelで「値」として貼り付けてから保存し直して"
                    "ください。",
                )
            )
    return errors


class _Register:
    """The register as the check needs it, loaded once (50,000 members in one query)."""

    def __init__(self, ctx: AppContext) -> None:
        with ctx.reader() as session:
            self.by_number: dict[str, int] = {}
            self.by_kana_birth: dict[tuple[str, dt.date], tuple[int, str]] = {}
            self.by_name_est: dict[tuple[str, int], tuple[int, str]] = {}
            for mid, number, name, kana, birth, est in session.execute(
                select(Member.id, Member.number, Member.name, Member.kana_search,
                       Member.birth_date, Member.establishment_id)
            ):  # fmt: skip
                self.by_number[number] = mid
                if birth is not None:
                    self.by_kana_birth[(kana, birth)] = (mid, number)
                self.by_name_est[("".join(name.split()), est)] = (mid, number)
            self.establishments = EstablishmentIndex(
                [(int(i), int(n), str(name)) for i, n, name in session.execute(
                    select(Establishment.id, Establishment.number, Establishment.name))]
            )  # fmt: skip


def _member_input(values: dict[str, Any], row: int, errors: list[RowError]) -> MemberInput:
    sex_text = _text(values.get("sex")).upper()
    sex = _SEXES.get(sex_text) if sex_text else None
    if sex_text and sex is None:
        errors.append(RowError(row, "性別", sex_text, "男か女（M/F、1/2）で入力してください。"))
    employment_text = _text(values.get("employment_type"))
    employment = _EMPLOYMENT.get(employment_text or "正社員")
    if employment is None:
        errors.append(
            RowError(
                row, "雇用形態", employment_text, "正社員・パート・事業主・その他のどれかです。"
            )
        )
    birth = None
    try:
        birth = _date(values.get("birth_date", ""), "生年月日")
    except ValidationError as exc:
        errors.append(RowError(row, "生年月日", _text(values.get("birth_date")), exc.message))
    return MemberInput(
        number=_text(values.get("number")),
        name=_text(values.get("name")).replace(" ", "　"),
        name_kana=str(values.get("name_kana") or ""),
        sex=sex,
        birth_date=birth,
        postal_code=_text(values.get("postal_code")),
        address=str(values.get("address") or "").strip(),
        phone=_text(values.get("phone")),
        employment_type=employment or "regular",
        dues_class=_text(values.get("dues_class")),
        notes=str(values.get("notes") or "").strip(),
    )


def _required_columns(columns: Columns, default_join: dt.date | None) -> None:
    missing = [FIELD_LABELS[f] for f in ("name", "name_kana") if f not in columns.mapping]
    if not {"establishment", "establishment_number"} & set(columns.mapping):
        missing.append("事業所名か事業所番号")
    if "join_date" not in columns.mapping and default_join is None:
        missing.append("入会日（列がなければ全員の入会日を指定）")
    if missing:
        raise ValidationError(f"{'・'.join(missing)}の列を割り当ててください。", "列の割り当て")


@collection.paused()  # a row object per row of the file, none of them garbage
def prepare_import(
    ctx: AppContext,
    table: RawTable,
    columns: Columns,
    *,
    on_duplicate: str = "skip",
    create_establishments: bool = True,
    default_join_date: dt.date | None = None,
    companions: Companions | None = None,
) -> ImportPlan:
    """Check every row; nothing is written. Duplicates get ``on_duplicate`` as their action.

    ``default_join_date`` is the join date of every row without one of its own (a roster
    with no 入会日 column); ``companions`` are the workbook's 事業所・家族・互助会 sheets.
    """
    if on_duplicate not in ACTIONS:
        raise ValidationError("skip・update・add のどれかです。", "重複の扱い")
    _required_columns(columns, default_join_date)
    companions = companions or Companions()
    register = _Register(ctx)
    ests = EstablishmentResolver(register.establishments, companions, create_establishments)
    today = ctx.today()
    plan = ImportPlan(
        table.source,
        [],
        companions,
        default_join_date=default_join_date,
        file_messages=list(table.messages),
    )
    plan.profile_needed = load_profile(ctx) is None
    plan.sheet_establishments = ests.sheet_new()
    seen = _Seen()
    for number, cells in table.rows:
        if number <= columns.header_row:
            continue
        values = {f: cells[p] for p, f in enumerate(columns.mapping) if f and p < len(cells)}
        formulas = _formula_errors(number, cells, columns)
        for key, value in values.items():
            if isinstance(value, FormulaCell):
                values[key] = ""  # reported on its row; never read as text
        plan.rows.append(
            _check_row(
                number,
                values,
                ests=ests,
                register=register,
                seen=seen,
                today=today,
                plan=plan,
                on_duplicate=on_duplicate,
                errors=formulas,
            )
        )
    return plan


def _check_row(
    number: int,
    values: dict[str, Any],
    *,
    ests: EstablishmentResolver,
    register: _Register,
    seen: _Seen,
    today: dt.date,
    plan: ImportPlan,
    on_duplicate: str,
    errors: list[RowError],
) -> ImportRow:
    """One row checked; ``errors`` holds what was already found (formula cells)."""
    data = _member_input(values, number, errors)
    try:
        data = validate_member_input(data, today)
    except ValidationError as exc:
        for problem in problems_of(exc):
            raw = _FIELD_OF_LABEL.get(problem.field, "")
            errors.append(RowError(number, problem.field, _text(values.get(raw, "")),
                                   problem.message))  # fmt: skip
    join, from_default = _join_date(values, number, errors, plan.default_join_date)
    leave, reason = _leave(values, number, errors, join)
    est_number, est_name = (
        _text(values.get("establishment_number")),
        _text(values.get("establishment")),
    )
    est_id, new_est, column, est_problem = ests.resolve(
        est_number, est_name, str(values.get("establishment_kana") or "")
    )
    if est_problem:
        typed = est_number if column == "事業所番号" else est_name
        errors.append(RowError(number, column, typed, est_problem))
    shown = establishment_text(ests.register, est_id, new_est, est_number or est_name)
    dup, dup_id = _duplicate(data, est_id, register, number, seen)
    action = "refuse" if errors else (on_duplicate if dup else "add")
    if action == "update" and dup_id is None:
        action = "skip"  # a duplicate inside the file has nothing to update yet
    return ImportRow(number, data, shown, join, tuple(errors), dup, dup_id, action, leave,
                     reason, est_id, new_est, from_default)  # fmt: skip


def _join_date(
    values: dict[str, Any], number: int, errors: list[RowError], default: dt.date | None
) -> tuple[dt.date | None, bool]:
    try:
        join = _date(values.get("join_date", ""), "入会日")
    except ValidationError as exc:
        errors.append(RowError(number, "入会日", _text(values.get("join_date")), exc.message))
        return None, False
    if join is not None:
        return join, False
    if default is not None:
        return default, True
    errors.append(RowError(number, "入会日", "", "入会日を入力してください（例: R7.4.1）。"))
    return None, False


def _leave(
    values: dict[str, Any], number: int, errors: list[RowError], join: dt.date | None
) -> tuple[dt.date | None, str | None]:
    reason_text = _text(values.get("leave_reason"))
    try:
        leave = _date(values.get("leave_date", ""), "退会日")
    except ValidationError as exc:
        errors.append(RowError(number, "退会日", _text(values.get("leave_date")), exc.message))
        return None, None
    if leave is None:
        if reason_text:
            message = "退会日がありません（在籍中なら退会理由を空欄に）。"
            errors.append(RowError(number, "退会理由", reason_text, message))
        return None, None
    reason = _REASONS.get(reason_text)
    if reason is None:
        labels = "・".join(LEAVE_REASON_LABELS.values())
        message = f"{labels}のどれかを入力してください。"
        errors.append(RowError(number, "退会理由", reason_text, message))
    if join is not None and leave < join:
        errors.append(RowError(number, "退会日", format_wareki(leave),
                               f"入会日（{format_wareki(join)}）より前です。"))  # fmt: skip
    return leave, reason


@dataclass
class _Seen:
    """Rows met so far in the file, for duplicates inside the file."""

    number: dict[str, int] = field(default_factory=dict)
    kana: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    name: dict[tuple[str, str], int] = field(default_factory=dict)
    numbered: dict[int, bool] = field(default_factory=dict)  # row → it had a member number


def _duplicate(
    data: MemberInput, est_id: int | None, register: _Register, row: int, seen: _Seen
) -> tuple[str, int | None]:
    """The register's member (by number, kana + birth, or name in establishment) or an
    earlier row of the file that this row repeats."""
    kana = normalize_for_search(data.name_kana)
    name = "".join(data.name.split())
    found: tuple[int, str] | None = None
    if data.number and data.number in register.by_number:
        found = (register.by_number[data.number], data.number)
    elif data.birth_date is not None and (kana, data.birth_date) in register.by_kana_birth:
        found = register.by_kana_birth[(kana, data.birth_date)]
    elif est_id is not None and (name, est_id) in register.by_name_est:
        found = register.by_name_est[(name, est_id)]
    est_key = str(est_id)
    earlier = seen.number.get(data.number) if data.number else None
    if earlier is None:
        # Two rows with different member numbers are two members of the file's own register
        # (namesakes, twins): only a row without a number is matched by kana or name.
        by_kana = seen.kana.get((kana, data.birth_date)) if data.birth_date else None
        for candidate in (by_kana, seen.name.get((name, est_key))):
            if candidate is not None and not (data.number and seen.numbered.get(candidate)):
                earlier = candidate
                break
    if data.number:
        seen.number.setdefault(data.number, row)
    seen.numbered[row] = bool(data.number)
    if data.birth_date is not None:
        seen.kana.setdefault((kana, data.birth_date), row)
    seen.name.setdefault((name, est_key), row)
    if found is not None:
        return f"登録済み {found[1]}", found[0]
    if earlier is not None:
        return f"ファイル内 {earlier}行目", None
    return "", None


@collection.paused()  # 50,000 members written: many objects, little garbage
def run_import(
    ctx: AppContext,
    plan: ImportPlan,
    *,
    progress: Callable[[int, int], bool] | None = None,
    profile: SocietyProfile | None = None,
) -> ImportSummary:
    """Write the plan in one transaction; ``progress(done, total)`` returning False cancels it,
    and a cancelled or failed import leaves the database as it was.

    A database without a society profile takes ``profile`` (the clerk's, from the wizard),
    else the workbook's 互助会 sheet, else the import is refused before anything is written.
    """
    stored = load_profile(ctx)
    if stored is None:
        stored = profile or plan.companions.profile
        if stored is None:
            raise RuleViolation(
                "互助会の基本情報が未設定です。先に初期設定をするか、"
                "「gojokai init --name 団体名」でデータベースを作ってください。"
            )
        new_profile: SocietyProfile | None = stored
    else:
        new_profile = None
    written = write_plan(ctx, plan, stored, new_profile, progress)
    counts = plan.counts()
    return ImportSummary(counts["add"], counts["update"], counts["skip"], counts["refuse"],
                         written.lines, written.establishments, written.family)  # fmt: skip
