"""Every source a survey may name, computed for one fiscal year from the books.

``gojokai survey sources`` lists them with one line of meaning. A figure comes with how it was
reached (根拠); most have the list behind them (the members counted, the claims summed), shown
when the clerk clicks the figure. The areas' rules live in the private modules beside this one
(``_members``, ``_dues``, ``_benefits``, ``_accounts``, ``_events``, ``_tickets``,
``_society``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from types import ModuleType

from sqlalchemy.orm import Session

from gojokai_desktop.db.models import SocietySettings
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.survey.definition import nearest_names
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.survey import (
    _accounts,
    _benefits,
    _dues,
    _events,
    _members,
    _society,
    _tickets,
)
from gojokai_desktop.services.survey.figures import Figure, Scope, SourceDetail, SourceInfo

_AREAS: tuple[ModuleType, ...] = (
    _society,
    _members,
    _dues,
    _benefits,
    _accounts,
    _events,
    _tickets,
)
_PREFIXES: dict[str, tuple[str, ModuleType]] = {
    prefix: (kind, area)
    for area in (_benefits, _accounts)
    for prefix, kind in area.PREFIXES.items()
}
#: How a per-kind or per-item name is written, for the list of sources.
PATTERNS = (
    SourceInfo(
        "benefits.count:<給付の種類>",
        "その種類の支払件数（例: benefits.count:結婚祝金）",
        "number",
        "件",
    ),
    SourceInfo(
        "benefits.amount:<給付の種類>",
        "その種類の支払金額（例: benefits.amount:結婚祝金）",
        "yen",
        "円",
    ),
    SourceInfo(
        "accounts.income:<科目名>",
        "一般会計の収入の科目の決算額（例: accounts.income:会費）",
        "yen",
        "円",
    ),
    SourceInfo(
        "accounts.expenditure:<科目名>",
        "一般会計の支出の科目の決算額（例: accounts.expenditure:給付事業費）",
        "yen",
        "円",
    ),
)


def static_sources() -> tuple[SourceInfo, ...]:
    """Every fixed name, in the order the list shows them."""
    return tuple(info for area in _AREAS for info in area.SOURCES)


_STATIC = {info.name: info for info in static_sources()}


def _area_of(name: str) -> ModuleType | None:
    for area in _AREAS:
        if name in area.NAMES:
            return area
    for prefix, (_kind, area) in _PREFIXES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return area
    return None


def source_kind(name: str) -> str | None:
    """number, yen, text or date for a name the program knows the form of; else None."""
    info = _STATIC.get(name)
    if info is not None:
        return info.kind
    for prefix, (kind, _area) in _PREFIXES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return kind
    return None


def scope_in(session: Session, fiscal_year: int, ctx: AppContext | None = None) -> Scope:
    """The reading of ``fiscal_year`` with the society's own fiscal calendar and label rule."""
    row = session.get(SocietySettings, 1)
    calendar = FiscalCalendar(row.fiscal_year_start_month) if row else FiscalCalendar()
    return Scope(session, fiscal_year, calendar, row.fiscal_label_rule if row else "start", ctx)


def compute_in(scope: Scope, names: Iterable[str]) -> dict[str, Figure]:
    """The figures of ``names`` (unknown names are left out: the survey check names them)."""
    wanted: dict[ModuleType, list[str]] = {}
    for name in dict.fromkeys(names):
        area = _area_of(name)
        if area is not None:
            wanted.setdefault(area, []).append(name)
    out: dict[str, Figure] = {}
    for area, area_names in wanted.items():
        out.update(area.figures(scope, area_names))
    return out


def compute_sources(
    ctx: AppContext, fiscal_year: int, names: Iterable[str] | None = None
) -> dict[str, Figure]:
    """Compute ``names`` (every fixed source when None) for ``fiscal_year``."""
    chosen = list(names) if names is not None else [s.name for s in static_sources()]
    with ctx.reader() as session:
        return compute_in(scope_in(session, fiscal_year, ctx), chosen)


def source_detail(ctx: AppContext, fiscal_year: int, name: str) -> SourceDetail:
    """The list behind one figure; refused for a figure that has none."""
    area = _area_of(name)
    if area is None or not hasattr(area, "detail"):
        raise RuleViolation(f"「{name}」には内訳の一覧がありません。")
    with ctx.reader() as session:
        scope = scope_in(session, fiscal_year, ctx)
        figure = area.figures(scope, [name]).get(name)
        if figure is None or not figure.has_detail:
            raise RuleViolation(f"「{name}」には内訳の一覧がありません。")
        detail: SourceDetail = area.detail(scope, name)
        return detail


def dynamic_sources_in(scope: Scope) -> list[SourceInfo]:
    """The per-kind and per-item names of the year (from its benefit table and item tree)."""
    return [*_benefits.dynamic_infos(scope), *_accounts.dynamic_infos(scope)]


def list_sources(ctx: AppContext | None = None, fiscal_year: int | None = None) -> list[SourceInfo]:
    """Every fixed name, then (with a database and a year) the year's per-kind and per-item ones."""
    fixed = list(static_sources())
    if ctx is None or fiscal_year is None:
        return fixed
    with ctx.reader() as session:
        return fixed + dynamic_sources_in(scope_in(session, fiscal_year, ctx))


def unknown_sources_in(scope: Scope, names: Collection[str]) -> dict[str, str]:
    """name → message for every name the program does not know, with the nearest known names;
    a per-kind name whose kind is not in the year's table is named too."""
    known = [s.name for s in static_sources()]
    problems: dict[str, str] = {}
    dynamic: list[str] | None = None
    for name in names:
        if name in _STATIC:
            continue
        if _area_of(name) is None:
            if dynamic is None:
                dynamic = [s.name for s in dynamic_sources_in(scope)]
            near = nearest_names(name, known + dynamic)
            hint = (
                f"（近い名前: {'、'.join(near)}）"
                if near
                else "（gojokai survey sources で一覧を確かめてください）"
            )
            problems[name] = f"計算元「{name}」はありません{hint}"
            continue
        prefix, _, part = name.partition(":")
        if prefix in (_benefits.COUNT, _benefits.AMOUNT):
            kinds = _benefits.kinds_of_year(scope)
            if _benefits.resolve_kind(kinds, part) is None:
                near = nearest_names(part, _benefits.kind_names(kinds))
                hint = f"（近い名前: {'、'.join(near)}）" if near else ""
                problems[name] = f"給付の種類「{part}」は{scope.label}の給付表にありません{hint}"
        elif (figure := _accounts.figures(scope, [name]).get(name)) and figure.value is None:
            problems[name] = figure.how
    return problems
