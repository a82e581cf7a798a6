"""Due list outputs: offer letters to the members (給付のご案内) and the due list workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from gojokai_desktop.domain.benefits.rules import claim_deadline
from gojokai_desktop.domain.benefits.table import BenefitKind
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.benefits.due import DueSheetRow, write_due_list
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.benefits.due import DueList, DueRow, due_list
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.printing import load_member_values, render_records
from gojokai_desktop.services.society import load_profile

OFFER_FORM = "benefit_offer"
EMPLOYER_PAPER = "事業主の証明（請求書の証明欄）"


def papers_text(kind: BenefitKind) -> str:
    """The papers to bring, one per line (the kind's evidence, then the employer's seal)."""
    papers = [*kind.evidence, *([EMPLOYER_PAPER] if kind.employer_certification else [])]
    return "\n".join(f"・{paper}" for paper in papers)


def offer_records(ctx: AppContext, rows: Sequence[DueRow]) -> list[dict[str, object]]:
    """One letter's values per due row: the member's address block, the benefit, the
    person, the day, the amount, the papers and the claim deadline of the kind."""
    if not rows:
        raise ValidationError("案内を印刷する該当者を選んでください", "該当者")
    today = ctx.today()
    with ctx.reader() as session:
        calendar = calendar_of_session(session)
        members = load_member_values(session, [r.member_number for r in rows], today)
        tables = {
            fy: table_in_force(session, fy).table
            for fy in {calendar.year_of(r.event_date) for r in rows}
        }
    records = []
    for row, member in zip(rows, members, strict=True):
        kind = tables[calendar.year_of(row.event_date)].kind(row.kind_code)
        records.append(
            {
                **member,
                "document.date": today,
                "claim.benefit_name": row.kind_name,
                "claim.subject_name": row.person_name,
                "claim.subject_relation": row.person_relation,
                "claim.event_date": row.event_date,
                "claim.amount": row.amount,
                "claim.evidence": papers_text(kind),
                "offer.reason": row.reason,
                "offer.deadline": claim_deadline(row.event_date, kind.deadline_months),
            }
        )
    return records


def print_offer_letters(
    ctx: AppContext,
    rows: Sequence[DueRow],
    out: Output,
    *,
    user_forms_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """One PDF with a letter (給付のご案内) for each chosen due row, in the order given."""
    return render_records(
        ctx,
        OFFER_FORM,
        offer_records(ctx, rows),
        out,
        user_forms_dir=user_forms_dir,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def _sheet_row(row: DueRow) -> DueSheetRow:
    return (
        row.event_date,
        row.kind_name,
        row.reason,
        row.member_number,
        row.member_name,
        row.member_kana,
        row.establishment_name,
        row.person_name,
        row.person_relation,
        row.amount,
        row.status_label,
        row.claim_number,
    )


def write_due_workbook(ctx: AppContext, listed: DueList, path: Path) -> int:
    """The workbook of a due list already read (the screen's); returns the row count."""
    if not path.parent.is_dir():
        raise ValidationError(f"出力先のフォルダ {path.parent} がありません", "出力先")
    with ctx.reader() as session:
        label = calendar_of_session(session).label(listed.fiscal_year)
    profile = load_profile(ctx)
    society = profile.name if profile else ""
    title = f"{label} 慶弔給付 該当者一覧　{society}".rstrip()
    note = f"給付表: {listed.table_label}　作成日: {format_wareki(ctx.today())}"
    return write_due_list(path, title, note, [_sheet_row(r) for r in listed.rows])


def export_due_list(ctx: AppContext, fiscal_year: int, path: Path) -> int:
    """The due list of ``fiscal_year`` as a workbook (written whole or not at all)."""
    return write_due_workbook(ctx, due_list(ctx, fiscal_year), path)
