"""Writing the survey out: the council's workbook filled in place, or the standard layout
workbook, and the PDF of questions and answers. Nothing is sent anywhere: files only.

Every write first checks the survey (errors stop it, each naming the question), never writes
over the council's template (nor the survey file), writes atomically, and keeps the year's
answers in the database as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.exports.survey.standard import StandardRow, StandardSheet, write_standard
from gojokai_desktop.exports.survey.template import CellTarget, TemplateError, fill_template
from gojokai_desktop.printing.render import Output
from gojokai_desktop.printing.survey import PrintedAnswer, PrintedSurvey, render_survey
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.survey.files import SurveyCheck, check_survey, check_template_file
from gojokai_desktop.services.survey.filling import SurveyFill, record_written, require_template

WORKBOOK_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class Written:
    """What was written: where, how many answers went in, which required ones are still empty,
    and (for the council's workbook) how many cells were read back and compared."""

    path: Path
    answers: int
    unanswered: tuple[str, ...]
    compared_cells: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        text = f"{self.path.name} に {self.answers}問の回答を書き込みました。"
        if self.compared_cells:
            text += (
                f"読み直して、回答のセルと、それ以外の {self.compared_cells:,}セル・結合・列の幅・"
                "印刷の設定が様式のままであることを確かめました。"
            )
        if self.unanswered:
            text += f"\n未回答: {'、'.join(self.unanswered)}"
        return text


def _check_out(fill: SurveyFill, out: Path, suffix: str) -> None:
    if out.suffix.lower() != suffix:
        raise RuleViolation(f"出力先は {suffix} のファイルにしてください（{out.name}）")
    protected = [fill.file.path]
    if fill.file.template is not None:
        protected.append(fill.file.template)
    for path in protected:
        same = out.exists() and path.exists() and out.samefile(path)
        if out.resolve() == path.resolve() or same:
            what = "アンケートのファイル" if path == fill.file.path else "協議会の様式"
            raise RuleViolation(
                f"{out.name} は{what}そのものです。"
                "別のファイル名を指定してください（元のファイルには書き込みません）"
            )
    if not out.parent.is_dir():
        raise RuleViolation(f"フォルダ {out.parent} がありません")


def checked(ctx: AppContext, fill: SurveyFill) -> SurveyCheck:
    """The survey's check for the fill's year; raises when it has errors. What the template
    would lose is not looked for again: the screens and the command line said it before."""
    check = check_survey(ctx, fill.file, fill.fiscal_year, losses=False)
    if check.errors:
        raise RuleViolation(
            "アンケートに直すところがあります:\n" + "\n".join(str(p) for p in check.errors)
        )
    return check


def write_council_workbook(ctx: AppContext, fill: SurveyFill, out: Path) -> Written:
    """The council's template filled in place at ``out``, read back and compared."""
    template = require_template(fill)
    check_template_file(template)
    _check_out(fill, out, WORKBOOK_SUFFIX)
    check = checked(ctx, fill)
    targets = [
        CellTarget(r.id, r.question.text, r.question.cell, r.question.kind, r.value)
        for r in fill.rows
        if r.question.cell is not None
    ]
    try:
        filled = fill_template(template, targets, out)
    except TemplateError as error:
        raise RuleViolation(error.message) from error
    record_written(ctx, fill, out)
    return Written(
        out,
        sum(1 for t in targets if t.value is not None),
        fill.unanswered,
        filled.compared_cells,
        tuple(str(p) for p in check.warnings),
    )


def _society_name(ctx: AppContext) -> str:
    profile = load_profile(ctx)
    return profile.name if profile else ""


def write_standard_workbook(ctx: AppContext, fill: SurveyFill, out: Path) -> Written:
    """The standard layout workbook (番号・区分・質問・回答・単位・根拠) at ``out``."""
    _check_out(fill, out, WORKBOOK_SUFFIX)
    check = checked(ctx, fill)
    sheet = StandardSheet(
        title=fill.survey.title,
        society=_society_name(ctx),
        fiscal_label=fill.year_label,
        written_on=ctx.today(),
        rows=[
            StandardRow(r.question.number, r.question.section, r.question.text, r.question.kind,
                        r.value, r.question.unit, r.basis)
            for r in fill.rows
        ],
    )  # fmt: skip
    write_standard(sheet, out)
    record_written(ctx, fill, out)
    return Written(
        out, fill.answered_count, fill.unanswered, 0, tuple(str(p) for p in check.warnings)
    )


def printed_survey(ctx: AppContext, fill: SurveyFill) -> PrintedSurvey:
    return PrintedSurvey(
        title=fill.survey.title,
        society=_society_name(ctx),
        fiscal_label=fill.year_label,
        council=fill.survey.council,
        deadline=fill.survey.deadline,
        summary=fill.summary,
        answers=[
            PrintedAnswer(r.question.number, r.question.section, r.question.text, r.display,
                          r.question.unit, r.basis)
            for r in fill.rows
        ],
    )  # fmt: skip


def print_survey(ctx: AppContext, fill: SurveyFill, out: Output) -> int:
    """The questions and answers on A4; returns the number of pages."""
    return render_survey(printed_survey(ctx, fill), out, printed_on=ctx.today())
