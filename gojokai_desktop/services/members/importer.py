"""Importing members: check every row (row, column, value, what is wrong), then all-or-nothing."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from gojokai_desktop.db.models.base import utcnow
from gojokai_desktop.db.models.members import (
    Affiliation,
    Establishment,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.membership import format_member_number
from gojokai_desktop.domain.wareki import parse_date
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.import_read import FIELD_LABELS, Columns, RawTable
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    MemberInput,
    validate_member_input,
)
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.untrusted import FormulaCell

ACTIONS = ("add", "update", "skip")
ACTION_LABELS = {"add": "追加", "update": "更新", "skip": "スキップ", "refuse": "取り込まない"}
_FIELD_OF_LABEL = {"氏名": "name", "フリガナ": "name_kana", "郵便番号": "postal_code",
                   "電話番号": "phone", "会員番号": "number", "住所": "address"}  # fmt: skip
_SEXES = {"男": "M", "男性": "M", "M": "M", "1": "M", "女": "F", "女性": "F", "F": "F", "2": "F"}
_EMPLOYMENT = {label: code for code, label in EMPLOYMENT_LABELS.items()} | {
    code: code for code in EMPLOYMENT_LABELS
}


@dataclass(frozen=True)
class RowError:
    """One problem of one row: where it is, what was there, what is wrong."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = f"「{self.value}」" if self.value else ""
        return f"{self.row}行目 {self.column}{shown}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    """A checked row: the member it describes, its establishment, and what will happen."""

    row: int
    data: MemberInput | None
    establishment: str
    join_date: dt.date | None
    errors: tuple[RowError, ...] = ()
    duplicate_of: str = ""  # 会員番号 of the register match, or "ファイル内 N行目"
    duplicate_member_id: int | None = None
    action: str = "add"


@dataclass
class ImportPlan:
    """Everything the preview shows; the clerk may change ``action`` of duplicate rows."""

    source: str
    rows: list[ImportRow]
    new_establishments: list[str] = field(default_factory=list)
    file_messages: list[str] = field(default_factory=list)

    def set_action(self, index: int, action: str) -> None:
        row = self.rows[index]
        if row.errors:
            raise RuleViolation(f"{row.row}行目には誤りがあるため取り込めません。")
        if action not in ACTIONS or (action == "update" and row.duplicate_member_id is None):
            raise RuleViolation(
                f"{row.row}行目は「{ACTION_LABELS.get(action, action)}」にできません。"
            )
        self.rows[index] = replace(row, action=action)

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(("add", "update", "skip", "refuse"), 0)
        for row in self.rows:
            result[row.action] += 1
        return result


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    skipped: int
    refused: int
    lines: tuple[tuple[int, str, str, str], ...]  # row, 結果, 会員番号・氏名, 内容


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
            self.establishments: dict[str, int] = {}
            self.ambiguous: set[str] = set()  # names two establishments share
            for est_id, est_number, est_name in session.execute(
                select(Establishment.id, Establishment.number, Establishment.name)
            ):
                self.establishments[str(est_number)] = est_id
                if est_name in self.establishments:
                    self.ambiguous.add(est_name)
                self.establishments[est_name] = est_id


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


def _establishment_problem(est: str, register: _Register, create: bool) -> str:
    """What is wrong with the establishment of a row: "" (known), "new" (to be created), or
    the message for the clerk."""
    if not est:
        return "事業所の番号か名前を入力してください。"
    if est in register.ambiguous:
        return "同じ名前の事業所が複数あります。事業所番号で指定してください。"
    if est in register.establishments or est.lstrip("0") in register.establishments:
        return ""
    if create and not est.isdigit():
        return "new"
    return "登録されていない事業所です。"


def prepare_import(
    ctx: AppContext,
    table: RawTable,
    columns: Columns,
    *,
    on_duplicate: str = "skip",
    create_establishments: bool = True,
) -> ImportPlan:
    """Check every row; nothing is written. Duplicates get ``on_duplicate`` as their action."""
    if on_duplicate not in ACTIONS:
        raise ValidationError("skip・update・add のどれかです。", "重複の扱い")
    missing = [FIELD_LABELS[f] for f in ("name", "name_kana", "establishment", "join_date")
               if f not in columns.mapping]  # fmt: skip
    if missing:
        raise ValidationError(f"{'・'.join(missing)}の列を割り当ててください。", "列の割り当て")
    register = _Register(ctx)
    today = ctx.today()
    plan = ImportPlan(table.source, [], file_messages=list(table.messages))
    seen = _Seen()
    new_ests: dict[str, None] = {}
    for number, cells in table.rows:
        if number <= columns.header_row:
            continue
        values = {f: cells[p] for p, f in enumerate(columns.mapping) if f and p < len(cells)}
        errors = _formula_errors(number, cells, columns)
        for key, value in values.items():
            if isinstance(value, FormulaCell):
                values[key] = ""  # reported above; never read as text
        data = _member_input(values, number, errors)
        try:
            data = validate_member_input(data, today)
        except ValidationError as exc:
            raw = _FIELD_OF_LABEL.get(exc.field, "")
            errors.append(RowError(number, exc.field, _text(values.get(raw, "")), exc.message))
        join = None
        try:
            join = _date(values.get("join_date", ""), "入会日")
            if join is None:
                errors.append(
                    RowError(number, "入会日", "", "入会日を入力してください（例: R7.4.1）。")
                )
        except ValidationError as exc:
            errors.append(RowError(number, "入会日", _text(values.get("join_date")), exc.message))
        est = _text(values.get("establishment"))
        problem = _establishment_problem(est, register, create_establishments)
        if problem == "new":
            new_ests[est] = None
        elif problem:
            errors.append(RowError(number, "事業所", est, problem))
        dup, dup_id = _duplicate(data, est, register, number, seen)
        action = "refuse" if errors else (on_duplicate if dup else "add")
        if action == "update" and dup_id is None:
            action = "skip"  # a duplicate inside the file has nothing to update yet
        plan.rows.append(ImportRow(number, data, est, join, tuple(errors), dup, dup_id, action))
    plan.new_establishments = list(new_ests)
    return plan


@dataclass
class _Seen:
    """Rows met so far in the file, for duplicates inside the file."""

    number: dict[str, int] = field(default_factory=dict)
    kana: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    name: dict[tuple[str, str], int] = field(default_factory=dict)


def _duplicate(
    data: MemberInput, est: str, register: _Register, row: int, seen: _Seen
) -> tuple[str, int | None]:
    """The register's member (by number, kana + birth, or name in establishment) or an
    earlier row of the file that this row repeats."""
    kana = normalize_for_search(data.name_kana)
    name = "".join(data.name.split())
    est_id = register.establishments.get(est) or register.establishments.get(est.lstrip("0"))
    found: tuple[int, str] | None = None
    if data.number and data.number in register.by_number:
        found = (register.by_number[data.number], data.number)
    elif data.birth_date is not None and (kana, data.birth_date) in register.by_kana_birth:
        found = register.by_kana_birth[(kana, data.birth_date)]
    elif est_id is not None and (name, est_id) in register.by_name_est:
        found = register.by_name_est[(name, est_id)]
    earlier = (
        seen.number.get(data.number)
        or (seen.kana.get((kana, data.birth_date)) if data.birth_date else None)
        or seen.name.get((name, est))
    )
    if data.number:
        seen.number.setdefault(data.number, row)
    if data.birth_date is not None:
        seen.kana.setdefault((kana, data.birth_date), row)
    seen.name.setdefault((name, est), row)
    if found is not None:
        return f"登録済み {found[1]}", found[0]
    if earlier is not None:
        return f"ファイル内 {earlier}行目", None
    return "", None


_UPDATED_FIELDS = ("name", "name_kana", "sex", "birth_date", "postal_code", "address", "phone",
                   "employment_type", "dues_class", "notes")  # fmt: skip
_INSERTED_FIELDS = (*_UPDATED_FIELDS, "bank_code", "branch_code", "account_type",
                    "account_number", "account_holder_kana")  # fmt: skip


class _Writer:
    """Establishments and member numbers as the import assigns them inside its transaction."""

    def __init__(self, session: Session, pattern: str) -> None:
        self.session = session
        self.pattern = pattern
        self.est_ids: dict[str, int] = {}
        self.est_numbers: dict[int, int] = {}
        for est_id, number, name in session.execute(
            select(Establishment.id, Establishment.number, Establishment.name)
        ):
            self.est_ids[str(number)] = self.est_ids[name] = est_id
            self.est_numbers[est_id] = number
        self.used = set(session.scalars(select(Member.number)))
        self.serial = len(self.used)
        self.persons: dict[int, int] = {
            int(est): int(count)
            for est, count in session.execute(
                select(
                    Affiliation.establishment_id, func.count(func.distinct(Affiliation.member_id))
                ).group_by(Affiliation.establishment_id)
            )
        }  # fmt: skip

    def create_establishment(self, name: str, joined: dt.date) -> None:
        number = max(self.est_numbers.values(), default=0) + 1
        est = Establishment(number=number, name=name, join_date=joined,
                            kana_search=normalize_for_search(name))  # fmt: skip
        self.session.add(est)
        self.session.flush()
        self.est_ids[name], self.est_numbers[est.id] = est.id, number

    def establishment_id(self, text: str) -> int:
        return self.est_ids.get(text) or self.est_ids[text.lstrip("0")]

    def number_for(self, wanted: str, est_id: int) -> str:
        number = wanted
        while not number or number in self.used:
            self.persons[est_id] = self.persons.get(est_id, 0) + 1
            self.serial += 1
            number = format_member_number(
                self.pattern, establishment_no=self.est_numbers[est_id],
                person_no=self.persons[est_id], serial=self.serial,
            )  # fmt: skip
        self.used.add(number)
        return number


def run_import(
    ctx: AppContext,
    plan: ImportPlan,
    *,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportSummary:
    """Write the plan in one transaction; ``progress(done, total)`` returning False cancels it,
    and a cancelled or failed import leaves the database as it was."""
    profile = load_profile(ctx)
    if profile is None:
        raise RuleViolation("互助会の基本情報が未設定です。先に初期設定をしてください。")
    lines: list[tuple[int, str, str, str]] = []
    with ctx.unit_of_work("会員の取り込み") as uow:
        writer = _Writer(uow.session, profile.member_number_pattern)
        for name in plan.new_establishments:
            dates = [r.join_date for r in plan.rows if r.establishment == name and r.join_date]
            writer.create_establishment(name, min(dates, default=ctx.today()))
        members: list[dict[str, Any]] = []
        for done, row in enumerate(plan.rows, start=1):
            if progress is not None and done % 500 == 0 and not progress(done, len(plan.rows)):
                raise RuleViolation("取り込みを中止しました。データベースは元のままです。")
            members.extend(_write_row(uow.session, writer, row, lines))
        _insert_members(uow.session, members, ctx.actor.user_id)
        counts = plan.counts()
        summary = {"file": plan.source, "establishments_created": len(plan.new_establishments)}
        uow.audit("members", "import", summary | counts)
        uow.commit()
    return ImportSummary(counts["add"], counts["update"], counts["skip"], counts["refuse"],
                         tuple(lines))  # fmt: skip


def _write_row(
    session: Session, writer: _Writer, row: ImportRow, lines: list[tuple[int, str, str, str]]
) -> list[dict[str, Any]]:
    """Update in place, or return the new member's values (inserted in bulk); log the line."""
    label = f"{row.data.number} {row.data.name}".strip() if row.data else ""
    if row.action == "refuse":
        lines.append((row.row, "取り込まない", label, " / ".join(str(e) for e in row.errors)))
        return []
    if row.action == "skip":
        lines.append((row.row, "スキップ", label, f"重複（{row.duplicate_of}）"))
        return []
    data, joined = row.data, row.join_date
    if data is None or joined is None:
        raise RuleViolation(f"{row.row}行目は確認が済んでいません。")
    kana_key = normalize_for_search(data.name_kana)
    if row.action == "update" and row.duplicate_member_id is not None:
        values = {f: getattr(data, f) for f in _UPDATED_FIELDS} | {"kana_search": kana_key}
        session.execute(update(Member).where(Member.id == row.duplicate_member_id).values(values))
        lines.append((row.row, "更新", label, f"{row.duplicate_of} を更新"))
        return []
    est_id = writer.establishment_id(row.establishment)
    number = writer.number_for(data.number, est_id)
    note = f"重複（{row.duplicate_of}）を承知で追加" if row.duplicate_of else ""
    lines.append((row.row, "追加", f"{number} {data.name}", note))
    values = {f: getattr(data, f) for f in _INSERTED_FIELDS}
    return [values | {"number": number, "kana_search": kana_key, "establishment_id": est_id,
                      "join_date": joined}]  # fmt: skip


def _insert_members(session: Session, members: list[dict[str, Any]], user_id: int | None) -> None:
    """Bulk insert (Core, one statement per table) with periods, affiliations and join events."""
    if not members:
        return
    session.execute(insert(Member), members)
    numbers = [m["number"] for m in members]
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), 900):  # SQLite's bound-parameter limit
        chunk = numbers[start : start + 900]
        query = select(Member.number, Member.id).where(Member.number.in_(chunk))
        ids.update((str(number), int(mid)) for number, mid in session.execute(query))
    now = utcnow()
    periods, affiliations, events = [], [], []
    for m in members:
        mid, est, start_date = ids[m["number"]], m["establishment_id"], m["join_date"]
        periods.append({"member_id": mid, "start_date": start_date})
        affiliations.append({"member_id": mid, "establishment_id": est, "start_date": start_date})
        events.append({"member_id": mid, "kind": "join", "effective_date": start_date,
                       "establishment_id": est, "reason": "取り込み", "entered_at": now,
                       "entered_by_user_id": user_id})  # fmt: skip
    session.execute(insert(MembershipPeriod), periods)
    session.execute(insert(Affiliation), affiliations)
    session.execute(insert(MemberEvent), events)
