"""Survey subcommands: ``gojokai survey sources``, ``survey check`` and ``survey fill``."""

from __future__ import annotations

import argparse
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop.cli._session import add_db_arguments, open_context

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.domain.survey.definition import Problem
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import OpenedDatabase
    from gojokai_desktop.services.survey.filling import SurveyFill


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    survey = subparsers.add_parser(
        "survey", help="アンケート（連絡協議会の調査）: 計算元の一覧・確認・記入"
    )
    commands = survey.add_subparsers(dest="survey_command", metavar="COMMAND")

    sources = commands.add_parser("sources", help="計算元（source）の名前と意味の一覧")
    sources.add_argument(
        "--fiscal-year", type=int, help="その年度の給付の種類・科目ごとの名前も表示（例: 2025）"
    )
    add_db_arguments(sources, user=False)
    sources.set_defaults(func=_run_sources)

    check = commands.add_parser(
        "check", help="アンケートのファイルと協議会の様式を確かめる（問題は質問ごとに表示）"
    )
    check.add_argument("survey_file", metavar="SURVEY.toml", help="アンケートのファイル")
    check.add_argument("--fiscal-year", type=int, help="年度（省略: ファイルの fiscal_year）")
    add_db_arguments(check, user=False)
    check.set_defaults(func=_run_check)

    fill = commands.add_parser(
        "fill",
        help="帳簿から計算して記入し、協議会の様式（なければ標準の様式）に書き出す",
    )
    fill.add_argument("survey_file", metavar="SURVEY.toml", help="アンケートのファイル")
    fill.add_argument("--fiscal-year", type=int, help="年度（省略: ファイルの fiscal_year）")
    fill.add_argument(
        "--answers", metavar="FILE.toml", help="手で答える質問の答え（id = 答え）のファイル"
    )
    fill.add_argument("--out", required=True, metavar="FILE.xlsx", help="出力先のブック")
    fill.add_argument("--pdf", metavar="FILE.pdf", help="質問と回答のPDFも出力する")
    add_db_arguments(fill)
    fill.set_defaults(func=_run_fill)

    def _help(_args: argparse.Namespace) -> int:
        survey.print_help()
        return 2

    survey.set_defaults(func=_help)


def _context(args: argparse.Namespace, *, write: bool) -> tuple[OpenedDatabase, AppContext]:
    """The database opened like the GUI. The survey's figures are totals (no person's
    data): reading them needs no login; writing the answers acts as a named user."""
    return open_context(args, write=write, personal=False)


def _run_sources(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.survey.sources import PATTERNS, list_sources

    if args.fiscal_year is None:
        infos = list_sources()
    else:
        opened, ctx = _context(args, write=False)
        try:
            infos = list_sources(ctx, args.fiscal_year)
        finally:
            opened.close()
    shown = [*infos, *(() if args.fiscal_year else PATTERNS)]
    width = max(_width(info.name) for info in shown)
    for info in shown:
        unit = f"（{info.unit}）" if info.unit else ""
        padding = " " * (width - _width(info.name))
        print(f"{info.name}{padding}  {info.meaning}{unit}")
    return 0


def _width(text: str) -> int:
    """Columns on a terminal: full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


def _print_problems(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        label = "エラー" if problem.is_error else "注意"
        print(f"{label}: {problem}", file=sys.stderr)


def _run_check(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.survey.files import check_survey, load_survey_file

    try:
        file = load_survey_file(Path(args.survey_file))
    except ValidationError as error:
        print(str(error), file=sys.stderr)
        return 1
    opened, ctx = _context(args, write=False)
    try:
        check = check_survey(ctx, file, args.fiscal_year)
    finally:
        opened.close()
    _print_problems(check.problems)
    survey = file.survey
    if check.errors:
        print(f"直すところが {len(check.errors)}件あります（注意 {len(check.warnings)}件）")
        return 1
    assert survey is not None
    sheets = f"、様式のシート: {'・'.join(check.template_sheets)}" if check.template_sheets else ""
    print(
        f"{survey.title}: 質問 {len(survey.questions)}問、問題はありません"
        f"（注意 {len(check.warnings)}件{sheets}）"
    )
    return 0


def read_answers(path: Path) -> dict[str, tuple[object, str]]:
    """The answers file: ``id = value`` or ``id = { value = …, note = "理由" }``."""
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.untrusted import check_text_file

    try:
        # A file from outside: its size and UTF-8 checked before it is parsed.
        text = check_text_file(path, max_bytes=512 * 1024, kind="答えのファイル")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"{path.name} が読めません（{error}）", "答えのファイル") from error
    answers: dict[str, tuple[object, str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            if "value" not in value:
                raise ValidationError(f"{key}: value = … がありません", "答えのファイル")
            answers[key] = (value["value"], str(value.get("note", "")))
        else:
            answers[key] = (value, "")
    return answers


def _write(ctx: AppContext, fill: SurveyFill, out: Path, pdf: str | None) -> str:
    from gojokai_desktop.services.survey.writing import (
        print_survey,
        write_council_workbook,
        write_standard_workbook,
    )

    if fill.file.template is not None:
        written = write_council_workbook(ctx, fill, out)
    else:
        written = write_standard_workbook(ctx, fill, out)
    message = written.message.split("\n")[0]
    if pdf:
        pages = print_survey(ctx, fill, Path(pdf))
        message += f"\n質問と回答のPDF（{pages}ページ）を出力しました: {pdf}"
    return message


def _run_fill(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationError
    from gojokai_desktop.services.survey.files import check_survey, load_survey_file
    from gojokai_desktop.services.survey.filling import apply_answers, fill_survey

    out = Path(args.out)
    try:
        file = load_survey_file(Path(args.survey_file))
        answers = read_answers(Path(args.answers)) if args.answers else {}
    except ValidationError as error:
        print(str(error), file=sys.stderr)
        return 1
    opened, ctx = _context(args, write=True)
    try:
        check = check_survey(ctx, file, args.fiscal_year)
        # Everything the template would lose, and every other warning, is said before writing.
        _print_problems(check.problems)
        if check.errors:
            print(
                f"直すところが {len(check.errors)}件あります。書き出しませんでした", file=sys.stderr
            )
            return 1
        fill = fill_survey(ctx, file, args.fiscal_year)
        if answers:
            fill = apply_answers(ctx, fill, answers)
        message = _write(ctx, fill, out, args.pdf)
    except PermissionDenied:
        raise  # the role's refusal has its own exit code
    except (ValidationError, RuleViolation) as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        opened.close()
    print(message)
    print(fill.summary)
    if fill.unanswered:
        print(f"未回答: {' '.join(fill.unanswered)}", file=sys.stderr)
    return 0
