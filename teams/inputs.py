"""Everything the team pages read, in a fixed number of queries: the one module of teams
that queries for them (the access helper in views aside).

Only sharing members' ratings are ever loaded, and only the level: notes and evidence
links never leave the snapshot for a team page.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from accounts.names import name_of
from assessments import planning
from assessments.models import Assessment, SubmittedRequirement
from careers import names as framework_names
from careers.models import LearningStep, Requirement, Rung
from careers.selectors import pick_rungs
from teams import heatmap
from teams.models import Membership, Team, unnamed_member

RUNG_MISSING = "That rung does not exist. Choose one from the list."


@dataclass(frozen=True)
class RoleRungs:
    """One role's rungs, for the picker's optgroup."""

    role: str  # its name as shown
    rungs: tuple[Rung, ...]
    source: str  # where the role came from, for its source label ("" for hand-made)


@dataclass(frozen=True)
class Picker:
    groups: tuple[RoleRungs, ...]
    rung: Rung | None  # the chosen rung, None when none or a bad one was asked for
    error: str  # why the asked-for rung was refused, or ""
    text: str = ""  # the search the rungs were found by, "" for none


@dataclass(frozen=True)
class MyTeam:
    """One of the person's teams, as their lists show it."""

    name: str
    slug: str
    url: str
    is_manager: bool
    shares: bool  # the person shares their ratings with the team's managers


def any_team() -> str:
    """SQL for whether the person (its one parameter) is in a team: for the dashboard's
    summary statement, which skips `load_my_teams` for the many in none."""
    return f"EXISTS (SELECT 1 FROM {Membership._meta.db_table} WHERE person_id = %s)"


def load_my_teams(person) -> tuple[MyTeam, ...]:
    """The person's teams, by name (1 query)."""
    with connection.cursor() as cursor:
        cursor.execute(_my_teams_sql(), [person.pk])
        rows = cursor.fetchall()
    return tuple(
        MyTeam(name, slug, reverse("teams:detail", args=[slug]), bool(manager), bool(shares))
        for name, slug, manager, shares in rows
    )


@functools.cache
def _my_teams_sql() -> str:
    """`load_my_teams`' statement, on the index of the person's memberships. Written as SQL,
    as the dashboard's summary is (assessments.dashboard.summarise): the dashboard lists the
    person's teams on every request, and the ORM took five times as long to compile this
    join as the database took to run it."""
    membership, team = Membership._meta.db_table, Team._meta.db_table
    return (
        f"SELECT t.name, t.slug, m.is_manager, m.shares FROM {membership} m"
        f" JOIN {team} t ON t.id = m.team_id WHERE m.person_id = %s ORDER BY t.name, t.id"
    )


@dataclass(frozen=True)
class TeamMember:
    """A membership as the team pages show it: the few values read, not a model instance
    with its account (a team of 50 costs a third of the page's own work that way)."""

    pk: int
    person_id: int
    is_manager: bool
    shares: bool
    display_name: str  # Membership.display_name's rule: the chosen name, else a label
    # For the manager's view's cache key (teams.cache), never shown, and for sharing
    # members only (else None and 0): their newest submission's date, and how many.
    last_submitted: datetime.datetime | None = None
    submitted_count: int = 0


_SHARED_SUBMISSION = Q(shares=True, person__assessments__status=Assessment.Status.SUBMITTED)
_MEMBERS = (
    Membership.objects.order_by()
    .annotate(
        name=name_of("person"),
        last_submitted=Max("person__assessments__submitted_at", filter=_SHARED_SUBMISSION),
        submitted_count=Count("person__assessments", filter=_SHARED_SUBMISSION),
    )
    .values_list(
        "pk", "person_id", "is_manager", "shares", "name", "last_submitted", "submitted_count"
    )
)


def load_members(team: Team) -> tuple[TeamMember, ...]:
    """Every member with their display name, managers first, then by name (1 query, with
    the sharing members' submissions counted)."""
    members = [
        TeamMember(pk, person, manager, shares, name.strip() or unnamed_member(pk), last, count)
        for pk, person, manager, shares, name, last, count in _MEMBERS.filter(team=team)
    ]
    return tuple(sorted(members, key=lambda m: (not m.is_manager, m.display_name.casefold())))


def load_picker(asked: str | None, text: str = "") -> Picker:
    """The rungs to offer, grouped by role: those of the roles matching `text` (the
    catalogue's search), else the hand-made roles', at most PICKER_LIMIT; and the rung
    `asked` for by id, offered too wherever it is. Absent is no rung; anything unknown is
    refused with RUNG_MISSING. Two queries (the roles' ids, none when that search is
    cached; their rungs), and one more for an asked-for rung."""
    chosen = find_rung(asked) if asked else None
    rungs = pick_rungs(text)
    if chosen is not None and chosen not in rungs:
        rungs = [chosen, *rungs]
    groups: dict[int, list[Rung]] = {}
    names: dict[int, str] = {}
    for rung in rungs:
        names[rung.role_id] = framework_names.display_name(rung.role.name)
        groups.setdefault(rung.role_id, []).append(rung)
    picker_groups = tuple(
        RoleRungs(names[role_id], tuple(role_rungs), role_rungs[0].role.source)
        for role_id, role_rungs in groups.items()
    )
    error = RUNG_MISSING if asked and chosen is None else ""
    return Picker(picker_groups, chosen, error, text)


def find_rung(asked: str | None) -> Rung | None:
    """The current rung with this id, with its role (one query), or None."""
    asked = (asked or "").strip()
    if not asked.isdigit():
        return None
    return Rung.objects.current().with_role().filter(pk=int(asked)).first()


def load_heatmap(
    rung: Rung, members: Sequence[TeamMember], viewer: Membership, *, with_steps: bool = True
) -> heatmap.Heatmap:
    """The manager's view of `rung` for the sharing ones among `members`, in 3 queries
    however many members and skills (2 without learning steps, for the CSV).

    The members not sharing are only counted, leaving out the `viewer`, who knows their
    own choice.

    1. the rung's requirements, with skill and category;
    2. each sharing member's latest submitted rating of each of those skills;
    3. the learning steps of those skills.
    """
    skills = _load_skills(rung)
    sharing = [m for m in members if m.shares]
    latest = _load_latest_ratings([m.person_id for m in sharing], [s.skill_id for s in skills])
    steps = _load_steps([s.skill_id for s in skills]) if with_steps and sharing else {}
    return heatmap.build_heatmap(
        skills,
        [heatmap.Member(m.person_id, m.display_name, latest[m.person_id]) for m in sharing],
        steps,
        not_sharing=sum(1 for m in members if not m.shares and m.pk != viewer.pk),
    )


def _load_skills(rung: Rung) -> list[heatmap.Skill]:
    return [
        heatmap.Skill(*row)
        for row in Requirement.objects.current()
        .filter(rung=rung)
        .order_by()
        .values_list("skill_id", "skill__name", "skill__category__name", "level", "importance")
    ]


def _load_latest_ratings(
    person_ids: Sequence[int], skill_ids: Sequence[int]
) -> defaultdict[int, dict[int, int]]:
    """person id -> skill id -> the level of their latest submitted rating of it, from any
    assessment. One query: the newest snapshot row per (person, skill) by a window."""
    latest: defaultdict[int, dict[int, int]] = defaultdict(dict)
    if not person_ids or not skill_ids:
        return latest
    newest_first = Window(
        RowNumber(),
        partition_by=[F("assessment__owner_id"), F("skill_id")],
        order_by=[F("assessment__submitted_at").desc(), F("assessment_id").desc()],
    )
    rows = (
        SubmittedRequirement.objects.filter(
            assessment__owner_id__in=person_ids,
            assessment__status=Assessment.Status.SUBMITTED,
            skill_id__in=skill_ids,
        )
        .annotate(newest=newest_first)
        .filter(newest=1)
        .values_list("assessment__owner_id", "skill_id", "rated_level")
    )
    for person_id, skill_id, rated in rows:
        latest[person_id][skill_id] = rated
    return latest


def _load_steps(skill_ids: Sequence[int]) -> dict[int, list[planning.Step]]:
    steps: dict[int, list[planning.Step]] = defaultdict(list)
    for skill_id, title, kind, url, hours, target in (
        LearningStep.objects.filter(skill_id__in=skill_ids)
        .order_by()
        .values_list("skill_id", "title", "kind", "url", "hours", "target_level")
    ):
        steps[skill_id].append(planning.Step(title, kind, hours, target, url))
    return dict(steps)
