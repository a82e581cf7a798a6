"""Opening a survey file and checking it (and its template) before anything is filled in.

The file is untrusted text: its size is limited, it is read as UTF-8 (a file saved as
Shift_JIS by Notepad is read too, with a word about it), a TOML mistake names the line. The
check names every problem by question: unknown sources with the nearest known names, cells on
missing sheets, inside merged ranges or on the council's formulas, two questions on one cell,
a number source in a text question and the reverse, what the template would lose.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.survey.definition import ParsedSurvey, Problem, Survey, parse_survey
from gojokai_desktop.exports.survey.template import CellTarget, TemplateError, inspect_template
from gojokai_desktop.services import untrusted
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import get_setting, put_setting
from gojokai_desktop.services.survey.sources import (
    scope_in,
    source_kind,
    unknown_sources_in,
)

MAX_SURVEY_BYTES = 512 * 1024
TEMPLATE_SUFFIXES = (".xlsx", ".xlsm")
# The council's template is opened whole (it is filled in place), so it is measured first by
# the checks every file from outside goes through (services/untrusted.py): a form of a few
# sheets, far under these.
TEMPLATE_LIMITS = untrusted.Limits(
    max_file_bytes=20 * 1024 * 1024,
    max_uncompressed_bytes=50 * 1024 * 1024,
    max_part_bytes=40 * 1024 * 1024,
    max_shared_strings_bytes=20 * 1024 * 1024,
    max_parts=3_000,
    content="協議会の様式",
)


def check_template_file(path: Path) -> None:
    """Refuse (RuleViolation, like every other fault of the template) a template that is
    not a sound workbook: empty, an old .xls or password-protected, not a zip, a zip bomb,
    too big. What is inside (DTDs, missing parts) the template's own guard looks at."""
    try:
        untrusted.check_zip_container(path, TEMPLATE_LIMITS, kind="Excelのブック（.xlsx）")
    except untrusted.UntrustedFileError as error:
        raise RuleViolation(f"様式 {error.message}") from error


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class SurveyFile:
    """A survey file as read: the survey (None when it could not be read) and its problems."""

    path: Path
    parsed: ParsedSurvey

    @property
    def survey(self) -> Survey | None:
        return self.parsed.survey

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.parsed.problems

    @property
    def template(self) -> Path | None:
        """The council's workbook, relative to the survey file."""
        survey = self.survey
        if survey is None or not survey.template:
            return None
        given = Path(survey.template)
        return given if given.is_absolute() else self.path.parent / given

    def require(self) -> Survey:
        if self.survey is None:
            raise ValidationError(
                "アンケートのファイルが読めません: "
                + "／".join(str(p) for p in self.parsed.errors),
                "アンケートのファイル",
            )
        return self.survey


@dataclass(frozen=True)
class SurveyCheck:
    """Everything the check found; errors stop the writing, warnings are told first."""

    problems: tuple[Problem, ...]
    template_sheets: tuple[str, ...] = ()
    losses: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def _decode(data: bytes, name: str) -> tuple[str, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"{name} の文字コードが読めません（UTF-8で保存してください）", "アンケートのファイル"
        ) from error
    note = Problem(
        f"{name} はShift_JISで保存されていたので読み替えました（UTF-8で保存すると確実です）",
        severity="warning",
    )
    return text, [note]


def load_survey_file(path: Path) -> SurveyFile:
    """Read and parse a survey file; a file that cannot be read at all raises ValidationError."""
    if not path.is_file():
        raise ValidationError(f"ファイル {path} が見つかりません", "アンケートのファイル")
    size = path.stat().st_size
    if size > MAX_SURVEY_BYTES:
        raise ValidationError(
            f"{path.name} は大きすぎます（{size:,}バイト。アンケートのファイルは512KBまで）",
            "アンケートのファイル",
        )
    text, notes = _decode(path.read_bytes(), path.name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_POSITION.search(message)
        place = f"{where[1]}行目 {where[2]}文字目" if where else "場所不明"
        detail = _TOML_POSITION.sub("", message).strip()
        problem = Problem(f"{path.name} のTOMLの書き方に誤りがあります（{place}）: {detail}")
        return SurveyFile(path, ParsedSurvey(None, (*notes, problem)))
    parsed = parse_survey(data, source_kind)
    return SurveyFile(path, ParsedSurvey(parsed.survey, (*notes, *parsed.problems)))


def _source_problems(ctx: AppContext, survey: Survey, fiscal_year: int) -> list[Problem]:
    with ctx.reader() as session:
        unknown = unknown_sources_in(scope_in(session, fiscal_year, ctx), survey.sources)
    problems = []
    for question in survey.questions:
        if question.source is None:
            continue
        if question.source in unknown:
            problems.append(Problem(unknown[question.source], question.id, question.text))
            continue
    return problems


def targets_of(survey: Survey) -> list[CellTarget]:
    """The questions that have a cell, as places in the template (without answers yet)."""
    return [
        CellTarget(q.id, q.text, q.cell, q.kind) for q in survey.questions if q.cell is not None
    ]


def _template_check(file: SurveyFile, survey: Survey, losses: bool) -> SurveyCheck:
    template = file.template
    if template is None:
        return SurveyCheck(())
    if template.suffix.lower() not in TEMPLATE_SUFFIXES:
        return SurveyCheck(
            (Problem(f"様式 {template.name} はExcelのブック（.xlsx）ではありません"),)
        )
    if not template.is_file():
        return SurveyCheck(
            (Problem(f"様式のファイル {template.name} が見つかりません"
                     f"（アンケートのファイルと同じフォルダ {template.parent} に置いてください）"),)
        )  # fmt: skip
    try:
        check_template_file(template)
    except RuleViolation as error:
        return SurveyCheck((Problem(error.message),))
    try:
        report = inspect_template(template, targets_of(survey), losses=losses)
    except TemplateError as error:
        return SurveyCheck((Problem(f"様式 {template.name}: {error.message}"),))
    problems = list(report.problems)
    for question in survey.questions:
        if question.cell is None:
            problems.append(
                Problem("セルの指定がないため、協議会の様式には書き込まれません"
                        "（標準の様式とPDFには入ります）", question.id, question.text, "warning")
            )  # fmt: skip
    problems += [
        Problem(f"様式 {template.name} の{loss}", severity="warning") for loss in report.losses
    ]
    return SurveyCheck(tuple(problems), report.sheets, report.losses)


def check_survey(
    ctx: AppContext, file: SurveyFile, fiscal_year: int | None = None, *, losses: bool = True
) -> SurveyCheck:
    """Every problem of the file, its sources (for ``fiscal_year``, default the survey's) and
    its template, each naming the question."""
    survey = file.survey
    if survey is None:
        return SurveyCheck(file.problems)
    year = fiscal_year or survey.fiscal_year
    template = _template_check(file, survey, losses)
    problems = (*file.problems, *_source_problems(ctx, survey, year), *template.problems)
    return SurveyCheck(problems, template.template_sheets, template.losses)


LAST_FILE_KEY = "survey.last_file"


def remember_survey_file(ctx: AppContext, path: Path) -> None:
    """The survey file opened last, so the next clerk (引継) finds it again."""
    with ctx.unit_of_work("アンケートのファイルを記録") as uow:
        put_setting(uow, LAST_FILE_KEY, str(path.resolve()))
        uow.commit()


def last_survey_file(ctx: AppContext) -> Path | None:
    """The survey file opened last, if it is still there."""
    with ctx.reader() as session:
        value = get_setting(session, LAST_FILE_KEY)
    path = Path(value) if isinstance(value, str) else None
    return path if path is not None and path.is_file() else None
