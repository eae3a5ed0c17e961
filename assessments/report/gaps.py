"""The gaps section: every requirement scored, the blocking gaps, the strengths, the verdict
and the required-vs-rated charts by category. No queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments import scoring
from assessments.report import charts
from assessments.report.inputs import Row
from careers.proficiency import level_label

NOT_READY_VERDICT = "Not ready yet"
READY_VERDICT = "Ready for {rung}"
NOT_RATED_LABEL = "Not rated"


@dataclass(frozen=True)
class Item:
    """One requirement as scored (`scored`, keyed by the skill's snapshot slug), with what the
    snapshot adds: the skill's name, its category, the note, the evidence link, and the share
    of the gap."""

    skill: str  # the skill's name
    skill_id: int | None  # None once the skill was deleted from the framework
    category: str
    note: str
    is_rated: bool  # False: a draft's skill not rated yet, scored as 0
    share_of_weighted_gap: int  # whole percent of the report's total weighted gap
    scored: scoring.GapItem
    evidence: str = ""  # an http(s) link the person gave, or ""

    @property
    def skill_slug(self) -> str:
        return self.scored.skill

    @property
    def required_label(self) -> str:
        """'3 Proficient'."""
        return level_label(self.scored.required)

    @property
    def rated_label(self) -> str:
        """'2 Foundational', or 'Not rated' on a draft."""
        return level_label(self.scored.rated) if self.is_rated else NOT_RATED_LABEL


@dataclass(frozen=True)
class CategoryChart:
    category: str
    chart_id: str
    chart: charts.BarChart


@dataclass(frozen=True)
class Gaps:
    readiness: float
    readiness_pct: int
    ready: bool
    verdict: str
    verdict_detail: str
    items: tuple[Item, ...]  # priority order
    blocking: tuple[Item, ...]  # priority order
    strengths: tuple[Item, ...]  # by surplus
    items_by_category: tuple[Item, ...]  # category, then skill name
    unrated_count: int
    total_weighted_gap: int
    charts: tuple[CategoryChart, ...]  # one per category, by category name
    scored: scoring.GapReport


def score_rows(rows: Sequence[Row]) -> scoring.GapReport:
    """Score the rows' ratings against their requirements; unrated counts as 0."""
    return scoring.score(
        [scoring.Requirement(row.skill_slug, row.required, row.importance) for row in rows],
        {row.skill_slug: row.rated for row in rows},
    )


def build_gaps(
    rows: Sequence[Row], scored: scoring.GapReport, *, rung_title: str, with_charts: bool = True
) -> Gaps:
    """The gaps of `rows` scored as `scored`. `with_charts=False` leaves the charts out."""
    by_slug = {row.skill_slug: row for row in rows}
    items = tuple(_item(scored, gap_item, by_slug[gap_item.skill]) for gap_item in scored.items)
    item_by_slug = {item.skill_slug: item for item in items}
    return Gaps(
        readiness=scored.readiness,
        readiness_pct=scored.readiness_pct,
        ready=scored.ready,
        verdict=READY_VERDICT.format(rung=rung_title) if scored.ready else NOT_READY_VERDICT,
        verdict_detail=_verdict_detail(scored),
        items=items,
        blocking=tuple(item_by_slug[g.skill] for g in scored.blocking),
        strengths=tuple(item_by_slug[g.skill] for g in scored.strengths),
        items_by_category=tuple(sorted(items, key=lambda i: (i.category, i.skill))),
        unrated_count=sum(1 for row in rows if row.rated is None),
        total_weighted_gap=scored.total_weighted_gap,
        charts=_charts(items) if with_charts else (),
        scored=scored,
    )


def _item(scored: scoring.GapReport, gap_item: scoring.GapItem, row: Row) -> Item:
    return Item(
        skill=row.skill,
        skill_id=row.skill_id,
        category=row.category,
        note=row.note,
        evidence=row.evidence,
        is_rated=row.rated is not None,
        share_of_weighted_gap=scoring.round_percent(scored.share_of_weighted_gap(gap_item)),
        scored=gap_item,
    )


def _verdict_detail(scored: scoring.GapReport) -> str:
    blocking = len(scored.blocking)
    if scored.ready:
        return f"Readiness is at least {scoring.READY_THRESHOLD:.0f}% and no gap is blocking."
    if blocking:
        plural = "gap blocks" if blocking == 1 else "gaps block"
        return f"{blocking} blocking {plural} readiness: close those first."
    return f"Readiness must reach {scoring.READY_THRESHOLD:.0f}%."


def _charts(items: Sequence[Item]) -> tuple[CategoryChart, ...]:
    """Required vs rated, one chart per category (alphabetical), priority order within."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return tuple(
        CategoryChart(
            category,
            f"skills-chart-{index}",
            charts.bar_chart([(i.skill, i.scored.required, i.scored.rated) for i in group]),
        )
        for index, (category, group) in enumerate(sorted(groups.items()), start=1)
    )
