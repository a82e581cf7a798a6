"""Printing benchmarks: pre-filled forms and a roster PDF, each against raw ReportLab.

Run: ``python -m tests.benchmarks.bench_printing [--size S|M|L]``. At L: 5,000 pre-filled
入会申込書 in one PDF (``forms_5000``, at most 3x the bare canvas drawing the same strings) and a
50,000-row 会員名簿 (``roster_pdf_50k``); M and S print a tenth and a hundredth as many.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.printing.canvas import ASCENT, PlacedText
from gojokai_desktop.printing.fit import LEADING
from gojokai_desktop.printing.fonts import FontSet, register_fonts
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import render_forms
from gojokai_desktop.printing.templates import FormTemplate, load_template
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, Timing, figure, measure

NAMES = ("forms_5000", "roster_pdf_50k")
FORMS = shipped_dir("forms")
FORM_COUNT = {"S": 50, "M": 500, "L": 5_000}
ROSTER_ROWS = {"S": 500, "M": 5_000, "L": 50_000}
SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤")
GIVEN = ("一郎", "花子", "大翔", "結衣", "健二", "恵子", "翔太", "美咲", "茂", "陽菜")
TOWNS = ("福島市天神町", "伊達市保原町字宮下", "郡山市堂前町", "二本松市本町", "川俣町大字鶴沢")


def member_record(i: int) -> dict[str, object]:
    """A plausible, varied member: every form differs, as in a real batch."""
    name = f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 10]}"
    return {
        "society.name": "福島町勤労者互助会",
        "society.address": "福島県福島市杉妻町2番16号",
        "society.phone": "024-521-1111",
        "society.representative_title": "会長",
        "document.date": dt.date(2025, 4, 1) + dt.timedelta(days=i % 200),
        "member.number": f"{i // 100:04d}-{i % 1000:03d}",
        "member.name": name,
        "member.name_kana": "ｻﾄｳ ｲﾁﾛｳ",
        "member.sex": "男" if i % 2 else "女",
        "member.birth_date": dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
        "member.postal_code": f"960{i % 10000:04d}",
        "member.address": f"福島県{TOWNS[i % 5]}{i % 30 + 1}丁目{i % 9 + 1}番{i % 20 + 1}号",
        "member.phone": f"090-{i % 10000:04d}-{(i * 7) % 10000:04d}",
        "member.employment_type": "正社員",
        "member.join_date": dt.date(2010 + i % 15, 4, 1),
        "member.bank_name": "東北労働金庫",
        "member.branch_name": "福島支店",
        "member.account_type": "普通",
        "member.account_number": f"{i:07d}",
        "member.account_holder_kana": "ｻﾄｳ ｲﾁﾛｳ",
        "establishment.number": f"{i // 100:04d}",
        "establishment.name": f"株式会社 福島製作所 第{i % 40 + 1}工場",
        "establishment.address": "福島県福島市南矢野目字谷地65-1",
        "establishment.owner_name": "高橋 健二",
    }


def roster_rows(count: int) -> list[dict[str, object]]:
    """Rows of a member roster (会員名簿)."""
    return [
        {
            "number": f"{i // 100:04d}-{i % 1000:03d}",
            "name": f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 10]}",
            "kana": "サトウ イチロウ",
            "birth": dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
            "establishment": f"株式会社 福島製作所 第{i % 40 + 1}工場",
            "join": dt.date(2010 + i % 15, 4, 1),
            "dues": 500 + (i % 3) * 100,
        }
        for i in range(count)
    ]


ROSTER = ListingSpec(
    "会員名簿",
    [
        ListColumn("会員番号", "number", 20),
        ListColumn("氏名", "name", 26),
        ListColumn("フリガナ", "kana", 30),
        ListColumn("生年月日", "birth", 28, "era_date"),
        ListColumn("事業所", "establishment", 44),
        ListColumn("入会日", "join", 20, "era_date_short"),
        ListColumn("月会費", "dues", 16, "yen", total=True),
    ],
    dt.date(2025, 6, 15),
    conditions=["在籍者のみ", "基準日: 令和7年6月1日"],
    society_name="福島町勤労者互助会",
)


def raw_reportlab(
    placements: Sequence[PlacedText], pages: int, fonts: FontSet, static: Sequence[PlacedText] = ()
) -> None:
    """The baseline: a bare canvas drawing the same strings at the same places, page by page
    (fixed texts drawn on every page, as straightforward canvas code would)."""
    canvas = Canvas(io.BytesIO(), pagesize=(210 * mm, 297 * mm))
    height = 297 * mm
    by_page: dict[int, list[PlacedText]] = {}
    for placed in placements:
        by_page.setdefault(placed.page, []).append(placed)
    font = fonts.mincho
    for page in range(1, pages + 1):
        for placed in (*static, *by_page.get(page, ())):
            canvas.setFont(font, placed.size)
            for number, line in enumerate(placed.text.split("\n")):
                baseline = height - placed.top * mm - ASCENT * placed.size
                canvas.drawString(placed.left * mm, baseline - number * placed.size * LEADING, line)
        canvas.showPage()
    canvas.save()


def bench_forms(fonts: FontSet, count: int) -> tuple[Timing, Timing]:
    template: FormTemplate = load_template(FORMS / "member_application.toml")
    records = [member_record(i) for i in range(count)]
    ours = measure(lambda: render_forms(template, records, io.BytesIO(), fonts=fonts))
    # Untimed: learn where every string went, then time the bare canvas drawing them.
    probe = render_forms(template, records, io.BytesIO(), fonts=fonts, collect_placements=True)
    fixed = [p for p in probe.placements if p.page == 1 and _is_static(p, template)]
    filled = [p for p in probe.placements if not _is_static(p, template)]
    raw = measure(lambda: raw_reportlab(filled, probe.pages, fonts, fixed))
    return ours, raw


def _is_static(placed: PlacedText, template: FormTemplate) -> bool:
    """True for a string that is the same on every form: fixed texts, captions, labels."""
    element = next(e for e in template.elements if e.label == placed.element)
    if element.kind in ("text", "box", "checkbox", "seal", "table"):
        return True
    return placed.text in {element.opts.get(k) for k in ("label", "prefix", "suffix")}


def bench_roster(fonts: FontSet, count: int) -> tuple[Timing, Timing]:
    rows = roster_rows(count)
    ours = measure(lambda: render_listing(ROSTER, rows, io.BytesIO(), fonts=fonts))
    probe = render_listing(ROSTER, rows, io.BytesIO(), fonts=fonts, collect_placements=True)
    raw = measure(lambda: raw_reportlab(probe.placements, probe.pages, fonts))
    return ours, raw


def figures(env: BenchEnv) -> list[Figure]:
    fonts = register_fonts()
    print(f"fonts: {fonts.mincho_source} / {fonts.gothic_source} (embedded: {fonts.embedded})")
    result = []
    if env.wants("forms_5000"):
        count = FORM_COUNT[env.size]
        forms, forms_raw = bench_forms(fonts, count)
        result.append(
            figure("forms_5000", f"{count:,} pre-filled 入会申込書 in one PDF", forms,
                   target=30 if env.size == "L" else None, floor=forms_raw,
                   floor_name="raw ReportLab canvas", max_ratio=3)
        )  # fmt: skip
    if env.wants("roster_pdf_50k"):
        rows = ROSTER_ROWS[env.size]
        roster, roster_raw = bench_roster(fonts, rows)
        result.append(
            figure("roster_pdf_50k", f"{rows:,}-row 会員名簿 list PDF", roster,
                   target=60 if env.size == "L" else None, floor=roster_raw,
                   floor_name="raw ReportLab canvas")
        )  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
