"""The society's event rules (補助の表・年間の申込回数・ろうきん助成): presets and versions.

Stored whole as a version valid from a fiscal year on, like the benefit table: the rules in
force in a year are the newest version of the latest year not after it; before anything is
saved the small-society preset applies, and it is saved as version 1 the first time an
event takes its subsidy from it, so every event names the rules it was given.
Changing the rules is an administrator's action.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import EventRuleTable
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import (
    BASES,
    KINDS,
    LABOUR_BANK_PER_HEAD,
    Amounts,
    EventRules,
    SubsidyBand,
    SubsidyRule,
    validate_rules,
)
from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext

PRESETS_DIR = shipped_dir("resources") / "presets"
PRESETS: dict[str, Path] = {
    "small_gojokai": PRESETS_DIR / "event_rules_small_gojokai.toml",
    "004": PRESETS_DIR / "event_rules_004.toml",
}
DEFAULT_PRESET = "small_gojokai"


@dataclass(frozen=True)
class RulesInForce:
    """The rules of a year and the stored version they came from (None: the preset)."""

    rules: EventRules
    version_id: int | None
    valid_from_year: int
    version: int


@dataclass(frozen=True)
class RulesVersionRow:
    id: int
    valid_from_year: int
    version: int
    name: str
    note: str
    saved_at: dt.datetime
    saved_by: str


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("整数（円・回）で書いてください。", where)
    return value


def _amounts(data: dict[str, Any], where: str) -> Amounts:
    return Amounts(
        _int(data.get("member", 0), f"{where}（会員）"),
        _int(data.get("family", 0), f"{where}（家族）"),
        _int(data.get("guest", 0), f"{where}（一般）"),
    )


def parse_rules(data: dict[str, Any], source: str) -> EventRules:
    """Rules from the preset/stored shape; every problem names the source and the place."""
    try:
        head = data["table"]
        subsidies = []
        for number, spec in enumerate(data.get("subsidies", []), start=1):
            where = f"{source} 補助{number}"
            basis = str(spec.get("basis", "fixed"))
            if basis not in BASES:
                raise ValidationError("basis は fixed か cost です。", where)
            bands = tuple(
                SubsidyBand(
                    None if band.get("below") is None else _int(band["below"], where),
                    _amounts(band, where),
                )
                for band in spec.get("bands", [])
            )
            subsidies.append(
                SubsidyRule(
                    code=str(spec["code"]),
                    name=str(spec["name"]),
                    basis=basis,
                    fixed=_amounts(spec, where) if basis == "fixed" else Amounts(),
                    bands=bands,
                    note=str(spec.get("note", "")),
                )
            )
        limits = {
            str(k): _int(v, f"{source} limits.{k}") for k, v in data.get("limits", {}).items()
        }
        rules = EventRules(
            name=str(head["name"]),
            valid_from_year=_int(head["valid_from_year"], f"{source} valid_from_year"),
            subsidies=tuple(subsidies),
            yearly_limits=limits,
            labour_bank_per_head=_int(
                head.get("labour_bank_per_head", LABOUR_BANK_PER_HEAD), f"{source} 助成"
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(f"{source} の形式が違います（{exc}）。", "行事の決まり") from exc
    return validate_rules(rules)


def rules_to_dict(rules: EventRules) -> dict[str, Any]:
    """The stored shape (the same as the preset files), readable by :func:`parse_rules`."""

    def amounts(a: Amounts) -> dict[str, int]:
        return {"member": a.member, "family": a.family, "guest": a.guest}

    subsidies: list[dict[str, Any]] = []
    for rule in rules.subsidies:
        spec: dict[str, Any] = {"code": rule.code, "name": rule.name, "basis": rule.basis}
        if rule.note:
            spec["note"] = rule.note
        if rule.basis == "fixed":
            spec |= amounts(rule.fixed)
        else:
            spec["bands"] = [
                ({} if b.below is None else {"below": b.below}) | amounts(b.amounts)
                for b in rule.bands
            ]
        subsidies.append(spec)
    return {
        "table": {
            "name": rules.name,
            "valid_from_year": rules.valid_from_year,
            "labour_bank_per_head": rules.labour_bank_per_head,
        },
        "subsidies": subsidies,
        "limits": {k: v for k, v in sorted(rules.yearly_limits.items()) if k in KINDS},
    }


def load_preset(name: str) -> EventRules:
    path = PRESETS[name]
    return parse_rules(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def _row_in_force(session: Session, fiscal_year: int) -> EventRuleTable | None:
    ordered = (EventRuleTable.valid_from_year.desc(), EventRuleTable.version.desc())
    row = session.scalar(
        select(EventRuleTable)
        .where(EventRuleTable.valid_from_year <= fiscal_year)
        .order_by(*ordered)
        .limit(1)
    )
    if row is None:  # a year before the first saved version: the first one applies
        row = session.scalar(
            select(EventRuleTable)
            .order_by(EventRuleTable.valid_from_year, EventRuleTable.version.desc())
            .limit(1)
        )
    return row


def rules_in_force(source: AppContext | Session | UnitOfWork, fiscal_year: int) -> RulesInForce:
    """The rules of ``fiscal_year``; the default preset when none is saved."""
    if isinstance(source, AppContext):
        with source.reader() as session:
            return rules_in_force(session, fiscal_year)
    session = source.session if isinstance(source, UnitOfWork) else source
    row = _row_in_force(session, fiscal_year)
    if row is None:
        preset = load_preset(DEFAULT_PRESET)
        return RulesInForce(preset, None, preset.valid_from_year, 0)
    rules = parse_rules(json.loads(row.table_json), f"行事の決まり（{row.valid_from_year}年度版）")
    return RulesInForce(rules, row.id, row.valid_from_year, row.version)


def _add_version(uow: UnitOfWork, rules: EventRules, valid_from_year: int, note: str) -> int:
    last = uow.session.scalar(
        select(func.max(EventRuleTable.version)).where(
            EventRuleTable.valid_from_year == valid_from_year
        )
    )
    data = rules_to_dict(rules)
    data["table"]["valid_from_year"] = valid_from_year
    row = EventRuleTable(
        valid_from_year=valid_from_year,
        version=(last or 0) + 1,
        name=rules.name,
        table_json=json.dumps(data, ensure_ascii=False, sort_keys=True),
        note=note.strip()[:200],
        saved_by=uow.actor.name,
    )
    uow.session.add(row)
    uow.flush()
    return row.id


def stored_rules_id(uow: UnitOfWork, fiscal_year: int) -> tuple[int, EventRules]:
    """The id and rules of the stored version in force, saving the preset first when none is."""
    found = rules_in_force(uow, fiscal_year)
    if found.version_id is not None:
        return found.version_id, found.rules
    return _add_version(
        uow, found.rules, found.valid_from_year, "ひな形から自動で登録"
    ), found.rules


def save_rules(ctx: AppContext, rules: EventRules, valid_from_year: int, note: str = "") -> int:
    """Save the rules as a new version valid from ``valid_from_year`` (earlier ones stay)."""
    require_role(ctx, "admin", "行事の決まり（補助）の保存")
    checked = parse_rules(rules_to_dict(rules), "行事の決まり")
    with ctx.unit_of_work("行事の決まりの保存") as uow:
        version_id = _add_version(uow, checked, valid_from_year, note)
        uow.commit()
    return version_id


def install_rules_preset(ctx: AppContext, name: str, valid_from_year: int) -> int:
    """Save a shipped preset (小規模 or 004) as the rules from ``valid_from_year``."""
    if name not in PRESETS:
        raise ValidationError(f"ひな形「{name}」はありません（{'、'.join(PRESETS)}）。", "ひな形")
    return save_rules(ctx, load_preset(name), valid_from_year, f"ひな形「{name}」")


def rules_versions(ctx: AppContext) -> list[RulesVersionRow]:
    with ctx.reader() as session:
        rows = session.scalars(
            select(EventRuleTable).order_by(
                EventRuleTable.valid_from_year.desc(), EventRuleTable.version.desc()
            )
        ).all()
        return [
            RulesVersionRow(
                r.id, r.valid_from_year, r.version, r.name, r.note, r.saved_at, r.saved_by
            )
            for r in rows
        ]


def subsidy_choices(ctx: AppContext, fiscal_year: int) -> list[tuple[str, str]]:
    """(code, ``名前（定額 会員 5,000円…）``) of the subsidies in force, for the event dialog."""
    rules = rules_in_force(ctx, fiscal_year).rules
    return [(r.code, f"{r.name}（{r.words()}）") for r in rules.subsidies]


def preview_subsidy(
    ctx: AppContext, fiscal_year: int, code: str, cost_per_person: int | None
) -> tuple[Amounts, str]:
    """What an event would be given by the rule ``code``, and why (refusals name the field)."""
    return rules_in_force(ctx, fiscal_year).rules.subsidy(code).amounts_for(cost_per_person)
