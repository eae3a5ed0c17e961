"""What progress adds to the report, the dashboard and a person's data, through the registry
of assessments (assessments.sections), filled in ProgressConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from assessments import sections
from assessments.models import Assessment
from progress.models import CalendarFeed, Goal, StepChange
from progress.report import ReportProgress, build_progress, load_progress


def _key_part(assessment: Assessment) -> str:
    """Today's date: with a goal, the weeks left to it shrink every day, and whether there
    is a goal is not on the row (its changes renew the report stamp, progress.services).
    Every report is built afresh once a day for it, the price of a key read from the row."""
    return f"p{timezone.localdate().isoformat()}"


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
