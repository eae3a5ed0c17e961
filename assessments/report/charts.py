"""Geometry for the report's server-rendered SVG charts.

Pure Python over plain data, like `assessments.scoring`: no Django. Every coordinate and
width is computed here, so templates only place numbers into SVG attributes. Charts never
rely on colour alone: the required level is hatched with a solid end mark, the rating is a
solid bar, and every value is also printed as text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from careers.proficiency import MAX_RATING, READY_THRESHOLD

# Required vs rated: one row per skill, label on the left, a 0-5 scale on the right.
BAR_WIDTH = 460
BAR_LABEL_WIDTH = 220
BAR_UNIT = 36  # width of one proficiency level
BAR_ROW_HEIGHT = 24
BAR_TOP = 22  # room for the level ticks above the first row
BAR_BOTTOM = 6
REQUIRED_HEIGHT = 16
RATED_HEIGHT = 8
LABEL_MAX_CHARS = 34

# Readiness trend: readiness 0-100 against the assessments in time order.
TREND_WIDTH = 560
TREND_HEIGHT = 240
TREND_LEFT = 46
TREND_RIGHT = 84  # room for the threshold's label beside the plot
TREND_TOP = 24
TREND_BOTTOM = 48
TREND_GRID = (0, 20, 40, 60, 80, 100)
TREND_MAX_X_LABELS = 6
MARKER = 12
VALUE_ABOVE = 10  # a value's baseline above its marker's centre
VALUE_BELOW = 21  # ... or below it, when the threshold line would strike it through
VALUE_ASCENT = 11  # how far a value's text rises above its baseline
VALUE_DESCENT = 3
LINE_CLEARANCE = 2  # between a value's text and the threshold line, at least


@dataclass(frozen=True)
class TrendLayout:
    """The trend chart's size for one kind of screen: drawn at about its own width, so its
    text keeps the font size written here (a wide chart squeezed onto a phone shrinks its
    labels to a few pixels)."""

    name: str
    width: int
    left: int
    right: int  # room for the threshold's label beside the plot
    max_x_labels: int
    font_size: int  # axis labels
    value_font_size: int
    threshold_label: str  # formatted with the threshold


WIDE = TrendLayout(
    "wide", TREND_WIDTH, TREND_LEFT, TREND_RIGHT, TREND_MAX_X_LABELS, 11, 12, "Ready: {:.0f}%"
)
NARROW = TrendLayout("narrow", 340, 40, 48, 3, 12, 13, "Ready")


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarRow:
    """One skill: its label, the hatched required bar and the solid rated bar."""

    label: str  # shortened to fit; `name` is the full text
    name: str
    required: int
    rated: int
    y: float  # top of the row
    text_y: float  # baseline for the label and the value
    required_y: float
    required_bottom: float
    required_width: float
    required_end_x: float  # the solid mark at the required level
    rated_y: float
    rated_width: float
    value_label: str  # "2 of 3"

    @property
    def is_truncated(self) -> bool:
        return self.label != self.name


@dataclass(frozen=True)
class BarChart:
    """Required vs rated per skill for one group (a category)."""

    width: int
    height: float
    label_width: int
    label_x: int  # right edge of the skill labels
    scale_width: int
    scale_right: float
    value_x: float
    ticks: tuple[Tick, ...]
    rows: tuple[BarRow, ...]


def bar_chart(rows: Sequence[tuple[str, int, int]]) -> BarChart:
    """Lay out `rows` of (skill name, required level 1-5, rated level 0-5), in the given order.

    Raises ValueError for a level outside 0-5.
    """
    laid_out = tuple(_bar_row(index, *row) for index, row in enumerate(rows))
    scale_right = BAR_LABEL_WIDTH + MAX_RATING * BAR_UNIT
    return BarChart(
        width=BAR_WIDTH,
        height=BAR_TOP + len(laid_out) * BAR_ROW_HEIGHT + BAR_BOTTOM,
        label_width=BAR_LABEL_WIDTH,
        label_x=BAR_LABEL_WIDTH - 8,
        scale_width=MAX_RATING * BAR_UNIT,
        scale_right=scale_right,
        value_x=scale_right + 8,
        ticks=tuple(
            Tick(BAR_LABEL_WIDTH + level * BAR_UNIT, str(level)) for level in range(MAX_RATING + 1)
        ),
        rows=laid_out,
    )


def _bar_row(index: int, name: str, required: int, rated: int) -> BarRow:
    for value in (required, rated):
        if not 0 <= value <= MAX_RATING:
            raise ValueError(f"Level for {name!r} must be 0-5, not {value!r}.")
    y = BAR_TOP + index * BAR_ROW_HEIGHT
    middle = y + BAR_ROW_HEIGHT / 2
    return BarRow(
        label=shorten(name, LABEL_MAX_CHARS),
        name=name,
        required=required,
        rated=rated,
        y=y,
        text_y=middle + 4,
        required_y=middle - REQUIRED_HEIGHT / 2,
        required_bottom=middle + REQUIRED_HEIGHT / 2,
        required_width=required * BAR_UNIT,
        required_end_x=BAR_LABEL_WIDTH + required * BAR_UNIT,
        rated_y=middle - RATED_HEIGHT / 2,
        rated_width=rated * BAR_UNIT,
        value_label=f"{rated} of {required}",
    )


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" &,-/(")
    return f"{cut}…"


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    readiness_pct: int
    label: str  # the date, as the caller formatted it
    sublabel: str  # a second line under the date (the time, for same-day points), or ""
    show_label: bool  # x labels thin out when there are many points
    is_current: bool
    value_y: float  # baseline of the value printed above the marker
    square_x: float  # this report's point is a square (not only a colour) with this corner
    square_y: float


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    axis_label_x: float  # right edge of the y-axis labels
    threshold_label_x: float  # left edge of the threshold's label, right of the plot
    label_y: float  # baseline of the x labels
    sublabel_y: float  # baseline of their second line
    name: str  # the layout's
    font_size: int
    value_font_size: int
    grid: tuple[GridLine, ...]
    threshold_y: float
    threshold_label: str
    points: tuple[TrendPoint, ...]
    polyline: str  # "x1,y1 x2,y2 ..." for <polyline points=...>


def trend_chart(
    points: Sequence[tuple[str, float, bool]],
    *,
    sublabels: Sequence[str] = (),
    threshold: float = READY_THRESHOLD,
    layout: TrendLayout = WIDE,
) -> TrendChart:
    """Lay out readiness over time: `points` of (label, readiness 0-100, is_current), oldest first.

    `sublabels`, when given, holds a second line for each label ("" for none). Points are
    evenly spaced (assessments are events, not a time series); a single point sits in the
    middle. At most `layout.max_x_labels` dates are labelled, always the last one. A value
    is printed above its point, or below it where the threshold line would cross it.
    Raises ValueError for a readiness outside 0-100.
    """
    right = layout.width - layout.right
    bottom = TREND_HEIGHT - TREND_BOTTOM
    threshold_y = _readiness_y(threshold, bottom)
    count = len(points)
    step = math.ceil(count / layout.max_x_labels) if count else 1
    laid_out = []
    for index, (label, readiness, is_current) in enumerate(points):
        if not 0 <= readiness <= 100:
            raise ValueError(f"Readiness must be 0-100, not {readiness!r}.")
        x = _spread(index, count, layout.left + 16, right - 16)
        y = _readiness_y(readiness, bottom)
        laid_out.append(
            TrendPoint(
                x=round(x, 1),
                y=round(y, 1),
                readiness_pct=math.floor(readiness + 0.5),
                label=label,
                sublabel=sublabels[index] if sublabels else "",
                show_label=(count - 1 - index) % step == 0,
                is_current=is_current,
                value_y=round(_value_y(y, threshold_y), 1),
                square_x=round(x - MARKER / 2, 1),
                square_y=round(y - MARKER / 2, 1),
            )
        )
    return TrendChart(
        width=layout.width,
        height=TREND_HEIGHT,
        left=layout.left,
        right=right,
        top=TREND_TOP,
        bottom=bottom,
        axis_label_x=layout.left - 6,
        threshold_label_x=right + 6,
        label_y=bottom + 20,
        sublabel_y=bottom + 20 + layout.font_size + 3,
        name=layout.name,
        font_size=layout.font_size,
        value_font_size=layout.value_font_size,
        grid=tuple(GridLine(_readiness_y(v, bottom), f"{v}%") for v in TREND_GRID),
        threshold_y=threshold_y,
        threshold_label=layout.threshold_label.format(threshold),
        points=tuple(laid_out),
        polyline=" ".join(f"{p.x:g},{p.y:g}" for p in laid_out),
    )


def _value_y(y: float, threshold_y: float) -> float:
    """The baseline of a point's value: above the point unless the threshold line would
    run through the text there."""
    above = y - VALUE_ABOVE
    top, bottom = above - VALUE_ASCENT - LINE_CLEARANCE, above + VALUE_DESCENT + LINE_CLEARANCE
    return y + VALUE_BELOW if top <= threshold_y <= bottom else above


def _spread(index: int, count: int, low: float, high: float) -> float:
    if count <= 1:
        return (low + high) / 2
    return low + (high - low) * index / (count - 1)


def _readiness_y(readiness: float, bottom: float) -> float:
    return bottom - (bottom - TREND_TOP) * readiness / 100
