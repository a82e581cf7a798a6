"""Benefit tables from TOML (the shipped presets and a society's own copy) into domain objects."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from gojokai_desktop.domain.benefits.table import (
    AmountRule,
    Band,
    BenefitKind,
    BenefitTable,
    DamageClass,
    Limit,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.paths import shipped_dir

PRESETS_DIR = shipped_dir("resources") / "presets"
PRESETS: dict[str, Path] = {
    "small_gojokai": PRESETS_DIR / "benefits_small_gojokai.toml",
    "004": PRESETS_DIR / "benefits_004.toml",
}
_KIND_KEYS = frozenset(
    {
        "code",
        "name",
        "category",
        "subject",
        "rule",
        "amount",
        "basis",
        "bands",
        "classes",
        "cap",
        "waiting_months",
        "deadline_months",
        "limit",
        "evidence",
        "employer_certification",
        "both_spouses_may_claim",
        "item",
        "ages",
        "school_entry_age",
        "note",
        "membership_on_event",
        "sub_ledger",
        "wedding_years",
        "membership_anniversaries",
    }
)
_TYPES: dict[str, type | tuple[type, ...]] = {
    "code": str,
    "name": str,
    "category": str,
    "subject": str,
    "rule": str,
    "amount": int,
    "basis": str,
    "bands": list,
    "classes": list,
    "cap": int,
    "waiting_months": int,
    "deadline_months": int,
    "limit": (str, dict),
    "evidence": list,
    "employer_certification": bool,
    "both_spouses_may_claim": bool,
    "item": str,
    "ages": list,
    "school_entry_age": int,
    "note": str,
    "membership_on_event": bool,
    "sub_ledger": str,
    "wedding_years": int,
    "membership_anniversaries": list,
}


class _Where:
    """Where in the file a value came from, for messages a clerk can act on."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.kind = ""

    def error(self, key: str, message: str) -> ValidationError:
        kind = f"給付「{self.kind}」の" if self.kind else ""
        return ValidationError(f"{self.source}: {kind}「{key}」: {message}", key)


def _typed(raw: dict[str, Any], key: str, where: _Where) -> Any:
    value = raw[key]
    expected = _TYPES[key]
    wrong_bool = isinstance(value, bool) and expected is int
    if wrong_bool or not isinstance(value, expected):
        raise where.error(key, f"値 {value!r} の型が違います")
    return value


def _years(raw: dict[str, Any], key: str, where: _Where) -> tuple[int, ...]:
    """A list of whole years (ages, anniversaries), each 1 or more."""
    values = raw.get(key, [])
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in values):
        raise where.error(key, f"{values!r}: 1以上の整数（年）の並びで書いてください")
    return tuple(values)


def _band(raw: Any, where: _Where) -> Band:
    if not isinstance(raw, dict) or set(raw) - {"from", "to", "amount", "per_year"}:
        raise where.error("bands", "各区分は { from, to, amount, per_year } で書いてください")
    try:
        return Band(
            low=int(raw["from"]),
            high=None if raw.get("to") is None else int(raw["to"]),
            amount=int(raw["amount"]),
            per_year=bool(raw.get("per_year", False)),
        )
    except KeyError as exc:
        raise where.error("bands", f"区分に {exc.args[0]} がありません") from exc


def _class(raw: Any, where: _Where) -> DamageClass:
    if not isinstance(raw, dict) or set(raw) != {"code", "label", "amount"}:
        raise where.error("classes", "各程度は { code, label, amount } で書いてください")
    return DamageClass(str(raw["code"]), str(raw["label"]), int(raw["amount"]))


def _limit(raw: str | dict[str, Any], where: _Where) -> Limit:
    if isinstance(raw, str):
        return Limit(raw)
    if set(raw) - {"kind", "count", "period_years"} or "kind" not in raw:
        raise where.error("limit", "{ kind, count, period_years } で書いてください")
    return Limit(str(raw["kind"]), int(raw.get("count", 1)), int(raw.get("period_years", 0)))


def _kind(raw: Any, where: _Where) -> BenefitKind:
    if not isinstance(raw, dict):
        raise where.error("kinds", "[[kinds]] の表で書いてください")
    where.kind = str(raw.get("code", "?"))
    unknown = sorted(set(raw) - _KIND_KEYS)
    if unknown:
        raise where.error(unknown[0], "この項目は使えません")
    for key in ("code", "name", "category", "subject"):
        if key not in raw:
            raise where.error(key, "必須の項目がありません")
    values = {key: _typed(raw, key, where) for key in raw}
    wedding_years = values.get("wedding_years")
    if wedding_years is not None and wedding_years < 1:
        raise where.error("wedding_years", f"{wedding_years}: 1以上の年数で書いてください")
    try:
        rule = AmountRule(
            kind=values.get("rule", "fixed"),
            amount=values.get("amount", 0),
            basis=values.get("basis", ""),
            bands=tuple(_band(b, where) for b in values.get("bands", [])),
            classes=tuple(_class(c, where) for c in values.get("classes", [])),
            cap=values.get("cap"),
        )
        return BenefitKind(
            code=values["code"],
            name=values["name"],
            category=values["category"],
            subject=values["subject"],
            rule=rule,
            waiting_months=values.get("waiting_months", 0),
            deadline_months=values.get("deadline_months", 12),
            limit=_limit(values.get("limit", "once_per_event"), where),
            evidence=tuple(str(e) for e in values.get("evidence", [])),
            employer_certification=values.get("employer_certification", False),
            both_spouses_may_claim=values.get("both_spouses_may_claim", False),
            item_code=values.get("item", ""),
            ages=tuple(int(a) for a in values.get("ages", [])),
            school_entry_age=values.get("school_entry_age"),
            note=values.get("note", ""),
            membership_on_event=values.get("membership_on_event", True),
            sub_ledger=values.get("sub_ledger", ""),
            wedding_years=wedding_years,
            membership_anniversaries=_years(values, "membership_anniversaries", where),
        )
    except ValidationError as exc:
        if exc.message.startswith(where.source):
            raise
        raise where.error(exc.field or "kinds", exc.message) from exc
    except (TypeError, ValueError) as exc:
        raise where.error("kinds", f"値が読めません（{exc}）") from exc


def parse_benefit_table(data: dict[str, Any], source: str) -> BenefitTable:
    """Build a :class:`BenefitTable` from parsed TOML; errors name ``source``, kind and key."""
    where = _Where(source)
    head = data.get("table")
    if not isinstance(head, dict) or "name" not in head or "valid_from_year" not in head:
        raise where.error("table", "[table] に name と valid_from_year が必要です")
    kinds = data.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        raise where.error("kinds", "[[kinds]] が1つもありません")
    parsed = tuple(_kind(raw, where) for raw in kinds)
    where.kind = ""
    try:
        return BenefitTable(str(head["name"]), int(head["valid_from_year"]), parsed)
    except ValidationError as exc:
        raise where.error(exc.field, exc.message) from exc


def _kind_dict(kind: BenefitKind) -> dict[str, Any]:
    rule = kind.rule
    data: dict[str, Any] = {
        "code": kind.code,
        "name": kind.name,
        "category": kind.category,
        "subject": kind.subject,
        "rule": rule.kind,
        "amount": rule.amount,
        "waiting_months": kind.waiting_months,
        "deadline_months": kind.deadline_months,
        "evidence": list(kind.evidence),
        "employer_certification": kind.employer_certification,
        "both_spouses_may_claim": kind.both_spouses_may_claim,
        "item": kind.item_code,
        "ages": list(kind.ages),
        "note": kind.note,
        "membership_on_event": kind.membership_on_event,
        "sub_ledger": kind.sub_ledger,
    }
    limit = kind.limit
    data["limit"] = (
        {"kind": limit.kind, "count": limit.count, "period_years": limit.period_years}
        if limit.kind == "per_period"
        else limit.kind
    )
    if rule.basis:
        data["basis"] = rule.basis
    if rule.bands:
        data["bands"] = [
            {"from": b.low, "amount": b.amount, "per_year": b.per_year}
            | ({} if b.high is None else {"to": b.high})
            for b in rule.bands
        ]
    if rule.classes:
        data["classes"] = [
            {"code": c.code, "label": c.label, "amount": c.amount} for c in rule.classes
        ]
    if rule.cap is not None:
        data["cap"] = rule.cap
    if kind.school_entry_age is not None:
        data["school_entry_age"] = kind.school_entry_age
    if kind.wedding_years is not None:
        data["wedding_years"] = kind.wedding_years
    if kind.membership_anniversaries:
        data["membership_anniversaries"] = list(kind.membership_anniversaries)
    return data


def benefit_table_to_dict(table: BenefitTable) -> dict[str, Any]:
    """The table in the shape of the TOML files (and of :func:`parse_benefit_table`'s input),
    plain JSON values only, for storing a society's edited table as a dated setting."""
    return {
        "table": {"name": table.name, "valid_from_year": table.valid_from_year},
        "kinds": [_kind_dict(kind) for kind in table.kinds],
    }


def load_benefit_table(path: Path) -> BenefitTable:
    """Read a benefit table file; a syntax error is reported with the file name."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path.name}: TOMLとして読めません（{exc}）", "給付表") from exc
    except OSError as exc:
        raise ValidationError(f"{path}: 開けません（{exc.strerror}）", "給付表") from exc
    return parse_benefit_table(data, path.name)


def load_preset(name: str) -> BenefitTable:
    """One of the shipped tables: ``small_gojokai`` or ``004``."""
    if name not in PRESETS:
        raise ValidationError(
            f"給付表のひな形「{name}」はありません（{'、'.join(PRESETS)}）", "ひな形"
        )
    return load_benefit_table(PRESETS[name])
