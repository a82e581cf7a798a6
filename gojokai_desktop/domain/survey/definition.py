"""The survey file (one TOML file per year's survey): its questions, and every problem in it.

The format the council or a clerk writes (names kept from issue 15, more added)::

    [survey]
    title = "令和7年度 互助会運営状況調査"
    fiscal_year = 2025              # the year the figures are about (or "令和7年度")
    template = "council_2025.xlsx"  # the council's workbook, relative to this file; optional
    series = "互助会運営状況調査"     # the survey across years; default: the title minus its year
    council = "福島県勤労者互助会連絡協議会"   # who asks; optional
    deadline = 2026-06-30           # 提出期限; optional

    [[question]]
    id = "members_end"              # unique in the file
    text = "年度末会員数"
    cell = "調査票!D6"               # sheet!cell in the template; optional without a template
    source = "members.count_at_end" # a figure the program computes; omit it for a free answer
    kind = "number"                 # number | yen | text | date | choice (with choices = [...])
    section = "1 会員の状況"          # heading the questions are grouped under; optional
    unit = "人"                      # shown beside the answer; optional
    hint = "3月31日現在"              # a note for the clerk; optional
    required = true                 # false: an empty answer is not listed as unanswered
    previous_id = "members_at_end"  # the same question's id in last year's file, if renamed

Parsing never stops at the first mistake: every problem is collected, each naming the question
(its id and text) and what is expected, so the clerk or the council fixes the file in one go.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.survey.cells import CellRef, parse_cell
from gojokai_desktop.domain.survey.values import KIND_LABELS, KINDS, compatible
from gojokai_desktop.domain.wareki import ERAS, parse_date

SURVEY_KEYS = ("title", "fiscal_year", "template", "series", "council", "deadline", "note")
QUESTION_KEYS = (
    "id", "text", "cell", "source", "kind", "choices",
    "section", "unit", "hint", "required", "previous_id",
)  # fmt: skip
SEVERITIES = ("error", "warning")
_YEAR_PREFIX_RE = re.compile(
    r"^\s*(?:(?:令和|平成|昭和|[RHS])\s*(?:[0-9]+|元)|[0-9]{4})\s*年度\s*(?:版)?\s*"
)
_ERA_YEAR_RE = re.compile(r"(?P<era>令和|平成|昭和|[RHS])\s*(?P<year>[0-9]+|元)\s*(?:年度?)?")


@dataclass(frozen=True)
class Question:
    """One question of the survey; ``number`` is its place in the file (1, 2, …)."""

    id: str
    text: str
    number: int
    kind: str
    cell: CellRef | None = None
    source: str | None = None
    choices: tuple[str, ...] = ()
    section: str = ""
    unit: str = ""
    hint: str = ""
    required: bool = True
    previous_id: str = ""

    @property
    def is_computed(self) -> bool:
        return self.source is not None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Survey:
    """A year's survey: what it is called, which year it asks about, and its questions."""

    title: str
    fiscal_year: int
    series: str
    questions: tuple[Question, ...]
    template: str | None = None
    council: str = ""
    deadline: dt.date | None = None
    note: str = ""

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the questions name, once each, in the order of the file."""
        return tuple(dict.fromkeys(q.source for q in self.questions if q.source))


@dataclass(frozen=True)
class Problem:
    """A mistake in the survey, its template or an answer.

    ``error``: nothing is written until it is fixed. ``warning``: the clerk is told before
    writing and may go on (a question without a cell, what the template would lose).
    """

    message: str
    question_id: str = ""
    question_text: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        if not self.question_id:
            return self.message
        text = f"（{self.question_text}）" if self.question_text else ""
        return f"質問「{self.question_id}」{text}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class ParsedSurvey:
    """The survey as far as it could be read, and every problem found on the way."""

    survey: Survey | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def nearest_names(name: str, known: Sequence[str], count: int = 3) -> list[str]:
    """The known names closest to a mistyped one (difflib), best first."""
    return difflib.get_close_matches(name, list(known), n=count, cutoff=0.5)


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    near = nearest_names(name, known)
    return f"（近い名前: {'、'.join(near)}）" if near else ""


def series_of(title: str) -> str:
    """The survey's name without its year: 「令和7年度 互助会運営状況調査」→「互助会運営状況調査」,
    so last year's answers are found under the same name."""
    stripped = _YEAR_PREFIX_RE.sub("", unicodedata.normalize("NFKC", title)).strip()
    return stripped or title.strip()


def parse_fiscal_year(value: object) -> int:
    """2025, "2025", "令和7年度", "R7" → 2025 (a fiscal year is the year it starts in)."""
    if isinstance(value, bool):
        raise ValidationError('年度は 2025 や "令和7年度" の形で書いてください', "fiscal_year")
    if isinstance(value, int):
        year = value
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().upper()
        text = text.removesuffix("年度")
        match = _ERA_YEAR_RE.fullmatch(text)
        if text.isdigit():
            year = int(text)
        elif match is not None:
            era = next(e for e in ERAS if match["era"] in (e.name, e.letter))
            number = 1 if match["year"] == "元" else int(match["year"])
            year = era.start.year + number - 1
        else:
            raise ValidationError(
                f'年度「{value}」が読めません（2025 や "令和7年度" の形で書いてください）',
                "fiscal_year",
            )
    else:
        raise ValidationError('年度は 2025 や "令和7年度" の形で書いてください', "fiscal_year")
    if not 1990 <= year <= 2100:
        raise ValidationError(f"年度 {year} は範囲外です（1990〜2100）", "fiscal_year")
    return year


def _text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValidationError(f'{what}は文字列（"…"）で書いてください', what)
    text = value.strip()
    if len(text) > limit:
        raise ValidationError(f"{what}が長すぎます（{limit}文字まで）", what)
    return text


class _QuestionReader:
    """Reads one [[question]] table, collecting problems instead of stopping."""

    def __init__(
        self, number: int, data: Mapping[str, Any], source_kind: Callable[[str], str | None]
    ) -> None:
        self.number = number
        self.data = data
        self.source_kind = source_kind
        self.problems: list[Problem] = []
        raw_id = data.get("id")
        self.id = raw_id.strip() if isinstance(raw_id, str) else ""
        raw_text = data.get("text")
        self.text = raw_text.strip() if isinstance(raw_text, str) else ""

    def problem(self, message: str, severity: str = "error") -> None:
        label = self.id or f"{self.number}番目"
        self.problems.append(Problem(message, label, self.text, severity))

    def optional_text(self, key: str, limit: int) -> str:
        value = self.data.get(key, "")
        try:
            return _text(value, key, limit)
        except ValidationError as error:
            self.problem(error.message)
            return ""

    def read(self) -> Question | None:
        unknown = [k for k in self.data if k not in QUESTION_KEYS]
        for key in unknown:
            self.problem(
                f"「{key}」という項目は使えません{_did_you_mean(key, QUESTION_KEYS)}", "warning"
            )
        if not self.id:
            self.problem('id がありません（例: id = "members_end"）')
        elif len(self.id) > 60 or any(c.isspace() for c in self.id):
            self.problem("id は空白なしの60文字までで書いてください")
        if not self.text:
            self.problem("text（質問文）がありません")
        cell = self._cell()
        source = self._source()
        kind = self._kind(source)
        choices = self._choices(kind)
        required = self.data.get("required", True)
        if not isinstance(required, bool):
            self.problem("required は true か false で書いてください")
            required = True
        question = Question(
            id=self.id,
            text=self.text,
            number=self.number,
            kind=kind,
            cell=cell,
            source=source,
            choices=choices,
            section=self.optional_text("section", 100),
            unit=self.optional_text("unit", 10),
            hint=self.optional_text("hint", 400),
            required=required,
            previous_id=self.optional_text("previous_id", 60),
        )
        return question if self.id and self.text else None

    def _cell(self) -> CellRef | None:
        raw = self.data.get("cell")
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.problem('cell は "調査票!D6" の形の文字列で書いてください')
            return None
        try:
            return parse_cell(raw)
        except ValidationError as error:
            self.problem(error.message)
            return None

    def _source(self) -> str | None:
        raw = self.data.get("source")
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw.strip():
            self.problem('source は計算元の名前（例: "members.count_at_end"）で書いてください')
            return None
        return raw.strip()

    def _kind(self, source: str | None) -> str:
        raw = self.data.get("kind")
        source_kind = self.source_kind(source) if source else None
        if raw is None:
            return source_kind or ("number" if source else "text")
        if raw not in KINDS:
            self.problem(
                f"kind「{raw}」は使えません（{' | '.join(KINDS)}）{_did_you_mean(str(raw), KINDS)}"
            )
            return source_kind or "text"
        kind = str(raw)
        if source_kind is not None and not compatible(kind, source_kind):
            self.problem(
                f"{KIND_LABELS[kind]}の質問ですが、計算元 {source} は"
                f'{KIND_LABELS[source_kind]}です（kind を "{source_kind}" にするか、'
                "計算元を見直してください）"
            )
        return kind

    def _choices(self, kind: str) -> tuple[str, ...]:
        raw = self.data.get("choices")
        if raw is None:
            if kind == "choice":
                self.problem('選択の質問には choices = ["はい", "いいえ"] のように選択肢が要ります')
            return ()
        if not isinstance(raw, list) or not all(isinstance(c, str) and c.strip() for c in raw):
            self.problem('choices は文字列のリストで書いてください（例: ["はい", "いいえ"]）')
            return ()
        choices = tuple(c.strip() for c in raw)
        if len(set(choices)) != len(choices):
            self.problem("choices に同じ選択肢が2回あります")
        if kind != "choice":
            self.problem('choices は kind = "choice" の質問でだけ使います', "warning")
        return choices


def _survey_table(data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any] | None:
    table = data.get("survey")
    if not isinstance(table, dict):
        problems.append(
            Problem("[survey] の表がありません（title と fiscal_year を書いてください）")
        )
        return None
    for key in table:
        if key not in SURVEY_KEYS:
            problems.append(
                Problem(
                    f"[survey] の「{key}」という項目は使えません{_did_you_mean(key, SURVEY_KEYS)}",
                    severity="warning",
                )
            )
    return table


def _header(table: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    header: dict[str, Any] = {"title": "", "fiscal_year": 0, "template": None, "deadline": None}
    try:
        header["title"] = _text(table.get("title", ""), "title", 200)
        if not header["title"]:
            problems.append(Problem("[survey] に title（調査の名前）がありません"))
    except ValidationError as error:
        problems.append(Problem(f"[survey] の {error.message}"))
    if "fiscal_year" not in table:
        problems.append(
            Problem("[survey] に fiscal_year（どの年度の数字か。例: 2025）がありません")
        )
    else:
        try:
            header["fiscal_year"] = parse_fiscal_year(table["fiscal_year"])
        except ValidationError as error:
            problems.append(Problem(f"[survey] の {error.message}"))
    for key, limit in (("template", 260), ("series", 100), ("council", 100), ("note", 1000)):
        if key in table:
            try:
                header[key] = _text(table[key], key, limit) or None
            except ValidationError as error:
                problems.append(Problem(f"[survey] の {error.message}"))
    deadline = table.get("deadline")
    if isinstance(deadline, dt.date) and not isinstance(deadline, dt.datetime):
        header["deadline"] = deadline
    elif isinstance(deadline, str):
        try:
            header["deadline"] = parse_date(deadline, "deadline")
        except ValidationError as error:
            problems.append(Problem(f"[survey] の deadline: {error.message}"))
    elif deadline is not None:
        problems.append(
            Problem('[survey] の deadline は 2026-06-30 や "令和8年6月30日" で書いてください')
        )
    return header


def _questions(
    data: Mapping[str, Any],
    source_kind: Callable[[str], str | None],
    problems: list[Problem],
) -> list[Question]:
    raw = data.get("question", [])
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("質問（[[question]]）が1つもありません"))
        return []
    questions: list[Question] = []
    for number, table in enumerate(raw, start=1):
        if not isinstance(table, dict):
            problems.append(Problem(f"{number}番目の [[question]] が表になっていません"))
            continue
        reader = _QuestionReader(number, table, source_kind)
        question = reader.read()
        problems.extend(reader.problems)
        if question is not None:
            questions.append(question)
    return questions


def _duplicates(questions: Sequence[Question], problems: list[Problem]) -> None:
    first_by_id: dict[str, Question] = {}
    first_by_cell: dict[tuple[str, int, int], Question] = {}
    for q in questions:
        earlier = first_by_id.setdefault(q.id, q)
        if earlier is not q:
            problems.append(
                Problem(
                    f"id が{earlier.number}番目の質問と同じです（id は重ならないように）",
                    q.id,
                    q.text,
                )
            )
        if q.cell is None:
            continue
        key = (q.cell.sheet, q.cell.row, q.cell.column)
        other = first_by_cell.setdefault(key, q)
        if other is not q:
            problems.append(
                Problem(
                    f"セル {q.cell} は質問「{other.id}」（{other.text}）と同じセルです"
                    "（1つのセルに答えられるのは1問だけです）",
                    q.id,
                    q.text,
                )
            )


def parse_survey(
    data: Mapping[str, Any], source_kind: Callable[[str], str | None] = lambda _name: None
) -> ParsedSurvey:
    """Read the parsed TOML of a survey file. ``source_kind`` gives the kind of a known source
    (number, yen, text) so a question without ``kind`` takes its source's, and a text question
    with a number source (or the reverse) is named."""
    problems: list[Problem] = []
    table = _survey_table(data, problems)
    header = _header(table, problems) if table is not None else None
    for key in data:
        if key not in ("survey", "question"):
            hint = _did_you_mean(key, ("survey", "question"))
            problems.append(Problem(f"「{key}」という表は使えません{hint}", severity="warning"))
    questions = _questions(data, source_kind, problems)
    _duplicates(questions, problems)
    if header is None or not header["title"] or not header["fiscal_year"] or not questions:
        return ParsedSurvey(None, tuple(problems))
    unique: list[Question] = []
    for question in questions:
        if all(q.id != question.id for q in unique):
            unique.append(question)
    survey = Survey(
        title=header["title"],
        fiscal_year=header["fiscal_year"],
        series=header.get("series") or series_of(header["title"]),
        questions=tuple(unique),
        template=header["template"],
        council=header.get("council") or "",
        deadline=header["deadline"],
        note=header.get("note") or "",
    )
    return ParsedSurvey(survey, tuple(problems))
