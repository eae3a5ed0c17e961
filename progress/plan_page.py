"""My plan, `/plan/` (DESIGN.md §17): every open step of the person's latest submitted
assessment of each rung, grouped by skill, with states and hours, and the hours left over
time. Loaded in a fixed number of queries however many assessments, skills and changes; its
body is cached under `page_key()`, so it is built only when that misses."""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments import planning
from assessments.models import Assessment, Profile
from assessments.report.plan import whole_hours
from careers.cache import framework_version
from progress import chart, plans, tracking
from progress.models import CalendarFeed, StepChange

# Bump when plan.html's cached body or the page's shape changes.
LAYOUT_VERSION = 2


@dataclass(frozen=True)
class SkillGroup:
    skill: str
    steps: tuple[plans.PlanStep, ...]  # open steps (to do or doing), in plan order
    hours_left: int | float
    done_count: int


@dataclass(frozen=True)
class PlanRung:
    title: str
    role: str
    report_url: str
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class PlanPage:
    rungs: tuple[PlanRung, ...]  # the assessments the plan comes from, by rung title
    skills: tuple[SkillGroup, ...]  # skills with an open step, most hours left first
    step_count: int
    done_count: int
    hours_done: int | float
    hours_left: int | float
    hours_per_week: int
    weeks_left: int  # at hours_per_week
    chart: chart.HoursChart | None  # None without any plan

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple(tracking.STATE_LABELS.items())

    def steps_by_key(self) -> dict[str, planning.PlannedStep]:
        """Every step on the page (the open ones), by key."""
        return {o.step.key: o.step for group in self.skills for o in group.steps}


@dataclass(frozen=True)
class PageKey:
    key: str  # the page's body depends on nothing else (`page_key`)
    has_feed: bool  # the calendar section, drawn outside the cached body


def page_key(owner, *, today: datetime.date) -> PageKey:
    """What My plan's body depends on, as one cache key, and whether the person has a calendar
    feed. One query (`_KEY_SQL`), and the framework version from the cache:

    - the plans: the latest submission of each rung; submissions only ever add, so the time
      of the person's last one says when that changed                  -> last submitted at
    - the states and the history drawn from them: changes only ever add -> the last change
    - the hours per week (weeks left, the plans' weeks)                  -> hours per week
    - learning steps, rung and role names are live framework data       -> framework version
    - the chart runs up to today                                         -> today
    - the template and the page's shape                                  -> LAYOUT_VERSION
    """
    with connection.cursor() as cursor:
        cursor.execute(_key_sql(), [owner.pk, Assessment.Status.SUBMITTED, *[owner.pk] * 3])
        last_submitted, last_change, hours, has_feed = cursor.fetchone()
    parts = (
        f"plan-v{LAYOUT_VERSION}",
        owner.pk,
        last_submitted or "-",  # as the database gives it: only its changing matters
        last_change or "-",
        hours or "-",
        framework_version(),
        today.isoformat(),
    )
    return PageKey(":".join(map(str, parts)), bool(has_feed))


@functools.cache
def _key_sql() -> str:
    """The four values of `page_key` in one statement of four scalar subqueries, each on an
    index of its owner column. Written as SQL: the ORM takes about 0.9 ms of CPU to compile
    either this or four small queries, which is half of what serving the whole signed-in
    frame costs, against 0.02 ms to run it (bench/shell_ratios.py plan)."""
    assessment, change = Assessment._meta.db_table, StepChange._meta.db_table
    profile, feed = Profile._meta.db_table, CalendarFeed._meta.db_table
    return (
        f"SELECT (SELECT MAX(submitted_at) FROM {assessment} WHERE owner_id = %s AND status = %s),"
        f" (SELECT MAX(id) FROM {change} WHERE owner_id = %s),"
        f" (SELECT hours_per_week FROM {profile} WHERE user_id = %s),"
        f" EXISTS (SELECT 1 FROM {feed} WHERE owner_id = %s)"
    )


def build_plan_page(owner, *, today: datetime.date) -> PlanPage:
    """The page for `owner`. Queries: 5 however many assessments, skills and changes.

    1. the person's latest submitted assessment of each rung;
    2. their snapshot rows with a gap;
    3. the person's hours per week;
    4. the learning steps of the skills with a gap;
    5. every step change the person made, oldest first.
    """
    latest = plans.load_latest([owner.pk])[owner.pk]
    rows = plans.load_gap_rows([a.pk for a in latest])
    hours_per_week = plans.load_hours_per_week([owner.pk])[owner.pk]
    steps = plans.load_learning_steps(rows)
    changes = list(
        StepChange.objects.for_owner(owner).order_by("pk").values_list("key", "state", "changed_at")
    )
    states = tracking.latest_states((key, state) for key, state, _ in changes)
    planned = plans.plan_steps(latest, rows, steps, states, hours_per_week=hours_per_week)
    return _page(latest, planned, changes, hours_per_week, today)


def _page(
    latest: Sequence[plans.Latest],
    planned: dict[str, plans.PlanStep],
    changes: Sequence[tuple[str, str, datetime.datetime]],
    hours_per_week: int,
    today: datetime.date,
) -> PlanPage:
    groups: dict[str, list[plans.PlanStep]] = defaultdict(list)
    done_by_skill: dict[str, int] = defaultdict(int)
    for item in planned.values():
        if item.is_open:
            groups[item.skill].append(item)
        else:
            done_by_skill[item.skill] += 1
    skills = tuple(
        sorted(
            (
                SkillGroup(
                    skill=skill,
                    steps=tuple(open_steps),
                    hours_left=whole_hours(math.fsum(s.step.hours for s in open_steps)),
                    done_count=done_by_skill[skill],
                )
                for skill, open_steps in groups.items()
            ),
            key=lambda group: (-group.hours_left, group.skill.casefold()),
        )
    )
    hours = {key: item.step.hours for key, item in planned.items()}
    total = math.fsum(hours.values())
    left = math.fsum(s.step.hours for group in skills for s in group.steps)
    start = min((a.submitted_at for a in latest), default=None)
    return PlanPage(
        rungs=tuple(
            PlanRung(a.rung_title, a.role_name, _report_url(a.public_id), a.submitted_at)
            for a in latest
        ),
        skills=skills,
        step_count=len(planned),
        done_count=sum(done_by_skill.values()),
        hours_done=whole_hours(total - left),
        hours_left=whole_hours(left),
        hours_per_week=hours_per_week,
        weeks_left=planning.weeks_for(left, hours_per_week),
        chart=chart.hours_chart(_history(start, hours, changes, today)) if planned else None,
    )


def _report_url(public_id) -> str:
    return reverse("assessments:report", args=[public_id])


def _history(
    start: datetime.datetime | None,
    hours: dict[str, float],
    changes: Sequence[tuple[str, str, datetime.datetime]],
    today: datetime.date,
) -> list[tuple[datetime.date, float]]:
    """(day, hours left at its end) from the first plan's day to today, one point a day that
    changed anything, replaying the person's changes of the steps on today's plan."""
    done: set[str] = set()
    total = math.fsum(hours.values())
    first = timezone.localdate(start) if start else today
    points: dict[datetime.date, float] = {first: total}
    for key, state, changed_at in changes:
        if key not in hours:
            continue
        (done.add if state == tracking.DONE else done.discard)(key)
        day = max(first, timezone.localdate(changed_at))
        points[day] = total - math.fsum(hours[k] for k in done)
    points.setdefault(today, total - math.fsum(hours[k] for k in done))
    return sorted(points.items())
