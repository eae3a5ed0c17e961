"""What progress adds to the report, the dashboard and a person's data, through the registry
of assessments (assessments.sections), filled in ProgressConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments import sections
from assessments.models import Assessment
from progress.models import CalendarFeed, Goal, StepChange
from progress.report import ReportProgress, build_progress, load_progress


def _key_annotations() -> dict[str, Any]:
    """The owner's latest step change (by id, which only grows) and when their goal for the
    rung last changed: a subquery each, in the report's one key query."""
    return {
        "progress_last_change": Subquery(
            StepChange.objects.filter(owner=OuterRef("owner")).order_by("-pk").values("pk")[:1]
        ),
        "progress_goal_at": Subquery(_goal().values("updated_at")[:1]),
        # The goal itself rides along, so the report loads it without a query of its own.
        "progress_goal_date": Subquery(_goal().values("target_date")[:1]),
    }


def _goal():
    return Goal.objects.filter(owner=OuterRef("owner"), rung=OuterRef("rung"))


def _key_part(assessment: Assessment) -> str:
    """Changes with every step change and goal change; with a goal, also every day, since
    the weeks left to it shrink."""
    goal_at = assessment.progress_goal_at
    return "p{}/{}/{}".format(
        assessment.progress_last_change or "-",
        goal_at.isoformat() if goal_at else "-",
        timezone.localdate().isoformat() if goal_at else "-",
    )


def _json(data: ReportProgress | None) -> dict[str, Any]:
    """DESIGN.md §17: `goal` (null without one) and the hours done and left."""
    if data is None:
        return {}
    progress, goal = data.progress, data.progress.goal
    return {
        "progress": {
            "hours_done": progress.hours_done,
            "hours_left": progress.hours_left,
            "projected_readiness": progress.projected_pct,
        },
        "goal": None
        if goal is None
        else {
            "target_date": goal.target_date.isoformat(),
            "hours_left": goal.hours_left,
            "weeks_left": goal.weeks_left,
            "on_track": goal.on_track,
        },
    }


def _plan_item_json(data: ReportProgress | None, step) -> dict[str, Any]:
    return {} if data is None else {"state": data.state(step.key)}


def _csrf_panel(request, assessment: Assessment, forms) -> bool:
    return True  # the hidden CSRF inputs of the progress forms in the cached body


def _personal_data(user) -> dict[str, Any]:
    """Every step state change, every goal, and whether a calendar feed exists (never its
    token: only the digest is stored)."""
    feed = CalendarFeed.objects.filter(owner=user).values_list("created_at", flat=True).first()
    return {
        "plan_step_changes": [
            {"step": key, "state": state, "changed_at": changed_at.isoformat()}
            for key, state, changed_at in StepChange.objects.for_owner(user)
            .order_by("pk")
            .values_list("key", "state", "changed_at")
        ],
        "goals": [
            {"rung": rung, "target_date": target.isoformat()}
            for rung, target in Goal.objects.filter(owner=user)
            .order_by("target_date", "pk")
            .values_list("rung__title", "target_date")
        ],
        "calendar_feed": {"created_at": feed.isoformat()} if feed else None,
    }


def register() -> None:
    sections.register(
        sections.Section(
            name="progress",
            load=load_progress,
            build=build_progress,
            key_annotations=_key_annotations,
            key_part=_key_part,
            template="progress/_report_progress.html",
            slot=sections.AFTER_PLAN,
            plan_step_heading="Progress",
            plan_step_template="progress/_step_state.html",
            panel=_csrf_panel,
            panel_template="progress/_report_csrf.html",
            json=_json,
            plan_item_json=_plan_item_json,
            dashboard=lambda user: reverse("progress:plan"),
            dashboard_template="progress/_dashboard_plan.html",
            dashboard_slot=sections.DASHBOARD_TOP,
            personal_data=_personal_data,
            personal_models=("progress.StepChange", "progress.Goal", "progress.CalendarFeed"),
        )
    )
