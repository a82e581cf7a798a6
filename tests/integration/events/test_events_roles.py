"""Roles in the 行事 area: an auditor (監事) changes nothing, an application included; the
society's subsidy rules (行事の決まり) are an administrator's."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, Event, EventApplication, EventRuleTable
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.events.applications import apply
from gojokai_desktop.services.events.records import create_event
from gojokai_desktop.services.events.rules import (
    install_rules_preset,
    load_preset,
    rules_versions,
    save_rules,
)
from tests.integration.events.helpers import member_app, trip

READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません"


def _counts(ctx) -> tuple[int, ...]:
    with ctx.reader() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Event, EventApplication, EventRuleTable, AuditEntry)
        )


def test_an_auditor_neither_plans_nor_applies(ctx, auditor_ctx, event_society) -> None:
    event = create_event(ctx, trip(capacity=4))
    before = _counts(ctx)
    with pytest.raises(PermissionDenied, match=READ_ONLY) as refused:
        create_event(auditor_ctx, trip(title="監事の旅行"))
    assert refused.value.message.endswith("印刷と出力はできます。")
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        apply(auditor_ctx, member_app(event.id, event_society.hanako))
    assert _counts(ctx) == before


def test_the_subsidy_rules_are_saved_by_an_administrator_only(
    ctx, clerk_ctx, auditor_ctx, event_society
) -> None:
    before = _counts(ctx)
    versions = len(rules_versions(ctx))
    with pytest.raises(PermissionDenied, match="「行事の決まり（補助）の保存」は管理者だけ"):
        save_rules(clerk_ctx, load_preset("004"), 2026, "補助を増やす")
    with pytest.raises(PermissionDenied, match="「行事の決まり（補助）の保存」は管理者だけ"):
        install_rules_preset(clerk_ctx, "004", 2026)
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        save_rules(auditor_ctx, load_preset("004"), 2026)
    assert _counts(ctx) == before
    save_rules(ctx, load_preset("004"), 2026, "総会の決定")  # the administrator may
    assert len(rules_versions(ctx)) == versions + 1
