"""A broken template is refused with the file, the line or element, and the problem."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gojokai_desktop.printing.fit import fit_text
from gojokai_desktop.printing.fonts import CID_MINCHO, register_fonts
from gojokai_desktop.printing.templates import TemplateError, load_template, parse_template

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "printing"
HEAD = 'title = "テスト様式"\npaper = "A4"\n'


def _error(text: str, source: str = "test.toml") -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_template(text, source)
    return info.value


def test_toml_syntax_error_names_file_and_line() -> None:
    error = _error(HEAD + 'elements = [\n  { type = "text", x = 10, y = 10\n]\n', "入会.toml")
    assert str(error).startswith("入会.toml: 4行目")
    assert "TOML" in error.problem


def test_unknown_key_names_the_line_element_and_the_key() -> None:
    text = HEAD + (
        '[[elements]]\ntype = "text"\nx = 10\ny = 10\nw = 50\nh = 8\ntext = "氏名"\n'
        '[[elements]]\ntype = "field"\nx = 10\ny = 20\nw = 50\nh = 8\n'
        'name = "member.name"\nfont_size = 12\n'
    )
    error = _error(text)
    assert error.file == "test.toml"
    assert error.where.startswith("17行目 要素2")
    assert "未知のキー 'font_size'" in error.problem
    assert "size" in error.problem  # the keys that are allowed are listed


def test_unknown_field_name_suggests_the_close_one() -> None:
    text = HEAD + (
        "elements = [\n"
        '  { type = "text", x = 10, y = 10, w = 50, h = 8, text = "氏名" },\n'
        '  { type = "field", x = 10, y = 20, w = 50, h = 8, name = "member.nmae" },\n'
        "]\n"
    )
    error = _error(text)
    assert error.where.startswith("5行目 要素2")
    assert "未知のフィールド名 'member.nmae'" in error.problem
    assert "member.name" in error.problem


def test_element_off_the_page_is_refused_with_its_extent() -> None:
    text = HEAD + ('elements = [\n  { type = "box", x = 150, y = 280, w = 70, h = 10 },\n]\n')
    error = _error(text)
    assert error.where.startswith("4行目 要素1")
    assert "はみ出しています" in error.problem
    assert "右220" in error.problem


def test_table_column_not_in_the_table_is_refused() -> None:
    text = HEAD + (
        "elements = [\n"
        '  { type = "table", x = 15, y = 20, name = "family", rows = 3, columns = [\n'
        '      { title = "続柄", name = "relation", w = 20 },\n'
        '      { title = "年齢", name = "age", w = 20 } ] },\n'
        "]\n"
    )
    error = _error(text)
    assert "列2" in error.where
    assert "列 'age' はありません" in error.problem


def test_wrong_value_type_and_bad_choice_are_refused() -> None:
    bad_type = _error(
        HEAD + 'elements = [\n  { type = "box", x = "10", y = 1, w = 5, h = 5 },\n]\n'
    )
    assert "'x' は数値で書いてください" in bad_type.problem
    bad_align = _error(
        HEAD + 'elements = [\n  { type = "text", x = 10, y = 10, w = 5, h = 5, text = "a",'
        ' align = "middle" },\n]\n'
    )
    assert "'align' に 'middle' は使えません" in bad_align.problem


def test_broken_fixture_files_give_file_and_problem() -> None:
    for path in sorted(FIXTURES.glob("broken_*.toml")):
        with pytest.raises(TemplateError) as info:
            load_template(path)
        assert info.value.file == path.name
        assert info.value.problem


def test_fit_shrinks_before_it_wraps_and_wraps_before_it_cuts() -> None:
    fonts = register_fonts()
    text = "福島県福島市杉妻町2番16号"
    one_line = fit_text(text, fonts.mincho, 100, 20, size=12, min_size=6)
    assert one_line.lines == (text,)
    assert one_line.size < 12
    wrapped = fit_text(text * 3, fonts.mincho, 100, 40, size=12, min_size=8)
    assert len(wrapped.lines) > 1
    assert not wrapped.truncated
    cut = fit_text(text * 40, fonts.mincho, 100, 20, size=12, min_size=8)
    assert cut.truncated
    assert cut.lines[-1].endswith("…")


def test_without_japanese_fonts_cid_fonts_are_used_with_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    with caplog.at_level(logging.WARNING):
        fonts = register_fonts(directories=(tmp_path,))
    assert fonts.mincho == CID_MINCHO
    assert not fonts.embedded
    assert "no Japanese TrueType font" in caplog.text


def test_configured_font_path_wins(tmp_path: Path) -> None:
    system = register_fonts()
    gothic_file = Path(system.gothic_source)
    fonts = register_fonts(mincho_path=gothic_file, directories=(tmp_path,))
    assert fonts.embedded
    assert fonts.mincho_source == str(gothic_file)
    register_fonts.cache_clear()
    register_fonts()  # restore the system faces for the other tests


def test_the_readme_example_is_a_valid_template(tmp_path: Path) -> None:
    readme = Path(__file__).resolve().parents[3] / "forms" / "README.md"
    text = readme.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    template = parse_template(example, "certificate.toml")
    assert template.title == "受講証"
    assert (template.width, template.height) == (210.0, 148.0)
    assert [e.kind for e in template.elements] == [
        "text",
        "field",
        "field",
        "field",
        "field",
        "seal",
    ]
