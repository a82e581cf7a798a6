"""The closed-year guard: no row dated in a closed fiscal year is inserted, changed or deleted.

A model whose rows belong to a fiscal year declares the column that decides the year::

    class CashBookEntry(Base):
        __fiscal_date__ = "entry_date"          # a date column, or
        __fiscal_date__ = "fiscal_year"         # an int fiscal-year column, or
        __fiscal_date__ = "budget_id"           # a foreign key: the parent row's year decides
        __fiscal_free__ = ("paid_amount",)      # columns a later event may still change
        __fiscal_label__ = "出納"               # what the refusal calls the record

A record that spans time names its date columns as a tuple (``("start_date", "end_date")``):
an insert or delete is checked on every date it carries, an update only on the dates it
changes (old and new), so a membership begun in a closed year can still end in an open one.

Every unit of work installs :func:`install` on its session, so a service, the GUI or the
command line that forgets to check still cannot write into a closed year: the flush is
refused with a :class:`RuleViolation` naming the year, and the unit of work rolls back.
Both the old and the new value count: a row cannot be moved into or out of a closed year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Mapper, Session

from gojokai_desktop.db.models import FiscalYear, SocietySettings
from gojokai_desktop.db.tx_cache import tx_cache
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.fiscal import FiscalCalendar

ClosedYears = list[tuple[int, dt.date, dt.date]]


def install(session: Session) -> None:
    """Refuse, at every flush of ``session``, a write dated in a closed fiscal year."""
    event.listen(session, "before_flush", _before_flush)


def is_dated(obj: object) -> bool:
    """Whether a row (or a model class) declares the column that decides its fiscal year."""
    cls = obj if isinstance(obj, type) else type(obj)
    column = getattr(cls, "__fiscal_date__", None)
    return isinstance(column, str) or (
        isinstance(column, tuple) and all(isinstance(c, str) for c in column)
    )


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    writes: list[tuple[object, str]] = [(o, "insert") for o in session.new if is_dated(o)]
    writes += [(o, "delete") for o in session.deleted if is_dated(o)]
    writes += [
        (o, "update")
        for o in session.dirty
        if is_dated(o) and session.is_modified(o, include_collections=False)
    ]
    if not writes:
        return
    closed = _closed_years_cached(session)
    if not closed:
        return
    for obj, operation in writes:
        for value in _deciding_values(session, obj, operation):
            year = _closed_year_of(value, closed)
            if year is not None:
                raise RuleViolation(_message(session, year, obj, operation))


def _closed_years_cached(session: Session) -> ClosedYears:
    """:func:`closed_years`, read once per transaction unless a fiscal year is being written."""
    cache = tx_cache(session)
    changing = (*session.new, *session.dirty, *session.deleted)
    if "closed_years" not in cache or any(isinstance(o, FiscalYear) for o in changing):
        cache["closed_years"] = closed_years(session)
    return cache["closed_years"]  # type: ignore[no-any-return]


def closed_years(session: Session) -> ClosedYears:
    """``(year, first day, last day)`` of every closed fiscal year."""
    rows = session.execute(
        select(FiscalYear.year, FiscalYear.start_date, FiscalYear.end_date).where(
            FiscalYear.status == "closed"
        )
    ).all()
    return [(int(y), start, end) for y, start, end in rows]


def _closed_year_of(value: object, closed: ClosedYears) -> int | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    for year, start, end in closed:
        if isinstance(value, dt.date) and start <= value <= end:
            return year
        if isinstance(value, int) and not isinstance(value, bool) and value == year:
            return year
    return None


def _changed_columns(obj: object) -> set[str]:
    state = inspect(obj)
    return {
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }


def _deciding_values(session: Session, obj: object, operation: str) -> Iterator[object]:
    """The values of the deciding column that the write touches: new, old, or both."""
    cls = type(obj)
    column: str | tuple[str, ...] = cls.__fiscal_date__  # type: ignore[attr-defined]
    if isinstance(column, tuple):
        yield from _span_values(obj, column, operation)
        return
    free: Iterable[str] = getattr(cls, "__fiscal_free__", ())
    if operation == "update" and _changed_columns(obj) <= set(free) | {"updated_at"}:
        return
    history = inspect(obj).attrs[column].history
    values: list[Any] = []
    if operation in ("insert", "update"):
        values.append(getattr(obj, column))
    if operation in ("update", "delete"):
        values += [*history.deleted, *history.unchanged]
    parent_class = _parent_class(cls, column)
    for value in values:
        if value is None:
            continue
        if parent_class is None:
            yield value
            continue
        parent = session.get(parent_class, value)
        if parent is not None:
            yield from _deciding_values(session, parent, "insert")


def _span_values(obj: object, columns: tuple[str, ...], operation: str) -> Iterator[object]:
    """The dates of a record spanning time that the write touches (see the module doc)."""
    state = inspect(obj)
    for column in columns:
        history = state.attrs[column].history
        if operation == "insert":
            values: list[Any] = [getattr(obj, column)]
        elif operation == "delete":
            values = [*history.deleted, *history.unchanged, getattr(obj, column)]
        elif history.has_changes():
            values = [*history.added, *history.deleted]
        else:
            values = []
        yield from (v for v in values if v is not None)


def _parent_class(cls: type, column: str) -> type | None:
    """The dated class a foreign-key deciding column points to, else None (the value itself
    decides: ``fiscal_year`` referring to ``fiscal_years`` is a year, not a parent row)."""
    mapper: Mapper[Any] = inspect(cls)
    for key in mapper.columns[column].foreign_keys:
        target = key.column.table
        for other in mapper.registry.mappers:
            if other.local_table is target and is_dated(other.class_):
                found: type = other.class_
                return found
    return None


def _message(session: Session, year: int, obj: object, operation: str) -> str:
    settings = session.get(SocietySettings, 1)
    calendar = FiscalCalendar(settings.fiscal_year_start_month if settings else 4)
    rule = settings.fiscal_label_rule if settings else "start"
    label = calendar.label(year, era_rule=rule)
    what = getattr(type(obj), "__fiscal_label__", "") or type(obj).__name__
    verb = {"insert": "追加", "update": "変更", "delete": "削除"}[operation]
    return (
        f"{label}は締め済みのため、{label}の{what}は{verb}できません。"
        "直す必要があるときは、管理者が会計の「年度締め」で年度を再開してください。"
    )
