"""Roles and files from outside in the 推進 area: an auditor (監事) stores no target, result
or import; a huge, broken or formula workbook from a partner is a message and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, PartnerResult, PartnerTarget
from gojokai_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import SECOND_HALF
from gojokai_desktop.services.partners import import_read
from gojokai_desktop.services.partners.import_read import guess_columns, read_sheet
from gojokai_desktop.services.partners.importer import (
    commit_result_import,
    prepare_result_import,
)
from gojokai_desktop.services.partners.results import save_results
from gojokai_desktop.services.partners.targets import set_targets
from tests.integration.partners.scenario import RokinYear, rokin_year

READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません"


@pytest.fixture
def rokin(ctx, society) -> RokinYear:
    return rokin_year(ctx, society)


def _counts(ctx) -> tuple[int, ...]:
    with ctx.reader() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (PartnerTarget, PartnerResult, AuditEntry)
        )


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_an_auditor_stores_no_target_result_or_import(
    ctx, auditor_ctx, rokin, tmp_path: Path
) -> None:
    before = _counts(ctx)
    main = rokin.items["main"]
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        set_targets(auditor_ctx, rokin.partner_id, 2025, {main: 20_000})
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        save_results(
            auditor_ctx, rokin.partner_id, 2025, period=SECOND_HALF, establishment_id=None,
            values={main: 8_100},
        )  # fmt: skip
    sheet = read_sheet(_book(tmp_path / "下期.xlsx", [["項目", "実績"], ["メイン化", 8_100]]))
    plan = prepare_result_import(  # checking the file is reading: the auditor may
        auditor_ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id,
        fiscal_year=2025, default_period=SECOND_HALF,
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        commit_result_import(auditor_ctx, plan)
    assert _counts(ctx) == before


def test_a_formula_a_broken_file_and_a_huge_sheet_store_nothing(
    ctx, rokin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(ctx)
    formula = _book(
        tmp_path / "数式.xlsx", [["項目", "実績"], ["メイン化", "=1+1"], ["預金", 3_000]]
    )
    sheet = read_sheet(formula)
    plan = prepare_result_import(
        ctx, sheet, guess_columns(sheet), partner_id=rokin.partner_id, fiscal_year=2025,
        default_period=SECOND_HALF,
    )  # fmt: skip
    assert [p.row for p in plan.problems] == [2]
    assert "数式" in plan.problems[0].message
    with pytest.raises(RuleViolation, match="何も保存していません"):
        commit_result_import(ctx, plan)
    broken = tmp_path / "壊れた.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(ValidationError, match="Excelのファイルとして読めません") as error:
        read_sheet(broken)
    assert error.value.field == "ファイル"
    # A long sheet is read row by row and refused at the first row too many: never held
    # whole (a 300,000-row sheet took 87 s and 2 GB when it was).
    monkeypatch.setattr(import_read, "MAX_ROWS", 50)
    long = _book(tmp_path / "長い.xlsx", [["項目", "実績"]] + [["預金", n] for n in range(3_000)])
    seen: list[int] = []
    cell = import_read._cell
    monkeypatch.setattr(import_read, "_cell", lambda v, c: seen.append(1) or cell(v, c))
    with pytest.raises(ValidationError, match="行が多すぎます（50行まで）"):
        read_sheet(long)
    assert len(seen) <= 2 * (50 + 15 + 1)
    assert _counts(ctx) == before
