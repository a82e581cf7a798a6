"""The survey file: questions as data, every mistake named by its question."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.survey.cells import CellRef, column_letters, column_number, parse_cell
from gojokai_desktop.domain.survey.definition import (
    nearest_names,
    parse_fiscal_year,
    parse_survey,
    series_of,
)

SAMPLE = Path(__file__).parents[3] / "resources" / "survey" / "sample_2025.toml"
KINDS = {"members.count_at_end": "number", "dues.billed": "yen", "society.name": "text"}


def _parse(text: str):
    return parse_survey(tomllib.loads(text), KINDS.get)


HEAD = '[survey]\ntitle = "令和7年度 運営状況調査"\nfiscal_year = 2025\n'


def _messages(parsed) -> list[str]:
    return [str(p) for p in parsed.problems]


def test_the_sample_survey_reads_whole() -> None:
    parsed = parse_survey(tomllib.loads(SAMPLE.read_text(encoding="utf-8")))
    assert parsed.errors == ()
    survey = parsed.survey
    assert survey is not None
    assert (survey.title, survey.fiscal_year) == ("令和7年度 勤労者互助会運営状況調査", 2025)
    assert survey.series == "勤労者互助会運営状況調査"
    assert survey.template == "council_2025.xlsx"
    assert 20 <= len(survey.questions) <= 40
    end = survey.question("members_end")
    assert end.cell == CellRef("調査票", 6, 4)
    assert end.source == "members.count_at_end"
    assert end.number == 10
    assert survey.question("most_useful").choices[0] == "研修会"
    assert survey.question("requests").required is False


def test_a_question_without_kind_takes_its_source_kind() -> None:
    parsed = _parse(
        HEAD
        + '[[question]]\nid = "a"\ntext = "会員数"\nsource = "members.count_at_end"\n'
        + '[[question]]\nid = "b"\ntext = "請求額"\nsource = "dues.billed"\n'
        + '[[question]]\nid = "c"\ntext = "要望"\n'
    )
    survey = parsed.survey
    assert survey is not None
    assert [q.kind for q in survey.questions] == ["number", "yen", "text"]


def test_every_mistake_is_named_by_its_question() -> None:
    parsed = _parse(
        HEAD
        + '[[question]]\nid = "no_text"\n'
        + '[[question]]\ntext = "idなし"\n'
        + '[[question]]\nid = "bad_kind"\ntext = "種類"\nkind = "numbr"\n'
        + '[[question]]\nid = "no_choices"\ntext = "選択"\nkind = "choice"\n'
        + '[[question]]\nid = "no_sheet"\ntext = "セル"\ncell = "D6"\n'
        + '[[question]]\nid = "range"\ntext = "範囲"\ncell = "調査票!D6:E7"\n'
    )
    messages = _messages(parsed)
    assert parsed.survey is not None  # the good part is still read
    assert any("質問「no_text」" in m and "text（質問文）がありません" in m for m in messages)
    assert any("質問「2番目」（idなし）" in m and "id がありません" in m for m in messages)
    assert any(
        "質問「bad_kind」" in m and "numbr" in m and "近い名前: number" in m for m in messages
    )
    assert any("質問「no_choices」" in m and "choices" in m for m in messages)
    assert any("質問「no_sheet」" in m and "シート名がありません" in m for m in messages)
    assert any("質問「range」" in m and "範囲" in m for m in messages)
    assert all(p.is_error for p in parsed.problems)


def test_two_questions_on_one_cell_and_twice_the_same_id_are_refused() -> None:
    parsed = _parse(
        HEAD
        + '[[question]]\nid = "a"\ntext = "会員数"\ncell = "調査票!D6"\n'
        + '[[question]]\nid = "b"\ntext = "事業所数"\ncell = "調査票!d6"\n'
        + '[[question]]\nid = "a"\ntext = "重複"\ncell = "調査票!D7"\n'
    )
    messages = _messages(parsed)
    assert any(
        m.startswith("質問「b」（事業所数）") and "調査票!D6" in m and "質問「a」（会員数）" in m
        for m in messages
    )
    assert any(m.startswith("質問「a」（重複）") and "1番目の質問と同じ" in m for m in messages)
    survey = parsed.survey
    assert survey is not None
    assert [q.text for q in survey.questions] == ["会員数", "事業所数"]


def test_a_number_source_in_a_text_question_and_the_reverse_are_refused() -> None:
    parsed = _parse(
        HEAD
        + '[[question]]\nid = "members"\ntext = "会員数"\nkind = "text"\n'
        + 'source = "members.count_at_end"\n'
        + '[[question]]\nid = "name"\ntext = "団体名"\nkind = "number"\nsource = "society.name"\n'
        + '[[question]]\nid = "money"\ntext = "請求額"\nkind = "number"\nsource = "dues.billed"\n'
    )
    errors = [str(p) for p in parsed.errors]
    assert len(errors) == 2
    assert (
        "質問「members」（会員数）: 文章の質問ですが、計算元 members.count_at_end は数値です"
        in (errors[0])
    )
    assert errors[1].startswith(
        "質問「name」（団体名）: 数値の質問ですが、計算元 society.name は文章"
    )


def test_unknown_keys_are_warned_with_the_nearest_name() -> None:
    parsed = _parse(
        '[survey]\ntitle = "調査"\nfiscal_year = 2025\ntempalte = "x.xlsx"\n'
        + '[[question]]\nid = "a"\ntext = "会員数"\nsoruce = "members.count_at_end"\n'
    )
    warnings = [str(p) for p in parsed.problems if not p.is_error]
    assert any("tempalte" in w and "近い名前: template" in w for w in warnings)
    assert any("質問「a」" in w and "soruce" in w and "近い名前: source" in w for w in warnings)
    assert parsed.errors == ()


def test_a_file_without_survey_table_or_questions_says_so() -> None:
    parsed = parse_survey({})
    assert parsed.survey is None
    messages = _messages(parsed)
    assert any("[survey] の表がありません" in m for m in messages)
    assert any("質問（[[question]]）が1つもありません" in m for m in messages)


@pytest.mark.parametrize(
    ("value", "year"),
    [(2025, 2025), ("2025", 2025), ("令和7年度", 2025), ("R7", 2025), ("令和元年度", 2019),
     ("平成31年度", 2019), ("Ｒ７年度", 2025)],
)  # fmt: skip
def test_the_fiscal_year_is_read_as_written(value: object, year: int) -> None:
    assert parse_fiscal_year(value) == year


@pytest.mark.parametrize("value", ["来年", 1800, True, 2025.0])
def test_a_fiscal_year_that_cannot_be_read_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_fiscal_year(value)
    assert caught.value.field == "fiscal_year"


def test_the_series_is_the_title_without_its_year() -> None:
    assert series_of("令和7年度 勤労者互助会運営状況調査") == "勤労者互助会運営状況調査"
    assert series_of("R6年度　運営状況調査") == "運営状況調査"
    assert series_of("2025年度 アンケート") == "アンケート"
    assert series_of("運営状況調査") == "運営状況調査"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("調査票!D6", CellRef("調査票", 6, 4)),
        ("'調査 票'!$D$6", CellRef("調査 票", 6, 4)),
        ("'It''s'!A1", CellRef("It's", 1, 1)),
        ("調査票!ｄ６", CellRef("調査票", 6, 4)),
        ("表紙!XFD1048576", CellRef("表紙", 1048576, 16384)),
    ],
)
def test_cells_are_read_as_excel_writes_them(text: str, expected: CellRef) -> None:
    assert parse_cell(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("D6", "シート名がありません"),
        ("調査票!D6:E7", "範囲"),
        ("調査票!XFE1", "シートの範囲"),
        ("調査票!D0", "シートの範囲"),
        ("調査票!6D", "読めません"),
        ("'調査票!D6", "閉じていません"),
        ("調[査]票!D6", "シート名になりません"),
    ],
)
def test_a_cell_that_cannot_be_read_is_explained(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_cell(text)
    assert words in caught.value.message


def test_column_letters_round_trip() -> None:
    for number in (1, 26, 27, 52, 702, 703, 16384):
        assert column_number(column_letters(number)) == number
    assert column_letters(28) == "AB"


def test_nearest_names_suggests_the_closest_known_names() -> None:
    known = ["members.count_at_end", "members.count_at_start", "dues.billed"]
    assert nearest_names("members.count_end", known)[0] == "members.count_at_end"
    assert nearest_names("zzz", known) == []
