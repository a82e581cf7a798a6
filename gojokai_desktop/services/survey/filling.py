"""Filling a survey: computed answers with how each was reached, the clerk's own answers and
overrides with a note, last year's answers beside them, all kept in the database.

A sourced question takes the figure computed from the books now, unless the clerk changed it
(上書き, with a reason). A question without a source, or whose source cannot be computed, takes
what the clerk typed. The year's answers are stored under the survey's series (its title
without the year), so next year's file finds them by question id (or ``previous_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import SurveyAnswer, utcnow
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.survey.definition import Question, Survey
from gojokai_desktop.domain.survey.values import (
    Value,
    decode_value,
    encode_value,
    format_value,
    parse_answer,
)
from gojokai_desktop.services.auth.roles import has_role, require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.survey.figures import Figure
from gojokai_desktop.services.survey.files import SurveyFile
from gojokai_desktop.services.survey.sources import compute_in, scope_in

ORIGIN_LABELS = {
    "computed": "帳簿から計算",
    "overridden": "計算値を変更",
    "typed": "入力",
    "unanswered": "未回答",
}


@dataclass(frozen=True)
class AnswerRow:
    """One question with the answer that goes out and where it came from."""

    question: Question
    value: Value | None
    origin: str
    computed: Value | None = None
    how: str = ""
    has_detail: bool = False
    note: str = ""
    last_year: Value | None = None
    last_year_note: str = ""
    saved_computed: Value | None = None
    answered_by: str = ""

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def display(self) -> str:
        return format_value(self.question.kind, self.value)

    @property
    def last_year_display(self) -> str:
        return format_value(self.question.kind, self.last_year)

    @property
    def computed_display(self) -> str:
        return format_value(self.question.kind, self.computed)

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]

    @property
    def is_computable(self) -> bool:
        """A figure from the books stands behind this question."""
        return self.question.source is not None and self.computed is not None

    @property
    def books_changed(self) -> bool:
        """The books give another figure than when the answer was last saved or written."""
        return (
            self.origin == "computed"
            and self.saved_computed is not None
            and self.saved_computed != self.computed
        )

    @property
    def basis(self) -> str:
        """根拠: how the answer was reached, in one line for the screen, the PDF and the sheet."""
        if self.origin == "computed":
            return self.how
        if self.origin == "overridden":
            return f"計算値 {self.computed_display} を変更: {self.note}"
        if self.question.source is not None and self.how:
            return f"{self.how}（手入力）" if self.value is not None else self.how
        return "手入力" if self.value is not None else ""


@dataclass(frozen=True)
class SurveyFill:
    """The survey of one fiscal year with every answer as it stands."""

    file: SurveyFile
    survey: Survey
    fiscal_year: int
    year_label: str
    rows: tuple[AnswerRow, ...]

    def row(self, question_id: str) -> AnswerRow:
        for row in self.rows:
            if row.id == question_id:
                return row
        raise KeyError(question_id)

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Ids of the required questions still without an answer."""
        return tuple(r.id for r in self.rows if r.value is None and r.question.required)

    @property
    def computed_count(self) -> int:
        return sum(1 for r in self.rows if r.origin == "computed")

    @property
    def answered_count(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)

    @property
    def summary(self) -> str:
        total = len(self.rows)
        share = round(100 * self.computed_count / total) if total else 0
        missing = len(self.unanswered)
        return (
            f"質問 {total}問: 帳簿から計算 {self.computed_count}問（{share}%）・"
            f"回答済 {self.answered_count}問・未回答（必須） {missing}問"
        )


def _stored(session: Session, series: str, fiscal_year: int) -> dict[str, SurveyAnswer]:
    rows = session.scalars(
        select(SurveyAnswer).where(
            SurveyAnswer.series == series, SurveyAnswer.fiscal_year == fiscal_year
        )
    ).all()
    return {row.question_id: row for row in rows}


def _row(
    question: Question,
    figure: Figure | None,
    stored: SurveyAnswer | None,
    last: SurveyAnswer | None,
) -> AnswerRow:
    kind = question.kind
    computed = figure.value if figure is not None else None
    base = AnswerRow(
        question,
        None,
        "unanswered",
        computed=computed,
        how=figure.how if figure is not None else "",
        has_detail=bool(figure and figure.has_detail and computed is not None),
        last_year=decode_value(kind, last.value_text) if last is not None else None,
        last_year_note=last.note if last is not None else "",
        saved_computed=decode_value(kind, stored.computed_text) if stored else None,
        answered_by=stored.answered_by if stored is not None else "",
    )
    if stored is not None and stored.overridden and computed is not None:
        value = decode_value(kind, stored.value_text)
        return replace(base, value=value, origin="overridden", note=stored.note)
    if computed is not None:
        return replace(base, value=computed, origin="computed")
    typed = decode_value(kind, stored.value_text) if stored is not None else None
    return replace(base, value=typed, origin="typed" if typed is not None else "unanswered")


def fill_in(
    session: Session,
    file: SurveyFile,
    fiscal_year: int | None = None,
    ctx: AppContext | None = None,
) -> SurveyFill:
    """The survey filled for ``fiscal_year`` (default: the year the survey names)."""
    survey = file.require()
    year = fiscal_year or survey.fiscal_year
    scope = scope_in(session, year, ctx)
    figures = compute_in(scope, survey.sources)
    stored = _stored(session, survey.series, year)
    last_year = _stored(session, survey.series, year - 1)
    rows = tuple(
        _row(
            q,
            figures.get(q.source) if q.source else None,
            stored.get(q.id),
            last_year.get(q.previous_id or q.id) or last_year.get(q.id),
        )
        for q in survey.questions
    )
    return SurveyFill(file, survey, year, scope.label, rows)


def fill_survey(ctx: AppContext, file: SurveyFile, fiscal_year: int | None = None) -> SurveyFill:
    """Compute every sourced answer and gather the stored ones (a read, nothing is written)."""
    with ctx.reader() as session:
        return fill_in(session, file, fiscal_year, ctx)


# -- answering ----------------------------------------------------------------------------------
def _field(question: Question) -> str:
    return f"質問「{question.id}」（{question.text}）"


def parse_for(question: Question, raw: object) -> Value | None:
    """The answer ``raw`` checked against the question's kind (ValidationError names it)."""
    return parse_answer(
        question.kind, raw, field=_field(question), choices=question.choices, unit=question.unit
    )


def _upsert(uow: UnitOfWork, fill: SurveyFill, row: AnswerRow) -> SurveyAnswer:
    survey = fill.survey
    stored = uow.session.scalar(
        select(SurveyAnswer).where(
            SurveyAnswer.series == survey.series,
            SurveyAnswer.fiscal_year == fill.fiscal_year,
            SurveyAnswer.question_id == row.id,
        )
    )
    if stored is None:
        stored = SurveyAnswer(
            series=survey.series, fiscal_year=fill.fiscal_year, question_id=row.id
        )
        uow.session.add(stored)
    stored.survey_title = survey.title[:200]
    stored.question_text = row.question.text[:400]
    stored.kind = row.question.kind
    stored.source = row.question.source
    stored.value_text = encode_value(row.value)
    stored.computed_text = encode_value(row.computed)
    stored.overridden = row.origin == "overridden"
    stored.note = row.note if row.origin == "overridden" else ""
    stored.answered_by = uow.actor.name[:60]
    return stored


def _with_row(fill: SurveyFill, row: AnswerRow) -> SurveyFill:
    rows = tuple(row if r.id == row.id else r for r in fill.rows)
    return replace(fill, rows=rows)


def _answered(row: AnswerRow, raw: object, note: str) -> AnswerRow:
    """The row as it will be after the clerk's answer ``raw`` (checked; nothing stored yet)."""
    value = parse_for(row.question, raw)
    reason = note.strip()
    if row.is_computable:
        if value is None or value == row.computed:
            return replace(row, value=row.computed, origin="computed", note="")
        if not reason:
            raise ValidationError(
                f"帳簿から計算した値（{row.computed_display}）と違う答えにするには、"
                "理由を入力してください",
                "変更の理由",
            )
        return replace(row, value=value, origin="overridden", note=reason)
    return replace(row, value=value, origin="typed" if value is not None else "unanswered")


OVERRIDE_ACTION = "帳簿から計算した答えの上書き"


def _new_override(before: AnswerRow, after: AnswerRow) -> bool:
    """Whether ``after`` overrides the books' figure anew (taking one back is not)."""
    if after.origin != "overridden":
        return False
    return before.origin != "overridden" or (before.value, before.note) != (after.value, after.note)


def answer(
    ctx: AppContext, fill: SurveyFill, question_id: str, raw: object, note: str = ""
) -> SurveyFill:
    """Store the clerk's answer to one question; return the fill with that row updated.

    For a computed question, an answer other than the figure is an override and needs a
    reason; the figure itself (or an empty answer) takes the override back. For the rest, an
    empty answer removes the stored one.
    """
    updated = _answered(fill.row(question_id), raw, note)
    with ctx.unit_of_work("アンケートの回答") as uow:
        if _new_override(fill.row(question_id), updated):
            require_role(uow, "admin", OVERRIDE_ACTION)
        stored = _upsert(uow, fill, updated)
        uow.commit()
        by = stored.answered_by
    return _with_row(fill, replace(updated, answered_by=by, saved_computed=updated.computed))


def apply_answers(
    ctx: AppContext, fill: SurveyFill, answers: Mapping[str, tuple[object, str]]
) -> SurveyFill:
    """Store several answers at once (id → (value, note)), all or nothing (an answers file)."""
    known = {r.id for r in fill.rows}
    unknown = [qid for qid in answers if qid not in known]
    if unknown:
        raise ValidationError(
            f"アンケートにない質問の答えがあります: {'、'.join(unknown)}", "答えのファイル"
        )
    updated: list[AnswerRow] = []
    for question_id, (raw, note) in answers.items():
        row = fill.row(question_id)
        try:
            updated.append(_answered(row, raw, note))
        except ValidationError as error:
            if error.field == "変更の理由":
                raise ValidationError(
                    f"計算される質問の答え（帳簿から {row.computed_display}）を変えるには"
                    ' { value = …, note = "理由" } の形で理由を書いてください',
                    _field(row.question),
                ) from error
            raise
    with ctx.unit_of_work("アンケートの回答（ファイルから）") as uow:
        if any(_new_override(fill.row(row.id), row) for row in updated):
            require_role(uow, "admin", OVERRIDE_ACTION)
        for row in updated:
            _upsert(uow, fill, row)
        uow.commit()
    for row in updated:
        fill = _with_row(fill, replace(row, saved_computed=row.computed))
    return fill


def record_written(ctx: AppContext, fill: SurveyFill, path: Path) -> None:
    """Keep every answer as written to ``path`` (the year's answers, next year's 前年度).

    An auditor (監事) may write the workbook out, as any export: only that is recorded.
    """
    if not has_role(ctx, "clerk"):
        with ctx.unit_of_work("アンケートの書き出し") as uow:
            uow.audit("survey_answers", fill.survey.series, {"書き出し先": str(path)[-260:]})
            uow.commit()
        return
    with ctx.unit_of_work("アンケートの書き出し") as uow:
        now = utcnow()
        for row in fill.rows:
            stored = _upsert(uow, fill, row)
            stored.written_to = str(path)[-260:]
            stored.written_at = now
        uow.commit()


@dataclass(frozen=True)
class PastAnswers:
    """The answers stored for one year of a series, for the history list."""

    fiscal_year: int
    title: str
    count: int
    written_at: dt.datetime | None
    written_to: str


def answer_years(ctx: AppContext, series: str) -> list[PastAnswers]:
    """The years of a series with stored answers, newest first."""
    with ctx.reader() as session:
        rows = session.scalars(select(SurveyAnswer).where(SurveyAnswer.series == series)).all()
    years: dict[int, list[SurveyAnswer]] = {}
    for row in rows:
        years.setdefault(row.fiscal_year, []).append(row)
    result = []
    for year, answers in sorted(years.items(), reverse=True):
        stamps = [(a.written_at, a) for a in answers if a.written_at is not None]
        latest = max(stamps, key=lambda pair: pair[0])[1] if stamps else None
        result.append(
            PastAnswers(
                year,
                answers[0].survey_title,
                len(answers),
                latest.written_at if latest else None,
                latest.written_to if latest else "",
            )
        )
    return result


def require_template(fill: SurveyFill) -> Path:
    template = fill.file.template
    if template is None:
        raise RuleViolation(
            "このアンケートには協議会の様式（template）がありません。標準の様式で保存してください"
        )
    return template
