"""Geometry of My plan's chart: hours left over time, as server-rendered SVG.

Pure Python over plain data, like `assessments.report.charts`: every coordinate is computed
here, so the template only places numbers. Days are placed by date (a time series, unlike
the readiness trend's evenly spaced assessments); every value is also printed in the table
beside the chart.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.report.charts import GridLine

WIDTH = 560
HEIGHT = 240
LEFT = 52
RIGHT = 24
TOP = 20
BOTTOM = 44
GRID_LINES = 4
MAX_X_LABELS = 5
NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)  # a grid step is one of these x 10^n


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    label: str  # "7 Dec"
    hours: int | float
    show_label: bool


@dataclass(frozen=True)
class HoursChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    axis_label_x: int
    label_y: int
    grid: tuple[GridLine, ...]
    points: tuple[Point, ...]
    polyline: str  # "x1,y1 x2,y2 ..." as a step line: hours hold until the next change


def _hours(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


def _nice_max(value: float) -> int:
    """The smallest NICE_STEPS x 10^n (x GRID_LINES) at or above `value`; 10 for nothing."""
    if value <= 0:
        return 10
    step = value / GRID_LINES
    magnitude = 10 ** math.floor(math.log10(step))
    nice = next(m * magnitude for m in NICE_STEPS if m * magnitude >= step)
    return int(nice * GRID_LINES) if nice >= 1 else math.ceil(nice * GRID_LINES)


def hours_chart(points: Sequence[tuple[datetime.date, float]]) -> HoursChart:
    """Lay out `points` of (day, hours left), oldest first, at least one.

    Raises ValueError for negative hours or days out of order.
    """
    if not points:
        raise ValueError("A chart needs at least one point.")
    days = [day for day, _ in points]
    if days != sorted(days):
        raise ValueError("Points must be oldest first.")
    if any(hours < 0 for _, hours in points):
        raise ValueError("Hours left cannot be negative.")
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    top_value = _nice_max(max(hours for _, hours in points))
    span = (days[-1] - days[0]).days
    label_every = math.ceil(len(points) / MAX_X_LABELS)

    def x_of(day: datetime.date) -> float:
        if span == 0:
            return (LEFT + right) / 2
        return LEFT + 8 + (right - LEFT - 16) * (day - days[0]).days / span

    def y_of(hours: float) -> float:
        return bottom - (bottom - TOP) * hours / top_value

    laid_out = tuple(
        Point(
            x=round(x_of(day), 1),
            y=round(y_of(hours), 1),
            day=day,
            label=day.strftime("%-d %b"),
            hours=_hours(hours),
            show_label=(len(points) - 1 - index) % label_every == 0,
        )
        for index, (day, hours) in enumerate(points)
    )
    corners = []
    for before, after in itertools.pairwise(laid_out):
        corners += [(before.x, before.y), (after.x, before.y)]
    corners.append((laid_out[-1].x, laid_out[-1].y))
    grid = tuple(
        GridLine(
            round(y_of(top_value * i / GRID_LINES), 1), f"{_hours(top_value * i / GRID_LINES)} h"
        )
        for i in range(GRID_LINES + 1)
    )
    return HoursChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        axis_label_x=LEFT - 6,
        label_y=bottom + 20,
        grid=grid,
        points=laid_out,
        polyline=" ".join(f"{x:g},{y:g}" for x, y in corners),
    )
