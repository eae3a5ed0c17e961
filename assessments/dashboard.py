"""The dashboard: a person's drafts and submitted assessments, from values frozen at
submission (lists never rescore a report)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.timesince import timesince

from assessments import scoring, sections
from assessments.models import Assessment, Rating
from assessments.report.gaps import NOT_READY_VERDICT
from careers.names import display_name

RETAKE_AFTER = datetime.timedelta(days=90)
DAY = datetime.timedelta(days=1)
DAY_FORMAT = "j M Y"  # 21 Oct 2026
MINUTE_FORMAT = "j M Y, H:i"  # 21 Oct 2026, 16:05

# Built once, as views.REPORT_INPUTS is: resolving the joins and the progress subqueries on
# every request was over a third of the query's cost. Each request filters a copy, so this
# queryset itself is never evaluated. Only the values the rows show are read, as plain
# values: a model instance per row, and the select_related it needs, cost half as much again.
# Drafts have no submitted_at, so each kind comes out in its own order: submissions most
# recent first, drafts most recently saved first.
_MINE = (
    Assessment.objects.with_progress()
    .values(
        "public_id",
        "status",
        "rung__title",
        "rung__role__name",
        "rung__role__slug",
        "rung__role__source",
        "updated_at",
        "submitted_at",
        "readiness",
        "ready",
        "rated_count",
        "required_count",
    )
    .order_by("-submitted_at", "-updated_at")
)


@dataclass(frozen=True)
class DraftRow:
    public_id: UUID
    rung_title: str  # as shown (careers.names.display_name), as are the role names
    role_name: str
    source: str  # where the role came from, for its source label ("" for hand-made)
    rated_count: int
    required_count: int
    saved_on: str  # when it was last saved, in MINUTE_FORMAT
    url: str  # the rating form, to resume


@dataclass(frozen=True)
class SubmittedRow:
    public_id: UUID
    rung_title: str
    role_name: str
    source: str
    role_slug: str
    submitted_at: datetime.datetime
    submitted_on: str  # submitted_at in DAY_FORMAT
    submitted_iso: str  # submitted_at in ISO 8601, for <time datetime>
    report_url: str
    csv_url: str
    retake_url: str
    readiness_pct: int
    ready: bool
    verdict: str
    assessed_ago: str  # "3 days ago"
    due_for_retake: bool  # submitted more than RETAKE_AFTER ago


@dataclass(frozen=True)
class Dashboard:
    drafts: tuple[DraftRow, ...]  # most recently saved first
    submitted: tuple[SubmittedRow, ...]  # most recently submitted first
    latest_by_role: tuple[SubmittedRow, ...]  # each role's latest submission, by role name
    # What the apps above add (assessments.sections), above and below the lists: the reviews
    # the person accepted for others, their teams, their plan.
    top: tuple[sections.Part, ...] = ()
    bottom: tuple[sections.Part, ...] = ()

    def part(self, name: str) -> object:
        """The data of the registered dashboard part `name` (KeyError if none)."""
        return next(part.data for part in (*self.top, *self.bottom) if part.name == name)

    @property
    def is_empty(self) -> bool:
        return not self.drafts and not self.submitted


def build_dashboard(owner, *, now: datetime.datetime | None = None) -> Dashboard:
    """The person's drafts and submitted assessments, and the registered dashboard parts, in
    1 query however many there are (the person's assessments, both kinds at once) and those
    of the parts (with the shipped apps: the reviews they accepted for others, and their
    teams: 1 each).

    Readiness comes from the value frozen at submission: lists never rescore a report. Each
    submission says how long ago it was (at `now`, default the current time) and whether it
    is over RETAKE_AFTER old, so the dashboard can suggest a retake.
    """
    return dataclasses.replace(
        build_lists(owner, now=now),
        top=build_parts(owner, sections.DASHBOARD_TOP),
        bottom=build_parts(owner, sections.DASHBOARD_BOTTOM),
    )


def build_lists(owner, *, now: datetime.datetime | None = None) -> Dashboard:
    """`build_dashboard()` without the parts of the apps above: 1 query."""
    now = now or timezone.now()
    mine = list(_MINE.for_owner(owner))
    urls = _Urls()
    drafts = tuple(_draft_row(a, urls) for a in mine if a["status"] == Assessment.Status.DRAFT)
    submitted = tuple(
        _submitted_row(a, now, urls) for a in mine if a["status"] == Assessment.Status.SUBMITTED
    )
    latest: dict[str, SubmittedRow] = {}
    for row in submitted:
        latest.setdefault(row.role_slug, row)
    return Dashboard(
        drafts=drafts,
        submitted=submitted,
        latest_by_role=tuple(sorted(latest.values(), key=lambda row: row.role_name)),
    )


def build_parts(owner, slot: str, summary: Summary | None = None) -> tuple[sections.Part, ...]:
    """The registered dashboard parts at `slot`: each loads its data (its queries), except
    one that `summary` says has nothing to show, which draws its `dashboard_empty`."""
    return tuple(
        sections.Part(
            section.name,
            section.dashboard_template,
            section.dashboard(owner)
            if summary is None or summary.has(section)
            else section.dashboard_empty,
        )
        for section in sections.with_hook("dashboard")
        if section.dashboard_slot == slot
    )


@dataclass(frozen=True)
class Summary:
    """What the dashboard knows about a person before loading anything: how many
    assessments they have, a stamp that changes with every write to what their lists show,
    and which parts of the apps above have something to show."""

    count: int
    # (how many assessments, the latest `updated_at`, how many ratings with a level their
    # drafts hold), as the database gives them: only their changing matters. Starting,
    # saving and submitting renew `updated_at`, and deleting lowers the count; the ratings
    # count follows a draft's progress even when two app servers' clocks disagree.
    stamp: tuple[object, ...]
    empty_parts: frozenset[str]  # names of the sections whose `dashboard_any` was false

    def has(self, section: sections.Section) -> bool:
        return section.name not in self.empty_parts


def summarise(owner) -> Summary:
    """The person's `Summary`, in 1 query: one statement of scalar subqueries, each on an
    index of its person column, written as SQL as `progress.plan_page` writes its key: the
    ORM took three times as long to compile it as the whole page then took to draw."""
    checks = [(s.name, s.dashboard_any()) for s in sections.with_hook("dashboard_any")]
    with connection.cursor() as cursor:
        cursor.execute(
            ", ".join([_summary_sql(), *(check for _, check in checks)]),
            [owner.pk, owner.pk, owner.pk, Assessment.Status.DRAFT] + [owner.pk] * len(checks),
        )
        count, changed, rated, *found = cursor.fetchone()
    empty = frozenset(name for (name, _), any_ in zip(checks, found, strict=True) if not any_)
    return Summary(count=count, stamp=(count, changed, rated), empty_parts=empty)


@functools.cache
def _summary_sql() -> str:
    assessment, rating = Assessment._meta.db_table, Rating._meta.db_table
    return (
        f"SELECT (SELECT COUNT(*) FROM {assessment} WHERE owner_id = %s),"
        f" (SELECT MAX(updated_at) FROM {assessment} WHERE owner_id = %s),"
        f" (SELECT COUNT(*) FROM {rating} r JOIN {assessment} a ON a.id = r.assessment_id"
        f" WHERE a.owner_id = %s AND a.status = %s AND r.level IS NOT NULL)"
    )


def next_change(dashboard: Dashboard, now: datetime.datetime) -> datetime.datetime | None:
    """The first moment after `now` when the lists would read differently with no write at
    all: a submission's "assessed ... ago" and its retake nudge change only a whole number of
    days after it was submitted. None when nothing on them depends on the clock."""
    moments = []
    for row in dashboard.submitted:
        if row.submitted_at is None:
            continue
        elapsed = now - row.submitted_at
        if elapsed % DAY:
            moments.append(row.submitted_at + DAY * (elapsed // DAY + 1))
        else:  # on the boundary itself: "over 90 days" turns true just after it
            moments.append(now)
    return min(moments, default=None)


class _Urls:
    """An assessment's links, each URL pattern reversed once per dashboard rather than once
    per row: `reverse` cost a fifth of building the rows."""

    _PLACEHOLDER = UUID(int=0)

    def __init__(self) -> None:
        self._patterns: dict[str, str] = {}

    def __call__(self, name: str, public_id: UUID) -> str:
        if name not in self._patterns:
            self._patterns[name] = reverse(name, args=[self._PLACEHOLDER])
        return self._patterns[name].replace(str(self._PLACEHOLDER), str(public_id))


# Each row's dates and links are made once here: the page shows most of them more than once,
# and a `date` filter or a `{% url %}` per use cost about as much as all the rest of a row.
def _draft_row(values: dict[str, Any], urls: _Urls) -> DraftRow:
    return DraftRow(
        public_id=values["public_id"],
        rung_title=display_name(values["rung__title"]),
        role_name=display_name(values["rung__role__name"]),
        source=values["rung__role__source"],
        rated_count=values["rated_count"],
        required_count=values["required_count"],
        saved_on=format_moment(values["updated_at"], MINUTE_FORMAT),
        url=urls("assessments:rate", values["public_id"]),
    )


def _submitted_row(values: dict[str, Any], now: datetime.datetime, urls: _Urls) -> SubmittedRow:
    public_id = values["public_id"]
    submitted_at = values["submitted_at"]
    ready = bool(values["ready"])
    return SubmittedRow(
        public_id=public_id,
        rung_title=display_name(values["rung__title"]),
        role_name=display_name(values["rung__role__name"]),
        source=values["rung__role__source"],
        role_slug=values["rung__role__slug"],
        submitted_at=submitted_at,
        submitted_on=format_moment(submitted_at, DAY_FORMAT),
        submitted_iso=format_moment(submitted_at, "c"),
        report_url=urls("assessments:report", public_id),
        csv_url=urls("assessments:report_csv", public_id),
        retake_url=urls("assessments:retake", public_id),
        readiness_pct=scoring.round_percent(values["readiness"] or 0.0),
        ready=ready,
        verdict="Ready" if ready else NOT_READY_VERDICT,
        assessed_ago=assessed_ago(submitted_at, now) if submitted_at else "",
        due_for_retake=bool(submitted_at and now - submitted_at > RETAKE_AFTER),
    )


def format_moment(moment: datetime.datetime | None, format_string: str) -> str:
    """`moment` as the template filter `{{ moment|date:format_string }}` shows it: in the
    current time zone and language; "" for None."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), format_string)


def assessed_ago(when: datetime.datetime, now: datetime.datetime) -> str:
    """'today', '3 days ago', '4 months ago': the largest unit only, since exactness does
    not matter for a nudge."""
    if now - when < datetime.timedelta(days=1):
        return "today"
    return f"{timesince(when, now, depth=1)} ago".replace("\xa0", " ")
