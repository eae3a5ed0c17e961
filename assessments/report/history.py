"""The history section: the change since the previous submission of the rung, and the
readiness trend across all of them. No queries."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils import dateformat, timezone

from assessments import planning, scoring
from assessments.report import charts
from assessments.report.inputs import Inputs, Row

CHANGES_OPEN = 12  # the change since last time folds away its smaller moves beyond this
ARROWS = {"up": "↑", "down": "↓", "new": "+"}
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"


@dataclass(frozen=True)
class ChangeSinceLast:
    """This assessment against the person's previous submitted one of the same rung."""

    previous_url: str
    previous_date: str
    previous_readiness_pct: int
    readiness_pct: int
    readiness_delta: int  # in whole percentage points, as the two figures are shown
    changes: tuple[planning.RatingChange, ...]  # biggest move first; unchanged skills left out
    unchanged_count: int

    @property
    def direction(self) -> str:
        return "up" if self.readiness_delta > 0 else "down" if self.readiness_delta < 0 else "same"

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction, "")

    @property
    def delta_label(self) -> str:
        """'up 13 points', 'down 1 point' or 'no change'."""
        points = abs(self.readiness_delta)
        if not points:
            return "no change"
        return f"{self.direction} {points} point{'' if points == 1 else 's'}"

    @property
    def changes_shown(self) -> tuple[planning.RatingChange, ...]:
        """The biggest moves, always on the page (and on paper)."""
        return self.changes[:CHANGES_OPEN]

    @property
    def changes_more(self) -> tuple[planning.RatingChange, ...]:
        """The rest, folded away under the biggest ones."""
        return self.changes[CHANGES_OPEN:]

    @property
    def raised_count(self) -> int:
        return sum(1 for change in self.changes if change.direction == "up")

    @property
    def lowered_count(self) -> int:
        return sum(1 for change in self.changes if change.direction == "down")


@dataclass(frozen=True)
class TrendEntry:
    date: str
    time: str  # "14:05" when another entry shares the date, else ""
    readiness_pct: int
    ready: bool
    is_current: bool
    url: str

    @property
    def label(self) -> str:
        """'7 Dec 2026', or '7 Dec 2026, 14:05' beside another of the same day."""
        return f"{self.date}, {self.time}" if self.time else self.date


@dataclass(frozen=True)
class Trend:
    entries: tuple[TrendEntry, ...]  # oldest first
    chart: charts.TrendChart  # for wide screens and paper
    narrow_chart: charts.TrendChart  # for phones: the same points, drawn at their width

    @property
    def has_line(self) -> bool:
        """A trend needs two points; one is said in a sentence, not drawn as a lone dot."""
        return len(self.entries) > 1

    @property
    def charts(self) -> tuple[charts.TrendChart, ...]:
        return (self.chart, self.narrow_chart)


@dataclass(frozen=True)
class History:
    change: ChangeSinceLast | None  # None: no earlier submission of the rung
    trend: Trend


def build_history(
    inputs: Inputs,
    scored: scoring.GapReport,
    *,
    public_id: uuid.UUID,
    is_draft: bool,
) -> History:
    """The history of the assessment `public_id`, scored as `scored`."""
    return History(
        change=_change_since_last(inputs, scored),
        trend=_trend(inputs, scored, public_id=public_id, is_draft=is_draft),
    )


def _change_since_last(inputs: Inputs, scored: scoring.GapReport) -> ChangeSinceLast | None:
    previous = inputs.previous
    if previous is None:
        return None
    rows: Sequence[Row] = inputs.rows
    current = {row.skill_slug: row.rated for row in rows}
    names = {row.skill_slug: row.skill for row in rows}
    moved = planning.compare_ratings(inputs.previous_ratings, current)
    readiness_pct = scored.readiness_pct
    previous_pct = scoring.round_percent(previous.readiness or 0.0)
    return ChangeSinceLast(
        previous_url=reverse("assessments:report", args=[previous.public_id]),
        previous_date=_date(previous.submitted_at),
        previous_readiness_pct=previous_pct,
        readiness_pct=readiness_pct,
        readiness_delta=readiness_pct - previous_pct,
        changes=tuple(
            replace(change, skill=names[change.skill])
            for change in moved
            if change.direction != "same"
        ),
        unchanged_count=sum(1 for change in moved if change.direction == "same"),
    )


def _trend(
    inputs: Inputs, scored: scoring.GapReport, *, public_id: uuid.UUID, is_draft: bool
) -> Trend:
    """Readiness at each submission of this rung; a draft is added as the last point.

    Submissions made on the same day also carry their time, so that each has its own label.
    """
    points = [
        (past.public_id, past.submitted_at, past.readiness or 0.0, bool(past.ready))
        for past in inputs.submissions
    ]
    times = _times([when for _, when, _, _ in points])
    entries = [
        TrendEntry(
            date=_date(when),
            time=time,
            readiness_pct=scoring.round_percent(readiness),
            ready=ready,
            is_current=point_id == public_id,
            url=reverse("assessments:report", args=[point_id]),
        )
        for (point_id, when, readiness, ready), time in zip(points, times, strict=True)
    ]
    readiness = [readiness for _, _, readiness, _ in points]
    if is_draft:
        url = reverse("assessments:report", args=[public_id])
        entries.append(TrendEntry("Draft", "", scored.readiness_pct, scored.ready, True, url))
        readiness.append(scored.readiness)
    labels = [(e.date, value, e.is_current) for e, value in zip(entries, readiness, strict=True)]
    times = [entry.time for entry in entries]
    return Trend(
        entries=tuple(entries),
        chart=charts.trend_chart(labels, sublabels=times),
        narrow_chart=charts.trend_chart(labels, sublabels=times, layout=charts.NARROW),
    )


def _date(when: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(when), DATE_FORMAT)


def _times(whens: Sequence[datetime.datetime]) -> list[str]:
    """The time of each moment whose date another shares ("" for the rest), numbered
    "14:05 (2)" when the minute is shared too: every point gets a label of its own."""
    dates = Counter(_date(when) for when in whens)
    times = [
        dateformat.format(timezone.localtime(when), TIME_FORMAT) if dates[_date(when)] > 1 else ""
        for when in whens
    ]
    keys = [(_date(when), time) for when, time in zip(whens, times, strict=True)]
    repeated, seen = Counter(keys), Counter()
    numbered = []
    for key, time in zip(keys, times, strict=True):
        seen[key] += 1
        numbered.append(f"{time} ({seen[key]})" if repeated[key] > 1 else time)
    return numbered
