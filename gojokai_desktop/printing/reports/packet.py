"""The printed 総会資料: cover, 次第 with the numbered agenda, activity report, settlement of
every account and 財産目録, 監査報告 with the auditors' signature and seal spaces, next year's
事業計画 and 収支予算書, and the officer list — one PDF, each part from a new page."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.reports import AgendaLine, MeetingPacket
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.accounts import accounts_table_story, is_wide
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output
from gojokai_desktop.printing.reports.activity import activity_story, text_paragraph
from gojokai_desktop.printing.reports.document import Part, build_document, width_of
from gojokai_desktop.printing.reports.settlement import inventory_story
from gojokai_desktop.printing.reports.styles import Styles, grid_table, styles_for

BLANK_DATE = "令和　　年　　月　　日"
#: Which agenda line a part belongs to, by a word of its title.
PART_WORDS = {
    "activity": "事業報告",
    "settlement": "決算",
    "audit": "監査",
    "plan": "事業計画",
    "budget": "予算",
    "officers": "役員",
}


def _time_text(start: str) -> str:
    """13:30 → 午後1時30分 (00 minutes: 午後1時)."""
    if not start:
        return ""
    hour, minute = (int(x) for x in start.split(":"))
    half = "午前" if hour < 12 else "午後"
    shown = hour if hour <= 12 else hour - 12
    return f"{half}{shown}時" + (f"{minute}分" if minute else "")


def _badge(agenda: Sequence[AgendaLine], part: str, s: Styles) -> list[Flowable]:
    word = PART_WORDS[part]
    for line in agenda:
        if word in line.title:
            return [Paragraph(escape(line.number), s.right)]
    return []


def _cover(packet: MeetingPacket, fonts: FontSet, s: Styles) -> list[Flowable]:
    big = ParagraphStyle("big", fontName=fonts.gothic, fontSize=26, leading=34, alignment=1)
    sub = ParagraphStyle("sub", fontName=fonts.gothic, fontSize=18, leading=26, alignment=1)
    line = ParagraphStyle("line", fontName=fonts.mincho, fontSize=13, leading=22)
    day = format_wareki(packet.meeting_date, weekday=True) if packet.meeting_date else BLANK_DATE
    when = f"{day}　{_time_text(packet.start_time)}".strip()
    rows = [[Paragraph("日　時", line), Paragraph(escape(when), line)],
            [Paragraph("会　場", line), Paragraph(escape(packet.venue or ""), line)]]  # fmt: skip
    if packet.venue_address:
        rows.append(["", Paragraph(f"（{escape(packet.venue_address)}）", s.body)])
    place = Table(rows, colWidths=[28 * mm, 110 * mm], hAlign="CENTER")
    place.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [
        Spacer(1, 55 * mm),
        Paragraph(escape(packet.meeting_title), big),
        Spacer(1, 8 * mm),
        Paragraph("議　案　書", sub),
        Spacer(1, 40 * mm),
        place,
        Spacer(1, 50 * mm),
        Paragraph(escape(packet.society), sub),
    ]


def _agenda(packet: MeetingPacket, s: Styles) -> list[Flowable]:
    item = ParagraphStyle("item", parent=s.body, fontSize=11, leading=22, leftIndent=10 * mm)
    # A long title wraps under itself, not under its number (報告第1号 … hangs).
    numbers = [f"{line.number}　" for line in packet.agenda] or ["議案第1号　"]
    hang = max(stringWidth(n, item.fontName, item.fontSize) for n in numbers)
    sub = ParagraphStyle(
        "subitem",
        parent=item,
        leftIndent=24 * mm + hang,
        firstLineIndent=-hang,
        leading=18,
        spaceBefore=2,
        spaceAfter=2,
    )
    story: list[Flowable] = [
        Paragraph(f"{escape(packet.meeting_title)}　次第", s.title),
        Spacer(1, 8 * mm),
    ]
    steps = ["開　会", f"{escape(packet.representative.split('　')[0] or '会長')}あいさつ",
             "議長選出", "議　事"]  # fmt: skip
    for n, step in enumerate(steps, start=1):
        story.append(Paragraph(f"{n}　{step}", item))
    for line in packet.agenda:
        story.append(Paragraph(f"{escape(line.number)}　{escape(line.title)}", sub))
    story.append(Paragraph(f"{len(steps) + 1}　閉　会", item))
    return story


def _audit(packet: MeetingPacket, fonts: FontSet, s: Styles) -> list[Flowable]:
    body = ParagraphStyle("audit", parent=s.body, fontSize=11, leading=20, firstLineIndent=11)
    date = format_wareki(packet.audit_date) if packet.audit_date else BLANK_DATE
    story: list[Flowable] = [
        *_badge(packet.agenda, "audit", s),
        Paragraph("監　査　報　告　書", s.title),
        Spacer(1, 10 * mm),
        Paragraph(f"{escape(packet.society)}　{escape(packet.representative)}　様", s.body),
        Spacer(1, 8 * mm),
        text_paragraph(packet.audit_opinion, body),
        Spacer(1, 14 * mm),
        Paragraph(date, ParagraphStyle("date", parent=s.body, fontSize=11, leftIndent=90 * mm)),
        Spacer(1, 8 * mm),
    ]
    names = list(packet.auditors) or ["", ""]
    seal = ParagraphStyle(
        "seal", fontName=fonts.mincho, fontSize=9, alignment=1, textColor=colors.grey
    )
    rows = [["監　事", Paragraph(escape(name), ParagraphStyle("n", parent=s.body, fontSize=12)),
             Paragraph("印", seal)] for name in names]  # fmt: skip
    widths = [22 * mm, 60 * mm, 14 * mm]
    signatures = Table(rows, colWidths=widths, rowHeights=[16 * mm] * len(rows), hAlign="RIGHT")
    signatures.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), fonts.mincho, 11),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
        *[("BOX", (2, r), (2, r), 0.6, colors.black) for r in range(len(rows))],
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))  # fmt: skip
    story.append(signatures)
    return story


def _plan(packet: MeetingPacket, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        *_badge(packet.agenda, "plan", s),
        Paragraph(f"{escape(packet.next_year_label)}事業計画", s.title),
        Spacer(1, 6 * mm),
    ]
    text = packet.plan_text.strip() or "（事業計画の文章はまだ書かれていません。）"
    for paragraph in text.split("\n\n"):
        story.append(text_paragraph(paragraph.strip(), s.body))
        story.append(Spacer(1, 3 * mm))
    return story


def _officers(packet: MeetingPacket, fonts: FontSet, s: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        *_badge(packet.agenda, "officers", s),
        Paragraph("役　員　名　簿", s.title),
        Paragraph(f"{format_wareki(packet.officers_as_of)}現在（敬称略）", s.right),
    ]
    for start, end in packet.officer_terms[:1]:
        until = format_wareki(end) if end else "次の改選まで"
        story.append(Paragraph(f"任期　{format_wareki(start)}から{until}", s.right))
    story.append(Spacer(1, 3 * mm))
    data: list[list[object]] = [["役職", "団体", "氏名"]]
    data += [[o.role, Paragraph(escape(o.organisation), s.cell), o.name] for o in packet.officers]
    if len(data) == 1:
        data.append(["（役員が登録されていません）", "", ""])
    table = grid_table(data, [width * 0.22, width * 0.48, width * 0.3], fonts, right_from=99,
                       extra=[("ALIGN", (0, 1), (0, -1), "CENTER")], font_size=10)  # fmt: skip
    story.append(table)
    return story


def packet_parts(packet: MeetingPacket, fonts: FontSet) -> list[Part]:
    s = styles_for(fonts)
    portrait = width_of(False)
    parts = [
        Part(_cover(packet, fonts, s), numbered=False),
        Part(_agenda(packet, s)),
        Part(
            [
                *_badge(packet.agenda, "activity", s),
                *activity_story(packet.activity, fonts, portrait),
            ]
        ),
    ]
    for n, table in enumerate(packet.settlements):
        badge = _badge(packet.agenda, "settlement", s) if n == 0 else []
        story = accounts_table_story(table, fonts, width_of(is_wide(table)), printed_on=None)
        parts.append(Part([*badge, *story], is_wide(table)))
    parts += [
        Part(inventory_story(packet.inventory, fonts, portrait)),
        Part(_audit(packet, fonts, s)),
        Part(_plan(packet, s)),
    ]
    for n, table in enumerate(packet.budgets):
        badge = _badge(packet.agenda, "budget", s) if n == 0 else []
        story = accounts_table_story(table, fonts, width_of(is_wide(table)), printed_on=None)
        parts.append(Part([*badge, *story], is_wide(table)))
    parts.append(Part(_officers(packet, fonts, s, portrait)))
    return parts


def render_packet(packet: MeetingPacket, out: Output, *, fonts: FontSet | None = None) -> int:
    """The whole 総会資料 as one PDF; returns the number of pages."""
    fonts = fonts or default_fonts()
    title = f"{packet.meeting_title} 議案書（{packet.year_label}）"
    return build_document(out, packet_parts(packet, fonts), fonts=fonts, title=title,
                          author=packet.society)  # fmt: skip
