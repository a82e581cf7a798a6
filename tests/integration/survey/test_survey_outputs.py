"""What goes out: the standard workbook and the PDF for a survey without a template, the
command line (sources, check, fill) and the demo's stored answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from gojokai_desktop.cli import main
from gojokai_desktop.db.models import SurveyAnswer
from gojokai_desktop.services.survey.files import load_survey_file
from gojokai_desktop.services.survey.filling import answer, fill_survey
from gojokai_desktop.services.survey.sources import compute_sources, static_sources
from gojokai_desktop.services.survey.writing import print_survey, write_standard_workbook


@pytest.fixture(autouse=True)
def as_the_clerk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands act as the demo's clerk (the demo's users all have the password demo)."""
    monkeypatch.setenv("GOJOKAI_USER", "clerk")
    monkeypatch.setenv("GOJOKAI_PASSWORD", "demo")


def _without_template(folder: Path) -> Path:
    path = folder / "sample_2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('template = "council_2025.xlsx"', ""), encoding="utf-8")
    return path


def test_the_standard_workbook_holds_every_question_and_answer(
    demo_ctx, sample_dir: Path, tmp_path: Path
) -> None:
    file = load_survey_file(_without_template(sample_dir))
    fill = answer(demo_ctx, fill_survey(demo_ctx, file), "written_on", "R8.6.10")
    out = tmp_path / "標準.xlsx"
    written = write_standard_workbook(demo_ctx, fill, out)
    assert written.answers == fill.answered_count
    sheet = load_workbook(out)["回答"]
    assert sheet["A1"].value == "令和7年度 勤労者互助会運営状況調査"
    assert sheet["A2"].value == "団体名: 福島市勤労者互助会"
    assert [c.value for c in sheet[4]] == ["番号", "区分", "質問", "回答", "単位", "根拠・備考"]
    rows = {r[2]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == len(fill.rows)
    members = rows["年度末（3月31日）の会員数"]
    assert members[3] == fill.row("members_end").value
    assert members[4] == "人"
    assert members[5].startswith("令和8年3月31日を含む会員期間を数えました")
    assert rows["記入日"][3] == dt.datetime(2026, 6, 10)
    assert rows["事務担当者の人数"][3] is None
    assert rows["事務担当者の人数"][5] in (None, "")
    assert rows["斡旋品の販売額"][5].startswith("令和7年度の斡旋実績")
    assert sheet.print_title_rows == "$4:$4"


def test_the_pdf_shows_questions_answers_and_how_they_were_reached(
    demo_ctx, sample_dir: Path, tmp_path: Path
) -> None:
    fill = fill_survey(demo_ctx, load_survey_file(sample_dir / "sample_2025.toml"))
    fill = answer(demo_ctx, fill, "members_end", "1", "テストのための変更")
    out = tmp_path / "回答.pdf"
    pages = print_survey(demo_ctx, fill, out)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert pages == len(PdfReader(out).pages) >= 2
    for words in ("令和7年度 勤労者互助会運営状況調査", "団体名: 福島市勤労者互助会",
                  "提出期限: 令和8年6月30日(火)", "番号", "質問", "回答", "根拠・備考",
                  "1 会員の状況", "年度初め（4月1日）の会員数", "（未回答）",
                  "を変更: テストのための変更", "1 人"):  # fmt: skip
        assert words in text, words
    dues = fill.row("dues_billed")
    assert f"{dues.value:,} 円" in text


def test_sources_lists_every_name_with_its_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["survey", "sources"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for info in static_sources():
        line = next(x for x in lines if x.split()[0] == info.name)
        assert info.meaning in line
    assert any(x.startswith("benefits.count:<給付の種類>") for x in lines)
    assert any(x.startswith("tickets.sold ") and "斡旋品の年度中の販売数" in x for x in lines)


def test_sources_of_a_year_name_its_kinds_and_items(demo_ctx, capsys) -> None:
    assert main(["survey", "sources", "--fiscal-year", "2025", "--db",
                 str(demo_ctx.database.path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "benefits.count:結婚祝金" in out
    assert "accounts.expenditure:給付事業費" in out


def test_check_reports_by_question_and_exits_one_on_errors(demo_ctx, sample_dir: Path, capsys):
    db = str(demo_ctx.database.path)
    survey = sample_dir / "sample_2025.toml"
    assert main(["survey", "check", str(survey), "--db", db]) == 0
    captured = capsys.readouterr()
    assert "質問 40問、問題はありません（注意 1件、様式のシート: 表紙・調査票・要望・記入例）" in (
        captured.out
    )
    assert "注意: 様式 council_2025.xlsx のコメント（メモ）は残りますが" in captured.err
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text.replace('cell = "調査票!D12"', 'cell = "調査票!D11"'), encoding="utf-8")
    assert main(["survey", "check", str(survey), "--db", db]) == 1
    captured = capsys.readouterr()
    assert "エラー: 質問「establishments_end」（年度末の加入事業所数）: セル 調査票!D11 には" in (
        captured.err
    )
    assert "直すところが 1件あります" in captured.out


def test_fill_writes_the_workbook_and_lists_the_unanswered(
    demo_ctx, sample_dir: Path, tmp_path: Path, capsys
) -> None:
    db = str(demo_ctx.database.path)
    out, pdf = tmp_path / "回答.xlsx", tmp_path / "回答.pdf"
    code = main(["survey", "fill", str(sample_dir / "sample_2025.toml"), "--db", db,
                 "--out", str(out), "--pdf", str(pdf)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "未回答: written_on clerks most_useful" in (captured.err)
    assert "回答.xlsx に 35問の回答を書き込みました" in captured.out
    assert load_workbook(out)["調査票"]["D6"].value == (
        compute_sources(demo_ctx, 2025, ["members.count_at_end"])["members.count_at_end"].value
    )
    assert pdf.exists()


def test_fill_with_an_answers_file(demo_ctx, sample_dir: Path, tmp_path: Path, capsys) -> None:
    db = str(demo_ctx.database.path)
    out = tmp_path / "回答.xlsx"
    answers = str(sample_dir / "sample_answers_2025.toml")
    code = main(["survey", "fill", str(sample_dir / "sample_2025.toml"), "--db", db,
                 "--answers", answers, "--out", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "未回答" not in captured.err
    book = load_workbook(out)
    assert book["表紙"]["C11"].value == 2
    assert book["表紙"]["C10"].value == dt.datetime(2026, 6, 10)
    assert book["要望"]["B12"].value.startswith("斡旋品の申込期間を年3回に")
    with demo_ctx.reader() as session:
        stored = session.scalar(
            select(SurveyAnswer).where(SurveyAnswer.question_id == "clerks",
                                       SurveyAnswer.fiscal_year == 2025)
        )  # fmt: skip
    assert stored is not None
    assert stored.value_text == "2"


def test_a_wrong_answers_file_writes_and_stores_nothing(
    demo_ctx, sample_dir: Path, tmp_path: Path, capsys
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text('requests = 5\nclerks = "二人"\n', encoding="utf-8")
    out = tmp_path / "回答.xlsx"
    code = main(["survey", "fill", str(sample_dir / "sample_2025.toml"),
                 "--db", str(demo_ctx.database.path), "--answers", str(answers),
                 "--out", str(out)])  # fmt: skip
    assert code == 1
    assert "質問「requests」（勤互連への要望・ご意見）: 文章の質問に数値・日付の 5" in (
        capsys.readouterr().err
    )
    assert not out.exists()
    with demo_ctx.reader() as session:
        assert session.scalar(select(SurveyAnswer).where(SurveyAnswer.fiscal_year == 2025)) is None


def test_the_demo_keeps_the_answers_computed_from_its_books(demo_ctx) -> None:
    with demo_ctx.reader() as session:
        rows = session.scalars(select(SurveyAnswer).where(SurveyAnswer.fiscal_year == 2024)).all()
    assert len(rows) == 40
    figures = compute_sources(demo_ctx, 2024, {r.source for r in rows if r.source})
    for row in rows:
        figure = figures.get(row.source) if row.source else None
        if row.source is not None and row.source.startswith(("events.", "tickets.")):
            # Those areas answer through the program's context, which the demo's own
            # transaction does not have: the demo's clerk typed these.
            assert row.computed_text is None, row.question_id
        elif figure is not None and figure.value is not None:
            assert row.computed_text == str(figure.value), row.question_id
            if not row.overridden:
                assert row.value_text == row.computed_text
        assert row.value_text is not None
    [changed] = [r for r in rows if r.overridden]
    assert changed.question_id == "members_end"
    assert changed.note
