"""Form templates (様式) as TOML: loading and validation with messages a clerk can act on."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gojokai_desktop.printing.catalogue import FIELDS, TABLES, is_known_field

PAPER_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B5": (182.0, 257.0),
    "A3": (297.0, 420.0),
}
FORMATS = frozenset(
    {
        "text",
        "era_date",
        "era_date_weekday",
        "era_date_short",
        "yen",
        "yen_symbol",
        "report_yen",
        "number",
        "postal",
        "kana",
        "account_masked",
        "checkmark",
    }
)
FACES = frozenset({"mincho", "gothic"})
ORIENTATIONS = frozenset({"portrait", "landscape"})
ALIGNS = frozenset({"left", "center", "right"})
VALIGNS = frozenset({"top", "middle", "bottom"})
PAGES = frozenset({"all", "first", "last"})
COLORS = frozenset({"black", "red", "gray"})

_NUM = (int, float)
# key -> (accepted types, default); a default of ... means the key is required.
_Spec = dict[str, tuple[tuple[type, ...], Any]]
_COMMON: _Spec = {
    "type": ((str,), ...),
    "x": (_NUM, ...),
    "y": (_NUM, ...),
    "pages": ((str,), "all"),
    "when": ((str,), ""),
}
_BOX: _Spec = {"w": (_NUM, ...), "h": (_NUM, ...)}
_TEXT_STYLE: _Spec = {
    "font": ((str,), ""),
    "size": (_NUM, 0),
    "min_size": (_NUM, 6.0),
    "align": ((str,), "left"),
    "valign": ((str,), "middle"),
    "wrap": ((bool,), True),
    "color": ((str,), "black"),
    "padding": (_NUM, 1.0),
}
SCHEMAS: dict[str, _Spec] = {
    "text": {
        **_COMMON,
        **_BOX,
        **_TEXT_STYLE,
        "text": ((str,), ...),
        "frame": ((bool,), False),
        "fill": (_NUM, -1),
        "line_width": (_NUM, 0.5),
    },
    "field": {
        **_COMMON,
        **_BOX,
        **_TEXT_STYLE,
        "name": ((str,), ...),
        "format": ((str,), "text"),
        "prefix": ((str,), ""),
        "suffix": ((str,), ""),
        "blank": ((str,), ""),
        "label": ((str,), ""),
        "label_w": (_NUM, 0),
        "label_size": (_NUM, 0),
        "label_fill": (_NUM, 0.92),
        "frame": ((bool,), False),
        "line_width": (_NUM, 0.5),
        "underline": ((bool,), False),
    },
    "box": {
        **_COMMON,
        **_BOX,
        "line_width": (_NUM, 0.5),
        "fill": (_NUM, -1),
        "dash": ((bool,), False),
        "label": ((str,), ""),
        "label_size": (_NUM, 7.0),
        "font": ((str,), ""),
    },
    "line": {
        **_COMMON,
        "x2": (_NUM, ...),
        "y2": (_NUM, ...),
        "line_width": (_NUM, 0.5),
        "dash": ((bool,), False),
    },
    "checkbox": {
        **_COMMON,
        "size": (_NUM, 3.5),
        "label": ((str,), ""),
        "name": ((str,), ""),
        "value": ((str,), ""),
        "font": ((str,), ""),
        "text_size": (_NUM, 0),
    },
    "seal": {
        **_COMMON,
        "d": (_NUM, 12.0),
        "label": ((str,), "印"),
        "dash": ((bool,), False),
        "font": ((str,), ""),
    },
    "digits": {
        **_COMMON,
        **_BOX,
        "name": ((str,), ...),
        "count": ((int,), 8),
        "yen": ((bool,), True),
        "size": (_NUM, 14.0),
        "font": ((str,), ""),
        "line_width": (_NUM, 0.5),
    },
    "textarea": {
        **_COMMON,
        **_BOX,
        **_TEXT_STYLE,
        "name": ((str,), ...),
        "format": ((str,), "text"),
        "blank": ((str,), ""),
        "ruled": (_NUM, 0),
        "frame": ((bool,), False),
        "line_width": (_NUM, 0.5),
    },
    "table": {
        **_COMMON,
        "name": ((str,), ...),
        "columns": ((list,), ...),
        "min_size": (_NUM, 7.0),
        "rows": ((int,), ...),
        "row_h": (_NUM, 7.0),
        "header_h": (_NUM, 7.0),
        "size": (_NUM, 0),
        "font": ((str,), ""),
        "header_font": ((str,), "gothic"),
        "header_fill": (_NUM, 0.92),
        "line_width": (_NUM, 0.5),
    },
    "page_number": {
        **_COMMON,
        **_BOX,
        "format": ((str,), "{page} / {pages}"),
        "size": (_NUM, 9.0),
        "align": ((str,), "center"),
        "font": ((str,), ""),
    },
}
COLUMN_SCHEMA: _Spec = {
    "title": ((str,), ""),
    "name": ((str,), ...),
    "w": (_NUM, ...),
    "format": ((str,), "text"),
    "align": ((str,), "left"),
}
FORM_SCHEMA: _Spec = {
    "title": ((str,), ...),
    "description": ((str,), ""),
    "paper": ((str,), "A4"),
    "orientation": ((str,), "portrait"),
    "margin": (_NUM, 5.0),
    "font": ((str,), "mincho"),
    "size": (_NUM, 10.5),
}


class TemplateError(ValueError):
    """A template that cannot be used: names the file, the line or element, and the problem."""

    def __init__(self, file: str, where: str, problem: str) -> None:
        self.file = file
        self.where = where
        self.problem = problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


@dataclass(frozen=True)
class Column:
    """One column of a repeating table: its heading, the row key it shows, width in mm."""

    title: str
    name: str
    w: float
    format: str
    align: str


@dataclass(frozen=True)
class Element:
    """One thing drawn on the form; ``opts`` holds every key of its type with defaults filled."""

    kind: str
    index: int
    line: int
    opts: Mapping[str, Any]
    columns: tuple[Column, ...] = ()

    def __getitem__(self, key: str) -> Any:
        return self.opts[key]

    @property
    def label(self) -> str:
        """How messages and reports name this element: number and bound field or text."""
        what = self.opts.get("name") or self.opts.get("text") or self.opts.get("label") or ""
        return (
            f"要素{self.index} ({self.kind} '{what}')"
            if what
            else f"要素{self.index} ({self.kind})"
        )

    def extent(self) -> tuple[float, float, float, float]:
        """Left, top, right and bottom in mm (tables include all their rows)."""
        x, y = float(self["x"]), float(self["y"])
        if self.kind == "line":
            return min(x, self["x2"]), min(y, self["y2"]), max(x, self["x2"]), max(y, self["y2"])
        if self.kind == "seal":
            r = self["d"] / 2
            return x - r, y - r, x + r, y + r
        if self.kind == "checkbox":
            return x, y, x + self["size"], y + self["size"]
        if self.kind == "table":
            width = sum(c.w for c in self.columns)
            return x, y, x + width, y + self["header_h"] + self["rows"] * self["row_h"]
        return x, y, x + self["w"], y + self["h"]


@dataclass(frozen=True)
class FormTemplate:
    """A parsed, validated template; sizes in mm from the top-left corner of the paper."""

    source: str
    title: str
    description: str
    width: float
    height: float
    margin: float
    font: str
    size: float
    elements: tuple[Element, ...] = field(default_factory=tuple)

    @property
    def stem(self) -> str:
        """The form's id: its file name without ``.toml``."""
        return Path(self.source).stem

    def table(self) -> Element | None:
        """The repeating table, if the form has one (a form has at most one)."""
        return next((e for e in self.elements if e.kind == "table"), None)


def load_template(path: Path) -> FormTemplate:
    """Read and validate the template at ``path``; raise :class:`TemplateError` if broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path.name, "", f"読み込めません ({exc})") from exc
    return parse_template(text, path.name)


def parse_template(text: str, source: str) -> FormTemplate:
    """Validate template TOML ``text``; ``source`` names the file in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"{match.group(1)}行目" if match else ""
        raise TemplateError(source, where, f"TOMLの書式の誤り ({exc})") from exc
    return _Parser(text, source).form(data)


_HEADER = re.compile(r"^\s*\[\[\s*elements\s*\]\]")
_ARRAY_START = re.compile(r"^\s*elements\s*=\s*\[")


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source
        self.starts = self._element_starts()

    def fail(self, where: str, problem: str) -> TemplateError:
        return TemplateError(self.source, where, problem)

    def _element_starts(self) -> list[int]:
        """1-based first lines of the elements, written as ``[[elements]]`` tables or as
        one inline table per line inside ``elements = [ ... ]``."""
        headers = [n for n, line in enumerate(self.lines, 1) if _HEADER.match(line)]
        if headers:
            return headers
        starts: list[int] = []
        inside = False
        for number, line in enumerate(self.lines, 1):
            if _ARRAY_START.match(line):
                inside = True
            elif inside and line.lstrip().startswith("{"):
                starts.append(number)
            elif inside and line.strip() == "]":
                break
        return starts

    def _line_of(self, index: int, key: str | None = None) -> int:
        """Line of element ``index`` (1-based), or of its ``key`` when it has a line of its own."""
        if index > len(self.starts):
            return 0
        start = self.starts[index - 1]
        if key is None:
            return start
        end = self.starts[index] if index < len(self.starts) else len(self.lines) + 1
        key_pattern = re.compile(rf"(^|[{{,])\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if key_pattern.search(self.lines[number - 1]):
                return number
        return start

    def _where(self, index: int, key: str | None = None, what: str = "") -> str:
        line = self._line_of(index, key)
        label = f"要素{index}" + (f" ({what})" if what else "")
        return f"{line}行目 {label}" if line else label

    def _check(self, spec: _Spec, raw: Mapping[str, Any], where: Any) -> dict[str, Any]:
        """Apply ``spec``: refuse unknown or mistyped keys, fill defaults."""
        for key in raw:
            if key not in spec:
                known = "、".join(sorted(spec))
                raise self.fail(where(key), f"未知のキー '{key}' (使えるキー: {known})")
        out: dict[str, Any] = {}
        for key, (types, default) in spec.items():
            if key not in raw:
                if default is ...:
                    raise self.fail(where(None), f"キー '{key}' がありません")
                out[key] = default
                continue
            value = raw[key]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                names = "数値" if types == _NUM else "・".join(t.__name__ for t in types)
                raise self.fail(where(key), f"'{key}' は{names}で書いてください (値: {value!r})")
            out[key] = value
        return out

    def form(self, data: Mapping[str, Any]) -> FormTemplate:
        def top_line(key: str | None) -> str:
            if key is None:
                return ""
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            number = next((n for n, t in enumerate(self.lines, 1) if pattern.match(t)), 0)
            return f"{number}行目 '{key}'" if number else f"'{key}'"

        form = self._check({**FORM_SCHEMA, "elements": ((list,), [])}, data, top_line)
        for key, allowed in (
            ("paper", set(PAPER_MM)),
            ("orientation", ORIENTATIONS),
            ("font", FACES),
        ):
            if form[key] not in allowed:
                raise self.fail(
                    top_line(key),
                    f"'{key}' に '{form[key]}' は使えません ({'、'.join(sorted(allowed))})",
                )
        width, height = PAPER_MM[form["paper"]]
        if form["orientation"] == "landscape":
            width, height = height, width
        raw_elements = form["elements"]
        elements = tuple(self.element(i, raw, form) for i, raw in enumerate(raw_elements, 1))
        if sum(1 for e in elements if e.kind == "table") > 1:
            raise self.fail("", "繰り返し表 (table) は1様式に1つまでです")
        template = FormTemplate(
            self.source,
            form["title"],
            form["description"],
            width,
            height,
            float(form["margin"]),
            form["font"],
            float(form["size"]),
            elements,
        )
        for element in elements:
            self._check_on_page(element, template)
        return template

    def element(self, index: int, raw: Any, form: Mapping[str, Any]) -> Element:
        if not isinstance(raw, dict):
            raise self.fail(f"要素{index}", "要素は [[elements]] の表で書いてください")
        kind = raw.get("type")
        if kind not in SCHEMAS:
            raise self.fail(
                self._where(index, "type"),
                f"未知の要素の種類 '{kind}' (使える種類: {'、'.join(SCHEMAS)})",
            )
        what = f"{kind} '{raw.get('name') or raw.get('text') or ''}'"
        opts = self._check(SCHEMAS[kind], raw, lambda key: self._where(index, key, what))
        self._check_values(index, kind, opts, what)
        if not opts.get("font"):
            opts["font"] = form["font"]
        for key in ("size", "text_size", "label_size"):
            if key in opts and not opts[key]:
                opts[key] = float(form["size"])
        columns: tuple[Column, ...] = ()
        if kind == "table":
            columns = self._columns(index, opts, what)
        return Element(kind, index, self._line_of(index), opts, columns)

    def _check_values(self, index: int, kind: str, opts: dict[str, Any], what: str) -> None:
        def bad(key: str, problem: str) -> TemplateError:
            return self.fail(self._where(index, key, what), problem)

        for key, allowed in (
            ("font", FACES),
            ("header_font", FACES),
            ("align", ALIGNS),
            ("valign", VALIGNS),
            ("pages", PAGES),
            ("color", COLORS),
        ):
            value = opts.get(key)
            if value and value not in allowed:
                raise bad(key, f"'{key}' に '{value}' は使えません ({'、'.join(sorted(allowed))})")
        for key in ("w", "h", "d", "count", "rows", "row_h", "header_h"):
            if key in opts and opts[key] <= 0:
                raise bad(key, f"'{key}' は正の数にしてください")
        for key in ("size", "min_size", "text_size", "label_size", "line_width", "padding"):
            if key in opts and opts[key] < 0:
                raise bad(key, f"'{key}' は0以上にしてください")
        fmt = opts.get("format") if kind != "page_number" else None
        if fmt and fmt not in FORMATS:
            raise bad("format", f"未知の書式 '{fmt}' (使える書式: {'、'.join(sorted(FORMATS))})")
        name = opts.get("name")
        if name and kind != "table" and name not in FIELDS:
            raise bad("name", f"未知のフィールド名 '{name}'" + _suggest(name))
        if kind == "table" and name not in TABLES:
            raise bad("name", f"未知の表の名前 '{name}' (使える表: {'、'.join(TABLES)})")
        when = opts.get("when")
        if when and not is_known_field(when):
            raise bad("when", f"未知のフィールド名 '{when}'" + _suggest(when))

    def _columns(self, index: int, opts: dict[str, Any], what: str) -> tuple[Column, ...]:
        table_keys = TABLES[opts["name"]]
        columns = []
        for number, raw in enumerate(opts["columns"], 1):

            def where(key: str | None, number: int = number) -> str:
                line = self._line_of(index)
                return f"{line}行目 要素{index} ({what}) の列{number}"

            if not isinstance(raw, dict):
                raise self.fail(where(None), "列は {title=..., name=..., w=...} で書いてください")
            col = self._check(COLUMN_SCHEMA, raw, where)
            if col["name"] not in table_keys:
                raise self.fail(
                    where("name"),
                    f"表 '{opts['name']}' に列 '{col['name']}' はありません"
                    f" (使える列: {'、'.join(table_keys)})",
                )
            if col["format"] not in FORMATS:
                raise self.fail(where("format"), f"未知の書式 '{col['format']}'")
            if col["align"] not in ALIGNS:
                raise self.fail(where("align"), f"'align' に '{col['align']}' は使えません")
            columns.append(
                Column(col["title"], col["name"], float(col["w"]), col["format"], col["align"])
            )
        if not columns:
            raise self.fail(self._where(index, "columns", what), "表に列がありません")
        return tuple(columns)

    def _check_on_page(self, element: Element, template: FormTemplate) -> None:
        left, top, right, bottom = element.extent()
        m = template.margin
        if (
            left < m - 1e-6
            or top < m - 1e-6
            or right > template.width - m + 1e-6
            or bottom > template.height - m + 1e-6
        ):
            raise self.fail(
                self._where(element.index, None, element.label.split(" ", 1)[-1].strip("()")),
                f"用紙からはみ出しています (左{left:g} 上{top:g} 右{right:g} 下{bottom:g} mm; "
                f"印刷できる範囲は 左右 {m:g}〜{template.width - m:g}、"
                f"上下 {m:g}〜{template.height - m:g} mm)",
            )


def _suggest(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, [*FIELDS, *TABLES], n=1)
    return f" — '{close[0]}' のことですか?" if close else ""
