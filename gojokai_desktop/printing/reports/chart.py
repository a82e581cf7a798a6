"""Bar charts of the reports (入会・退会 by month) with ReportLab graphics, for black and white:
solid black and outlined white bars, the figure above each bar, Japanese labels."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from gojokai_desktop.domain.reports import BarChart
from gojokai_desktop.printing.fonts import FontSet

FILLS = (colors.black, colors.white, colors.HexColor("#888888"))


def _step(top: int) -> int:
    """A round step for at most six gridlines: 1, 2, 5, 10, 20, 50 …"""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            if top <= 6 * base * magnitude:
                return base * magnitude
        magnitude *= 10


def _label(value: float) -> str:
    """The figure above a bar; none over an empty month, which only clutters."""
    return "" if not value else f"{int(value):,}"


def bar_chart_drawing(
    chart: BarChart, fonts: FontSet, width: float, height: float = 62 * mm
) -> Drawing:
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 14 * mm, 10 * mm
    bars.width, bars.height = width - 20 * mm, height - 24 * mm
    bars.data = [list(values) for _name, values in chart.series]
    top = max([max(values, default=0) for _n, values in chart.series] + [1])
    step = _step(top)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = -(-top // step) * step + step
    bars.valueAxis.valueStep = step
    bars.valueAxis.labels.fontName = fonts.mincho
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#BBBBBB")
    bars.valueAxis.gridStrokeWidth = 0.3
    bars.categoryAxis.categoryNames = list(chart.categories)
    bars.categoryAxis.labels.fontName = fonts.mincho
    bars.categoryAxis.labels.fontSize = 8
    bars.categoryAxis.labels.dy = -2
    bars.groupSpacing = 6
    bars.barSpacing = 1
    bars.barLabelFormat = _label
    bars.barLabels.fontName = fonts.mincho
    bars.barLabels.fontSize = 6.5
    bars.barLabels.nudge = 5
    for n in range(len(chart.series)):
        bars.bars[n].fillColor = FILLS[n % len(FILLS)]
        bars.bars[n].strokeColor = colors.black
        bars.bars[n].strokeWidth = 0.6
    drawing.add(bars)
    drawing.add(String(0, height - 6 * mm, chart.title, fontName=fonts.gothic, fontSize=9))
    drawing.add(
        String(
            2, bars.y + bars.height + 3 * mm, f"（{chart.unit}）", fontName=fonts.mincho, fontSize=7
        )
    )
    legend = Legend()
    legend.x, legend.y = width - 40 * mm, height - 3 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = fonts.mincho
    legend.fontSize = 8
    legend.dx, legend.dy = 8, 8
    legend.deltax = 18 * mm
    legend.strokeColor = colors.black
    legend.strokeWidth = 0.6
    legend.colorNamePairs = [
        (FILLS[n % len(FILLS)], name) for n, (name, _values) in enumerate(chart.series)
    ]
    drawing.add(legend)
    return drawing
