"""Sources about benefits: the claims paid in the year by payment date, reversals left out.

A claim counts when it is paid (状態 支払済) and its payment date lies in the year, the rule of
the benefit statistics and the register by payment date; a payment taken back reopens its
claim, so it is not counted. Per kind: ``benefits.count:<kind name>`` — the name of a kind
of the year's benefit table (入学祝金（小学校）), its code (school_elementary), or the name
before the bracket (入学祝金), which sums every kind of that name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from sqlalchemy import func, select

from gojokai_desktop.db.models import BenefitClaim, FamilyMember, Member
from gojokai_desktop.services.benefits.claim_views import claim_number
from gojokai_desktop.services.benefits.tables import table_in_force
from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)

COUNT = "benefits.count"
AMOUNT = "benefits.amount"
SOURCES = (
    SourceInfo(COUNT, "年度中に支払った給付の件数（支払日が年度中、取消を除く）", "number", "件"),
    SourceInfo(
        AMOUNT, "年度中に支払った給付の金額の合計（支払日が年度中、取消を除く）", "yen", "円"
    ),
)
NAMES = frozenset(s.name for s in SOURCES)
PREFIXES = {COUNT + ":": "number", AMOUNT + ":": "yen"}
_CODE_EXAMPLE = "benefits.count:結婚祝金"


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _base(name: str) -> str:
    return _key(name).split("(")[0].strip()


def kinds_of_year(scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the kinds of the year's benefit table, then any other kind paid in it."""
    kinds = {k.code: k.name for k in table_in_force(scope.session, scope.fiscal_year).table.kinds}
    for code, name in scope.session.execute(
        select(BenefitClaim.kind_code, func.max(BenefitClaim.kind_name))
        .where(BenefitClaim.status == "paid", BenefitClaim.paid_on.between(scope.first, scope.last))
        .group_by(BenefitClaim.kind_code)
    ):
        kinds.setdefault(str(code), str(name))
    return list(kinds.items())


def resolve_kind(kinds: list[tuple[str, str]], wanted: str) -> tuple[tuple[str, ...], str] | None:
    """The kind codes a per-kind source names and how to call them, or None when none fits."""
    key = _key(wanted)
    for code, name in kinds:
        if _key(name) == key or code == key:
            return (code,), name
    grouped = tuple(code for code, name in kinds if _base(name) == key)
    if grouped:
        return grouped, "・".join(name for code, name in kinds if code in grouped)
    return None


def kind_names(kinds: list[tuple[str, str]]) -> list[str]:
    """Every kind name a survey may write after ``benefits.count:``, bracket-less names too."""
    names = [name for _code, name in kinds]
    bases = [_base(name) for name in names]
    grouped = [b for b in dict.fromkeys(bases) if bases.count(b) > 1 and b not in names]
    return names + grouped


def dynamic_infos(scope: Scope) -> list[SourceInfo]:
    """The per-kind names of the year's benefit table."""
    infos = []
    for name in kind_names(kinds_of_year(scope)):
        infos.append(SourceInfo(f"{COUNT}:{name}", f"{name}の支払件数（年度中）", "number", "件"))
        infos.append(SourceInfo(f"{AMOUNT}:{name}", f"{name}の支払金額（年度中）", "yen", "円"))
    return infos


def _paid_by_kind(scope: Scope) -> dict[str, tuple[int, int]]:
    return {
        str(code): (int(count), int(total))
        for code, count, total in scope.session.execute(
            select(
                BenefitClaim.kind_code,
                func.count(),
                func.coalesce(func.sum(BenefitClaim.amount), 0),
            )
            .where(
                BenefitClaim.status == "paid", BenefitClaim.paid_on.between(scope.first, scope.last)
            )
            .group_by(BenefitClaim.kind_code)
        )
    }


def unknown_kind_message(wanted: str, label: str) -> str:
    return (
        f"給付の種類「{wanted}」は{label}の給付表にありません（種類の名前を書いてください。"
        f"例: {_CODE_EXAMPLE}）"
    )


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The benefit figures of the year that ``wanted`` names (totals and per kind)."""
    paid = _paid_by_kind(scope)
    out: dict[str, Figure] = {}
    count = sum(c for c, _a in paid.values())
    amount = sum(a for _c, a in paid.values())
    basis = f"支払日が{scope.period}の支払済の給付（支払の取消を除く）"
    if COUNT in wanted:
        out[COUNT] = Figure(COUNT, count, f"{basis} {count:,}件。", True)
    if AMOUNT in wanted:
        out[AMOUNT] = Figure(
            AMOUNT, amount, f"{basis} {count:,}件の金額の合計 {amount:,}円。", True
        )
    per_kind = [n for n in wanted if n.split(":", 1)[0] in (COUNT, AMOUNT) and ":" in n]
    if not per_kind:
        return out
    kinds = kinds_of_year(scope)
    for name in per_kind:
        prefix, _, kind = name.partition(":")
        found = resolve_kind(kinds, kind)
        if found is None:
            out[name] = Figure(name, None, unknown_kind_message(kind, scope.label))
            continue
        codes, label = found
        c = sum(paid.get(code, (0, 0))[0] for code in codes)
        a = sum(paid.get(code, (0, 0))[1] for code in codes)
        if prefix == COUNT:
            out[name] = Figure(name, c, f"{basis}のうち{label} {c:,}件。", True)
        else:
            out[name] = Figure(name, a, f"{basis}のうち{label} {c:,}件の金額の合計 {a:,}円。", True)
    return out


def detail(scope: Scope, name: str) -> SourceDetail:
    """The paid claims behind the figure ``name``."""
    query = (
        select(
            BenefitClaim.fiscal_year,
            BenefitClaim.seq,
            BenefitClaim.paid_on,
            Member.number,
            Member.name.label("member"),
            FamilyMember.relation,
            FamilyMember.name.label("family"),
            BenefitClaim.kind_name,
            BenefitClaim.amount,
        )
        .join(Member, Member.id == BenefitClaim.member_id)
        .outerjoin(FamilyMember, FamilyMember.id == BenefitClaim.family_member_id)
        .where(BenefitClaim.status == "paid", BenefitClaim.paid_on.between(scope.first, scope.last))
        .order_by(BenefitClaim.paid_on, BenefitClaim.fiscal_year, BenefitClaim.seq)
    )
    title = f"{scope.label}に支払った給付"
    if ":" in name:
        kind = name.partition(":")[2]
        found = resolve_kind(kinds_of_year(scope), kind)
        codes = found[0] if found else ()
        query = query.where(BenefitClaim.kind_code.in_(codes))
        title += f"（{found[1] if found else kind}）"
    rows = tuple(
        (
            claim_number(claim.fiscal_year, claim.seq),
            claim.paid_on,
            claim.number,
            claim.member,
            "本人" if claim.relation is None else f"{claim.relation} {claim.family}",
            claim.kind_name,
            claim.amount,
        )
        for claim in scope.session.execute(query)
    )
    columns = (
        DetailColumn("請求番号"),
        DetailColumn("支払日", "date"),
        DetailColumn("会員番号"),
        DetailColumn("会員"),
        DetailColumn("対象者"),
        DetailColumn("給付の種類"),
        DetailColumn("金額", "yen"),
    )
    total = sum(int(r[6]) for r in rows)
    return SourceDetail(name, title, columns, rows, f"計 {len(rows):,}件 {total:,}円")
