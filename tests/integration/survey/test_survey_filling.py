"""Filling the survey: ~80 % from the books with how each figure was reached, the clerk's
answers and overrides with a reason, last year's answers beside, all kept in the database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import FiscalYear, SurveyAnswer
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.survey.files import (
    last_survey_file,
    load_survey_file,
    remember_survey_file,
)
from gojokai_desktop.services.survey.filling import (
    answer,
    answer_years,
    apply_answers,
    fill_survey,
    record_written,
)
from gojokai_desktop.services.survey.sources import compute_sources


def _stored(ctx, year: int = 2025) -> dict[str, SurveyAnswer]:
    with ctx.reader() as session:
        rows = session.scalars(select(SurveyAnswer).where(SurveyAnswer.fiscal_year == year))
        return {row.question_id: row for row in rows}


def test_most_answers_come_from_the_books_with_how_they_were_reached(
    demo_ctx, sample_dir: Path
) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"))
    assert fill.year_label == "令和7年度"
    assert fill.computed_count / len(fill.rows) >= 0.75
    figures = compute_sources(demo_ctx, 2025, fill.survey.sources)
    for row in fill.rows:
        if row.origin == "computed":
            assert row.value == figures[row.question.source].value
            assert row.how == figures[row.question.source].how != ""
            assert row.basis == row.how
    members = fill.row("members_end")
    assert members.has_detail
    assert members.display == f"{members.value:,}"
    free = fill.row("clerks")
    assert (free.origin, free.value, free.basis) == ("unanswered", None, "")
    assert fill.unanswered == ("written_on", "clerks", "most_useful")
    assert "帳簿から計算 35問（88%）" in fill.summary


def test_last_years_answers_stand_beside_with_their_notes(demo_ctx, sample_dir: Path) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"))
    last = compute_sources(demo_ctx, 2024, ["members.count_at_end", "dues.billed"])
    members = fill.row("members_end")
    assert members.last_year == last["members.count_at_end"].value - 1
    assert members.last_year_note == "協議会の指示により3月31日付の退会者1名を除いて回答"
    assert fill.row("dues_billed").last_year == last["dues.billed"].value
    assert fill.row("society_name").last_year == "福島市勤労者互助会"
    assert isinstance(fill.row("written_on").last_year, dt.date)
    years = answer_years(demo_ctx, fill.survey.series)
    assert [(y.fiscal_year, y.count) for y in years] == [(2024, 40), (2023, 40)]
    assert years[0].title == "令和6年度 勤労者互助会運営状況調査"


def test_the_clerk_answers_the_rest_and_the_answers_are_kept(demo_ctx, sample_dir: Path) -> None:
    with demo_ctx.reader() as session:
        # The survey is answered in June about the year just closed: the close does not stop it.
        assert session.get(FiscalYear, 2025).status == "closed"
    file = load_survey_file(sample_dir / "sample_2025.toml")
    fill = fill_survey(demo_ctx, file)
    fill = answer(demo_ctx, fill, "written_on", "R8.6.10")
    fill = answer(demo_ctx, fill, "most_useful", "斡旋事業")
    fill = answer(demo_ctx, fill, "clerks", "２人")
    fill = answer(demo_ctx, fill, "requests", "年3回の申込にしてほしい")
    assert fill.row("written_on").value == dt.date(2026, 6, 10)
    assert fill.row("clerks").origin == "typed"
    again = fill_survey(demo_ctx, file)
    assert again.row("written_on").value == dt.date(2026, 6, 10)
    assert again.row("clerks").value == 2
    assert again.row("clerks").basis == "手入力"
    stored = _stored(demo_ctx)
    assert stored["most_useful"].value_text == "斡旋事業"
    assert stored["written_on"].answered_by == "鈴木　美穂"
    fill = answer(demo_ctx, again, "requests", "")
    assert fill.row("requests").value is None
    assert fill_survey(demo_ctx, file).row("requests").value is None


def test_a_changed_figure_needs_a_reason_and_can_be_taken_back(demo_ctx, sample_dir: Path) -> None:
    file = load_survey_file(sample_dir / "sample_2025.toml")
    fill = fill_survey(demo_ctx, file)
    figure = fill.row("members_end").value
    with pytest.raises(ValidationError) as caught:
        answer(demo_ctx, fill, "members_end", figure + 1)
    assert caught.value.field == "変更の理由"
    assert f"帳簿から計算した値（{figure:,}）と違う答え" in caught.value.message
    assert "members_end" not in _stored(demo_ctx)
    fill = answer(demo_ctx, fill, "members_end", f"{figure + 1}人", "3月31日付の転入者を含める")
    row = fill_survey(demo_ctx, file).row("members_end")
    assert (row.origin, row.value, row.computed) == ("overridden", figure + 1, figure)
    assert row.basis == f"計算値 {figure:,} を変更: 3月31日付の転入者を含める"
    assert _stored(demo_ctx)["members_end"].overridden
    fill = answer(demo_ctx, fill, "members_end", "")
    row = fill_survey(demo_ctx, file).row("members_end")
    assert (row.origin, row.value, row.note) == ("computed", figure, "")
    assert not _stored(demo_ctx)["members_end"].overridden


def test_text_in_a_number_question_and_a_number_in_a_text_one_are_refused(
    demo_ctx, sample_dir: Path
) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"))
    with pytest.raises(ValidationError) as caught:
        answer(demo_ctx, fill, "clerks", "二人くらい")
    assert caught.value.field == "質問「clerks」（事務担当者の人数）"
    assert "数値の質問に「二人くらい」と入っています" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        apply_answers(demo_ctx, fill, {"requests": (5, ""), "clerks": (2, "")})
    assert caught.value.field == "質問「requests」（勤互連への要望・ご意見）"
    assert "文章の質問に数値・日付の 5" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        answer(demo_ctx, fill, "most_useful", "全部")
    assert "選択肢にありません" in caught.value.message
    assert _stored(demo_ctx) == {}  # nothing stored from a refused answer


def test_an_answers_file_is_all_or_nothing(demo_ctx, sample_dir: Path) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"))
    with pytest.raises(ValidationError) as caught:
        apply_answers(demo_ctx, fill, {"clerks": (2, ""), "members_end": (1, "")})
    assert '{ value = …, note = "理由" } の形で理由を書いてください' in caught.value.message
    with pytest.raises(ValidationError) as caught:
        apply_answers(demo_ctx, fill, {"event_held": (6, "")})
    assert "アンケートにない質問の答えがあります: event_held" in caught.value.message
    assert _stored(demo_ctx) == {}
    fill = apply_answers(demo_ctx, fill, {"clerks": (2, ""), "members_end": (1, "協議会の指示")})
    assert fill.row("members_end").origin == "overridden"
    assert set(_stored(demo_ctx)) == {"clerks", "members_end"}


def test_written_answers_are_next_years_last_year(demo_ctx, sample_dir: Path) -> None:
    file = load_survey_file(sample_dir / "sample_2025.toml")
    fill = answer(demo_ctx, fill_survey(demo_ctx, file), "clerks", "2")
    record_written(demo_ctx, fill, Path("/tmp/回答.xlsx"))
    stored = _stored(demo_ctx)
    assert len(stored) == len(fill.rows)
    assert stored["members_end"].value_text == str(fill.row("members_end").value)
    assert stored["members_end"].written_to == "/tmp/回答.xlsx"
    next_file = sample_dir / "sample_2026.toml"
    text = (sample_dir / "sample_2025.toml").read_text(encoding="utf-8")
    next_file.write_text(
        text.replace("令和7年度", "令和8年度").replace("fiscal_year = 2025", "fiscal_year = 2026"),
        encoding="utf-8",
    )
    following = fill_survey(demo_ctx, load_survey_file(next_file))
    assert following.fiscal_year == 2026
    assert following.row("clerks").last_year == 2
    assert following.row("members_end").last_year == fill.row("members_end").value


def test_a_renamed_question_finds_last_year_by_previous_id(demo_ctx, sample_dir: Path) -> None:
    path = sample_dir / "sample_2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('id = "members_end"', 'id = "members_at_end"\nprevious_id = "members_end"'),
        encoding="utf-8",
    )
    fill = fill_survey(demo_ctx, load_survey_file(path))
    assert fill.row("members_at_end").last_year_note.startswith("協議会の指示")


def test_changed_books_are_noticed(demo_ctx, sample_dir: Path) -> None:
    file = load_survey_file(sample_dir / "sample_2025.toml")
    fill = fill_survey(demo_ctx, file)
    record_written(demo_ctx, fill, Path("/tmp/回答.xlsx"))
    with demo_ctx.unit_of_work("テスト: 帳簿を変える") as uow:
        row = uow.session.scalar(
            select(SurveyAnswer).where(SurveyAnswer.question_id == "members_end",
                                       SurveyAnswer.fiscal_year == 2025)
        )  # fmt: skip
        assert row is not None
        row.computed_text = "1"
        uow.commit()
    again = fill_survey(demo_ctx, file).row("members_end")
    assert again.books_changed
    assert not fill_survey(demo_ctx, file).row("members_start").books_changed


def test_another_fiscal_year_is_computed_when_asked(demo_ctx, sample_dir: Path) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"), 2024)
    assert fill.year_label == "令和6年度"
    assert fill.row("members_end").last_year is not None  # 令和5年度's answers


def test_the_last_survey_file_is_remembered_for_the_next_clerk(demo_ctx, sample_dir: Path):
    assert last_survey_file(demo_ctx) is None
    remember_survey_file(demo_ctx, sample_dir / "sample_2025.toml")
    assert last_survey_file(demo_ctx) == (sample_dir / "sample_2025.toml").resolve()
    shutil.rmtree(sample_dir)
    assert last_survey_file(demo_ctx) is None
