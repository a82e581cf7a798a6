"""Roles in the survey: an auditor (監事) answers nothing but may write the workbook out (only
that is recorded); overriding a figure computed from the books is an administrator's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, SurveyAnswer
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.auth.login import actor_for_login
from gojokai_desktop.services.survey.files import load_survey_file
from gojokai_desktop.services.survey.filling import answer, apply_answers, fill_survey
from gojokai_desktop.services.survey.writing import write_standard_workbook

READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません"
OVERRIDE = "「帳簿から計算した答えの上書き」は管理者だけができます"


def _as(ctx, login: str):
    """The demo's user ``login`` (admin, clerk, auditor) acting on the same database."""
    actor = actor_for_login(ctx, login)
    assert actor is not None
    return dataclasses.replace(ctx, actor=actor)


def _answers(ctx) -> list[tuple[object, ...]]:
    with ctx.reader() as session:
        return [
            (a.question_id, a.value_text, a.overridden, a.written_to)
            for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.fiscal_year == 2025))
        ]


def _audit_count(ctx) -> int:
    with ctx.reader() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_an_auditor_answers_nothing_and_exports_the_answers(
    demo_ctx, sample_dir: Path, tmp_path: Path
) -> None:
    auditor = _as(demo_ctx, "auditor")
    fill = fill_survey(auditor, load_survey_file(sample_dir / "sample_2025.toml"))  # reading
    before, audit = _answers(demo_ctx), _audit_count(demo_ctx)
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        answer(auditor, fill, "clerks", "2")
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        apply_answers(auditor, fill, {"clerks": ("2", "")})
    assert (_answers(demo_ctx), _audit_count(demo_ctx)) == (before, audit)
    out = tmp_path / "監事の控え.xlsx"
    write_standard_workbook(auditor, fill, out)
    assert out.exists()
    assert load_workbook(out).active.max_row > len(fill.rows)
    assert _answers(demo_ctx) == before  # the answers stay as the clerk left them
    with demo_ctx.reader() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.user_name, last.action) == (auditor.actor.name, "アンケートの書き出し")
        assert str(out)[-60:] in last.after_json


def test_overriding_a_computed_answer_is_an_administrators(demo_ctx, sample_dir: Path) -> None:
    clerk, admin = _as(demo_ctx, "clerk"), _as(demo_ctx, "admin")
    fill = fill_survey(clerk, load_survey_file(sample_dir / "sample_2025.toml"))
    figure = fill.row("members_end").computed
    before = _answers(demo_ctx)
    with pytest.raises(PermissionDenied, match=OVERRIDE):
        answer(clerk, fill, "members_end", figure + 1, "年度末の入会を含める")
    with pytest.raises(PermissionDenied, match=OVERRIDE):
        apply_answers(clerk, fill, {"members_end": (figure + 1, "年度末の入会を含める")})
    assert _answers(demo_ctx) == before
    fill = answer(clerk, fill, "clerks", "2")  # a typed answer stays the clerk's
    fill = answer(admin, fill, "members_end", figure + 1, "年度末の入会を含める")
    assert fill.row("members_end").origin == "overridden"
    fill = answer(clerk, fill, "members_end", figure)  # taking it back is the clerk's too
    assert fill.row("members_end").origin == "computed"
