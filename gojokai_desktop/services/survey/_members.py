"""Sources about members and establishments, counted from membership periods and affiliations.

A member is counted on a day when one of their membership periods covers it (a rejoin opens a
new period), so a leaver whose membership ends on 31 March is still a member that day and a
joiner from 1 April is not one on 31 March.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from gojokai_desktop.db.models import Affiliation, Establishment, Member, MembershipPeriod
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.members.records import LEAVE_REASON_LABELS
from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)

SOURCES = (
    SourceInfo(
        "members.count_at_start",
        "年度初め（4月1日）の会員数: その日を含む会員期間の数",
        "number",
        "人",
    ),
    SourceInfo(
        "members.count_at_end",
        "年度末（3月31日）の会員数: その日を含む会員期間の数",
        "number",
        "人",
    ),
    SourceInfo("members.male_at_end", "年度末の会員数のうち男性", "number", "人"),
    SourceInfo("members.female_at_end", "年度末の会員数のうち女性", "number", "人"),
    SourceInfo(
        "members.joined",
        "年度中の入会者数: 年度中に始まった会員期間（再入会を含む。4月1日の入会者は"
        "年度初めの会員数にも数えるため、年度初め＋入会−退会は年度末と一致しないことがあります）",
        "number",
        "人",
    ),
    SourceInfo(
        "members.left",
        "年度中の退会者数: 年度中に終わった会員期間（3月31日の退会者は年度末の会員数にも数えます）",
        "number",
        "人",
    ),
    SourceInfo(
        "establishments.count_at_end",
        "年度末（3月31日）に会員のいる事業所の数（所属の記録から）",
        "number",
        "所",
    ),
    SourceInfo(
        "establishments.registered_at_end",
        "年度末に加入中の事業所の数（事業所台帳の加入日・脱退日から、会員0人も含む）",
        "number",
        "所",
    ),
    SourceInfo(
        "establishments.joined", "年度中に加入した事業所の数（加入日が年度中）", "number", "所"
    ),
    SourceInfo(
        "establishments.left", "年度中に脱退した事業所の数（脱退日が年度中）", "number", "所"
    ),
)
NAMES = frozenset(s.name for s in SOURCES)
SEX_LABELS = {"M": "男", "F": "女"}


def _covering(day: dt.date) -> ColumnElement[bool]:
    return and_(
        MembershipPeriod.start_date <= day,
        or_(MembershipPeriod.end_date.is_(None), MembershipPeriod.end_date >= day),
    )


def _affiliation_covering(day: dt.date) -> ColumnElement[bool]:
    return and_(
        Affiliation.start_date <= day,
        or_(Affiliation.end_date.is_(None), Affiliation.end_date >= day),
    )


def _registered(day: dt.date) -> ColumnElement[bool]:
    return and_(
        Establishment.join_date <= day,
        or_(Establishment.leave_date.is_(None), Establishment.leave_date >= day),
    )


def _count(scope: Scope, query: Select[int]) -> int:
    return int(scope.session.scalar(query) or 0)


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The member and establishment figures of the year that ``wanted`` names."""
    first, last = scope.first, scope.last
    start, end = format_wareki(first), format_wareki(last)
    out: dict[str, Figure] = {}
    count = select(func.count()).select_from(MembershipPeriod)
    if "members.count_at_start" in wanted:
        n = _count(scope, count.where(_covering(first)))
        out["members.count_at_start"] = Figure(
            "members.count_at_start",
            n,
            f"{start}を含む会員期間を数えました（{n:,}人）。その日に入会した人を含みます。",
            True,
        )
    if "members.count_at_end" in wanted or {"members.male_at_end", "members.female_at_end"} & set(
        wanted
    ):
        by_sex = dict(
            scope.session.execute(
                select(Member.sex, func.count())
                .select_from(MembershipPeriod)
                .join(Member, Member.id == MembershipPeriod.member_id)
                .where(_covering(last))
                .group_by(Member.sex)
            ).all()
        )
        total = sum(int(v) for v in by_sex.values())
        male, female = int(by_sex.get("M", 0)), int(by_sex.get("F", 0))
        unknown = total - male - female
        rest = f"、性別未登録 {unknown:,}人" if unknown else ""
        out["members.count_at_end"] = Figure(
            "members.count_at_end",
            total,
            f"{end}を含む会員期間を数えました"
            f"（{total:,}人: 男 {male:,}人・女 {female:,}人{rest}）。"
            "その日付の退会者を含みます。",
            True,
        )
        out["members.male_at_end"] = Figure(
            "members.male_at_end",
            male,
            f"{end}の会員 {total:,}人のうち性別が男の会員 {male:,}人{rest}。",
            True,
        )
        out["members.female_at_end"] = Figure(
            "members.female_at_end",
            female,
            f"{end}の会員 {total:,}人のうち性別が女の会員 {female:,}人{rest}。",
            True,
        )
    if "members.joined" in wanted:
        n = _count(scope, count.where(MembershipPeriod.start_date.between(first, last)))
        out["members.joined"] = Figure(
            "members.joined",
            n,
            f"{start}から{end}までに始まった会員期間 {n:,}件（再入会を含む）。",
            True,
        )
    if "members.left" in wanted:
        n = _count(scope, count.where(MembershipPeriod.end_date.between(first, last)))
        out["members.left"] = Figure(
            "members.left",
            n,
            f"{start}から{end}までに終わった会員期間 {n:,}件（退会日が年度中）。",
            True,
        )
    out.update(_establishment_figures(scope, wanted))
    return out


def _establishment_figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    first, last = scope.first, scope.last
    end = format_wareki(last)
    out: dict[str, Figure] = {}
    if "establishments.count_at_end" in wanted or "establishments.registered_at_end" in wanted:
        with_members = _count(
            scope,
            select(func.count(func.distinct(Affiliation.establishment_id))).where(
                _affiliation_covering(last)
            ),
        )
        registered = _count(
            scope, select(func.count()).select_from(Establishment).where(_registered(last))
        )
        out["establishments.count_at_end"] = Figure(
            "establishments.count_at_end",
            with_members,
            f"{end}に所属する会員が1人以上いる事業所 {with_members:,}所"
            f"（事業所台帳で加入中の事業所は {registered:,}所）。",
            True,
        )
        out["establishments.registered_at_end"] = Figure(
            "establishments.registered_at_end",
            registered,
            f"事業所台帳で{end}に加入中（加入日がその日以前、脱退日がないかその日以後）の事業所 "
            f"{registered:,}所（うち会員のいる事業所 {with_members:,}所）。",
            True,
        )
    for name, column, verb in (
        ("establishments.joined", Establishment.join_date, "加入日"),
        ("establishments.left", Establishment.leave_date, "脱退日"),
    ):
        if name in wanted:
            n = _count(
                scope,
                select(func.count()).select_from(Establishment).where(column.between(first, last)),
            )
            out[name] = Figure(name, n, f"{verb}が{scope.label}中の事業所 {n:,}所。", True)
    return out


_MEMBER_COLUMNS = (
    DetailColumn("会員番号"),
    DetailColumn("氏名"),
    DetailColumn("性別"),
    DetailColumn("事業所"),
    DetailColumn("会員期間の始まり", "date"),
    DetailColumn("終わり", "date"),
)


def _members_on(scope: Scope, name: str, day: dt.date, sex: str | None) -> SourceDetail:
    query = (
        select(
            Member.number,
            Member.name,
            Member.sex,
            Establishment.name,
            MembershipPeriod.start_date,
            MembershipPeriod.end_date,
        )
        .select_from(MembershipPeriod)
        .join(Member, Member.id == MembershipPeriod.member_id)
        .outerjoin(
            Affiliation,
            and_(Affiliation.member_id == Member.id, _affiliation_covering(day)),
        )
        .outerjoin(Establishment, Establishment.id == Affiliation.establishment_id)
        .where(_covering(day))
        .order_by(Member.number)
    )
    if sex is not None:
        query = query.where(Member.sex == sex)
    rows = tuple(
        (number, person, SEX_LABELS.get(s or "", ""), est or "", start, stop)
        for number, person, s, est, start, stop in scope.session.execute(query)
    )
    who = "" if sex is None else f"（{SEX_LABELS[sex]}）"
    return SourceDetail(
        name, f"{format_wareki(day)}の会員{who}", _MEMBER_COLUMNS, rows, f"計 {len(rows):,}人"
    )


def _periods(scope: Scope, name: str) -> SourceDetail:
    joined = name == "members.joined"
    column = MembershipPeriod.start_date if joined else MembershipPeriod.end_date
    first_start = (
        select(
            MembershipPeriod.member_id.label("member_id"),
            func.min(MembershipPeriod.start_date).label("first_start"),
        )
        .group_by(MembershipPeriod.member_id)
        .subquery()
    )
    query = (
        select(
            Member.number,
            Member.name,
            MembershipPeriod.start_date,
            MembershipPeriod.end_date,
            MembershipPeriod.end_reason,
            first_start.c.first_start,
        )
        .join(Member, Member.id == MembershipPeriod.member_id)
        .join(first_start, first_start.c.member_id == MembershipPeriod.member_id)
        .where(column.between(scope.first, scope.last))
        .order_by(column, Member.number)
    )
    found = scope.session.execute(query).all()
    if joined:
        columns = (
            DetailColumn("会員番号"),
            DetailColumn("氏名"),
            DetailColumn("入会日", "date"),
            DetailColumn("区分"),
        )
        rows = tuple(
            (num, person, start, "再入会" if earliest < start else "入会")
            for num, person, start, _end, _reason, earliest in found
        )
        return SourceDetail(name, f"{scope.label}の入会者", columns, rows, f"計 {len(rows):,}人")
    columns = (
        DetailColumn("会員番号"),
        DetailColumn("氏名"),
        DetailColumn("退会日", "date"),
        DetailColumn("理由"),
    )
    rows = tuple(
        (num, person, end, LEAVE_REASON_LABELS.get(reason or "", reason or ""))
        for num, person, _start, end, reason, _earliest in found
    )
    return SourceDetail(name, f"{scope.label}の退会者", columns, rows, f"計 {len(rows):,}人")


def _establishments(scope: Scope, name: str) -> SourceDetail:
    last = scope.last
    heads = (
        select(Affiliation.establishment_id, func.count().label("heads"))
        .where(_affiliation_covering(last))
        .group_by(Affiliation.establishment_id)
        .subquery()
    )
    query = (
        select(
            Establishment.number,
            Establishment.name,
            Establishment.join_date,
            Establishment.leave_date,
            func.coalesce(heads.c.heads, 0),
        )
        .outerjoin(heads, heads.c.establishment_id == Establishment.id)
        .order_by(Establishment.number)
    )
    if name == "establishments.count_at_end":
        query = query.where(heads.c.heads > 0)
        title = f"{format_wareki(last)}に会員のいる事業所"
    elif name == "establishments.registered_at_end":
        query = query.where(_registered(last))
        title = f"{format_wareki(last)}に加入中の事業所"
    elif name == "establishments.joined":
        query = query.where(Establishment.join_date.between(scope.first, last))
        title = f"{scope.label}に加入した事業所"
    else:
        query = query.where(Establishment.leave_date.between(scope.first, last))
        title = f"{scope.label}に脱退した事業所"
    columns = (
        DetailColumn("事業所番号", "int"),
        DetailColumn("事業所名"),
        DetailColumn("加入日", "date"),
        DetailColumn("脱退日", "date"),
        DetailColumn("年度末の会員数", "int"),
    )
    rows = tuple(tuple(r) for r in scope.session.execute(query))
    return SourceDetail(name, title, columns, rows, f"計 {len(rows):,}所")


def detail(scope: Scope, name: str) -> SourceDetail:
    """The members or establishments behind the figure ``name``."""
    if name == "members.count_at_start":
        return _members_on(scope, name, scope.first, None)
    if name in ("members.count_at_end", "members.male_at_end", "members.female_at_end"):
        sex = {"members.male_at_end": "M", "members.female_at_end": "F"}.get(name)
        return _members_on(scope, name, scope.last, sex)
    if name in ("members.joined", "members.left"):
        return _periods(scope, name)
    return _establishments(scope, name)
