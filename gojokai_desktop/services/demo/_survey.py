"""Demo step: the council's survey of the two years before the sample's, as the clerk sent them.

The sample survey (resources/survey/sample_2025.toml, about 令和7年度) is the one the demo's
clerk has to fill in; the answers of 令和5年度 and 令和6年度 are stored as written then, so
the survey page shows last year's answers beside this year's. Sourced answers are the
figures the program computes from the demo's own books for that year (one overridden with a
note); the free answers and the not yet computable ones (斡旋, 行事) are made up from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy.orm import Session

from gojokai_desktop import paths
from gojokai_desktop.domain.survey.definition import Question, Survey
from gojokai_desktop.domain.survey.values import Value, encode_value
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.survey.files import load_survey_file
from gojokai_desktop.services.survey.sources import compute_in, scope_in

SAMPLE = "survey/sample_2025.toml"
YEARS_BACK = (2, 1)  # the surveys about the years before the sample's
_REQUESTS = (
    "斡旋品の申込期間を年3回に増やしてほしい。",
    "新任の事務担当者向けの研修を4月中に開いてほしい。",
    "会員拡大のチラシの見本をもっと用意してほしい。",
)
_THEMES = ("会計の年度末処理", "個人情報の取扱い", "会員拡大の進め方", "慶弔給付の審査の実務")


def _free_answer(question: Question, year: int, rng: random.Random) -> Value | None:
    if question.kind == "date":
        return dt.date(year + 1, 6, rng.randint(5, 25))
    if question.kind == "choice":
        return rng.choice(question.choices)
    if question.kind == "text":
        return rng.choice(_REQUESTS if "要望" in question.text else _THEMES)
    if question.source is None:
        return rng.randint(1, 3)  # a count only the clerk knows (事務担当者の人数)
    ranges = {"円": (300_000, 1_500_000), "回": (3, 9), "人": (80, 260)}
    low, high = ranges.get(question.unit, (1, 100))
    value = rng.randint(low, high)
    return value // 1000 * 1000 if question.unit == "円" else value


def _rows(
    survey: Survey, year: int, figures: dict[str, Any], rng: random.Random, label: str
) -> list[dict[str, Any]]:
    written_at = dt.datetime.combine(dt.date(year + 1, 6, 20), dt.time(10, 0))
    title = survey.title.replace(survey.title.split(" ")[0], label, 1)
    rows = []
    for question in survey.questions:
        figure = figures.get(question.source) if question.source else None
        computed = figure.value if figure is not None else None
        value, overridden, note = computed, False, ""
        if computed is None:
            value = _free_answer(question, year, rng)
        elif question.id == "members_end" and year == survey.fiscal_year - 1:
            value, overridden = int(computed) - 1, True
            note = "協議会の指示により3月31日付の退会者1名を除いて回答"
        rows.append(
            {
                "series": survey.series,
                "fiscal_year": year,
                "question_id": question.id,
                "survey_title": title,
                "question_text": question.text,
                "kind": question.kind,
                "source": question.source,
                "value_text": encode_value(value),
                "computed_text": encode_value(computed),
                "overridden": overridden,
                "note": note,
                "answered_by": "鈴木　美穂",
                "written_to": f"{label}運営状況調査_回答.xlsx",
                "written_at": written_at,
                "version": 1,
                "created_at": written_at,
                "updated_at": written_at,
            }
        )
    return rows


def survey(ctx: DemoContext) -> None:
    """Store the answers of the two surveys before the sample's, computed from the demo's books."""
    file = load_survey_file(paths.shipped_dir("resources") / SAMPLE)
    sample = file.require()
    rng = ctx.rng("survey")
    rows: list[dict[str, Any]] = []
    with Session(bind=ctx.connection) as session:
        for back in YEARS_BACK:
            year = sample.fiscal_year - back
            if year < ctx.first_year:
                continue
            scope = scope_in(session, year)
            figures = compute_in(scope, sample.sources)
            rows += _rows(sample, year, figures, rng, scope.label)
    ctx.insert("survey_answers", rows)
