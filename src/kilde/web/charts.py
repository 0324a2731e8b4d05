"""Chart geometry for the server-rendered SVG charts (no chart library, no JavaScript).

Each builder returns plain numbers and labels; the templates in `templates/charts.html`
draw them as SVG, so every label passes through Jinja's escaping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


def percent(value: float | None, digits: int = 0) -> str:
    """A share as Danish percent text: 0.417 → '42 %' ('–' when unknown)."""
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}".replace(".", ",") + " %"


@dataclass
class Point:
    """One point of a line series."""

    x: float
    y: float
    label: str
    value_text: str


@dataclass
class Series:
    """One line of a line chart."""

    name: str
    css_class: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The SVG path `d` attribute joining the points (numbers only)."""
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass
class Tick:
    """An axis tick at `position` (pixels) with its label."""

    position: float
    label: str


@dataclass
class LineChart:
    """Shares (0–1) over ordered categories such as months."""

    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    bottom: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


@dataclass
class Bar:
    """One horizontal bar."""

    label: str
    value: float
    value_text: str
    y: float
    length: float
    href: str | None = None


@dataclass
class BarChart:
    """Horizontal bars for values between 0 and `maximum`."""

    title: str
    description: str
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    css_class: str
    bars: list[Bar]


@dataclass
class Column:
    """One vertical column of a column chart."""

    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class ColumnChart:
    """Counts over ordered categories (a speaker's quotes per month)."""

    title: str
    description: str
    width: int
    height: int
    bottom: int
    columns: list[Column]
    x_ticks: list[Tick]
    maximum: int


def line_chart(
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    width: int = 640,
    height: int = 260,
) -> LineChart:
    """A line chart of shares over `categories`; each series is (name, css class, values)."""
    left, right, top, bottom = 64, 40, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(categories) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, value)))

    lines = []
    for name, css_class, values in series:
        line = Series(name, css_class)
        for i, (category, value) in enumerate(zip(categories, values, strict=False)):
            if value is not None:
                line.points.append(Point(x_of(i), y_of(value), category, percent(value)))
        lines.append(line)
    y_ticks = [Tick(y_of(v), percent(v)) for v in (0.0, 0.25, 0.5, 0.75, 1.0)]
    every = max(1, len(categories) // 8 + (1 if len(categories) % 8 else 0))
    x_ticks = [Tick(x_of(i), c) for i, c in enumerate(categories) if i % every == 0]
    return LineChart(
        title,
        description,
        width,
        height,
        left,
        width - right,
        height - bottom,
        lines,
        y_ticks,
        x_ticks,
    )


def bar_chart(
    title: str,
    description: str,
    rows: Sequence[tuple[str, float | None, str | None]],
    css_class: str = "bar-women",
    maximum: float = 1.0,
    value_format=percent,
    width: int = 640,
) -> BarChart:
    """Horizontal bars, one per (label, value, link) row; rows with no value are skipped."""
    label_width, bar_height, gap, value_room = 180, 22, 8, 64
    plot_width = width - label_width - value_room
    bars = []
    for label, value, href in rows:
        if value is None:
            continue
        y = gap + len(bars) * (bar_height + gap)
        length = plot_width * (value / maximum if maximum else 0)
        bars.append(Bar(label, value, value_format(value), y, max(length, 1.0), href))
    height = gap + len(bars) * (bar_height + gap) + gap
    return BarChart(
        title, description, width, height, label_width, plot_width, bar_height, css_class, bars
    )


def column_chart(
    title: str,
    description: str,
    counts: Sequence[tuple[str, int]],
    width: int = 640,
    height: int = 160,
) -> ColumnChart:
    """Vertical columns of counts over ordered categories."""
    left, right, top, bottom = 8, 8, 20, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max((count for _, count in counts), default=0)
    slot = plot_w / max(len(counts), 1)
    column_width = max(2.0, min(slot * 0.8, 48.0))
    columns = []
    for i, (label, count) in enumerate(counts):
        h = plot_h * count / maximum if maximum else 0
        x = left + i * slot + (slot - column_width) / 2
        columns.append(Column(label, count, x, top + plot_h - h, column_width, h))
    every = max(1, -(-len(counts) // 6))
    x_ticks = [Tick(c.x + c.width / 2, c.label) for i, c in enumerate(columns) if i % every == 0]
    return ColumnChart(
        title, description, width, height, height - bottom, columns, x_ticks, maximum
    )


def month_range(first: str, last: str) -> list[str]:
    """Every month YYYY-MM from `first` to `last` inclusive (at most 600)."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months: list[str] = []
    while (year, month) <= end and len(months) < 600:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
