"""The printed 事業報告: numbered sections of paragraphs, tables, the bar chart and the 004
benefit table, flowing over A4 portrait pages."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.benefits.stats import BenefitStatsTable
from gojokai_desktop.domain.reports import ActivityReport, BarChart, ReportTable
from gojokai_desktop.printing.benefits.statistics import stats_table_flowable
from gojokai_desktop.printing.fonts import FontSet
from gojokai_desktop.printing.reports.chart import bar_chart_drawing
from gojokai_desktop.printing.reports.styles import Styles, amount, grid_table, styles_for


def text_paragraph(text: str, style: Any) -> Paragraph:
    """A clerk's text as typed: escaped, its line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _widths(table: ReportTable, width: float) -> list[float]:
    """A month table gives each month the same narrow column; a table of texts (会議) gives
    the last text the room; a table of figures keeps a wide first column for its labels."""
    columns = len(table.columns)
    texts = any(isinstance(v, str) for row in table.rows for v in row[1:])
    if columns > 8:
        first = width * 0.12
    elif texts and columns == 4:
        return [width * w for w in (0.22, 0.18, 0.2, 0.4)]
    else:
        first = width * (0.25 if texts else 0.36)
    return [first] + [(width - first) / (columns - 1)] * (columns - 1)


def _table(table: ReportTable, fonts: FontSet, s: Styles, width: float) -> list[Flowable]:
    data: list[list[Any]] = [list(table.columns)]
    for row in table.rows:
        data.append([
            (Paragraph(escape(v), s.cell) if c else v) if isinstance(v, str) else amount(v)
            for c, v in enumerate(row)
        ])  # fmt: skip
    bold = tuple(range(len(data) - table.total_rows, len(data))) if table.total_rows else ()
    flow: list[Flowable] = []
    if table.caption or table.unit:
        caption = escape(table.caption) + (f"　（{escape(table.unit)}）" if table.unit else "")
        flow.append(Paragraph(caption, s.small))
    small = len(table.columns) > 8
    flow.append(
        grid_table(data, _widths(table, width), fonts, bold_rows=bold, font_size=8 if small else 9)
    )
    return flow


def activity_story(report: ActivityReport, fonts: FontSet, width: float) -> list[Flowable]:
    """The whole report: title, period, then every section with its blocks in order."""
    s = styles_for(fonts)
    story: list[Flowable] = [
        Paragraph(escape(report.title), s.title),
        Paragraph(escape(report.period), s.subtitle),
        Paragraph(escape(report.society), s.right),
    ]
    for section in report.sections:
        heading = Paragraph(escape(section.title), s.heading)
        blocks: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, str):
                style = s.small if block.startswith("※") else s.body
                blocks.append(text_paragraph(block, style))
            elif isinstance(block, ReportTable):
                blocks += _table(block, fonts, s, width)
            elif isinstance(block, BarChart):
                blocks.append(bar_chart_drawing(block, fonts, width))
            elif isinstance(block, BenefitStatsTable):
                blocks.append(
                    Paragraph(f"{escape(block.title)}　（単位: 件・{block.unit}）", s.small)
                )
                blocks.append(stats_table_flowable(block, fonts, width))
            blocks.append(Spacer(1, 2 * mm))
        # The heading never stays alone at the foot of a page.
        story.append(KeepTogether([heading, *blocks[:1]]))
        story += blocks[1:]
    return story
