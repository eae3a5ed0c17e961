"""Progress on a plan (DESIGN.md §17): a step's state and the goal on a report, My plan, and
the calendar feed."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.links import on_site
from accounts.tokens import find_by_token, spend_token_guess
from assessments.models import Assessment
from assessments.report import cache as report_cache
from assessments.views import REPORT_INPUTS, get_owned_assessment, render_report
from progress import calendar, services
from progress.forms import GoalForm, StepStateForm
from progress.models import CalendarFeed
from progress.plan_page import PlanPage, build_plan_page, page_key
from progress.tracking import STATE_LABELS

INVALID = 422
PROGRESS_ANCHOR = "#progress"
STATE_SAVED = "Saved: “{title}” is now {label}."
GOAL_SAVED = "Goal set: ready by {date}."
GOAL_CLEARED = "Goal cleared."
FEED_CREATED = "Your calendar address is ready. Copy it now: it is shown only once."
FEED_REVOKED = "Calendar address revoked: calendars using it get nothing more."
# Only the token's digest is stored, so the new address waits in the session for the one
# page that shows it, and is removed as it is shown (as share links do).
NEW_FEED_SESSION_KEY = "progress:new-feed"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refuse_state(
    request: HttpRequest, form: StepStateForm, page: Callable[[], HttpResponse]
) -> HttpResponse:
    """422: the errors as JSON for the page's script, else in the re-rendered `page`."""
    errors = [error for field in form.errors.values() for error in field]
    if _wants_json(request):
        return JsonResponse({"errors": errors}, status=INVALID)
    for error in errors:
        messages.error(request, error)
    return page()


@login_required
def step_state(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = report_cache.full_report(assessment)
    steps = {step.key: step for _, step in report.plan.steps}
    form = StepStateForm(request.POST, keys=steps)
    if not form.is_valid():
        return _refuse_state(
            request, form, lambda: render_report(request, assessment, status=INVALID)
        )
    key, state = form.cleaned_data["step"], form.cleaned_data["state"]
    services.set_step_state(owner=request.user, key=key, state=state)
    progress = report.sections["progress"].with_state(key, state)
    saved = STATE_SAVED.format(title=steps[key].title, label=STATE_LABELS[state].lower())
    if _wants_json(request):
        return JsonResponse({"step": key, "state": state, "message": saved, **progress.summary()})
    messages.success(request, saved)
    return redirect(f"{_report_posted_from(request, assessment)}#learning-plan")


def _report_posted_from(request: HttpRequest, assessment: Assessment) -> str:
    """The report page a state or goal form was posted from: the full report sends
    `return_to=full`, so a reader without JavaScript stays on the page they were reading."""
    if request.POST.get("return_to") == "full":
        return reverse("assessments:report_full", args=[assessment.public_id])
    return assessment.get_report_url()


@login_required
def goal(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = GoalForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return render_report(
            request, assessment, forms={"goal": form}, refused_in_body=True, status=INVALID
        )
    if form.is_clear:
        services.clear_goal(owner=request.user, rung=assessment.rung)
        messages.success(request, GOAL_CLEARED)
    else:
        target = form.cleaned_data["target_date"]
        services.set_goal(owner=request.user, rung=assessment.rung, target_date=target)
        messages.success(request, GOAL_SAVED.format(date=target.strftime("%-d %B %Y")))
    return redirect(_report_posted_from(request, assessment) + PROGRESS_ANCHOR)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    """My plan; a POST sets one of its open steps' state, as the report's form does."""
    if request.method == "POST":
        return _set_plan_state(request, build_plan_page(request.user, today=timezone.localdate()))
    return _render_plan(request, new_feed_url=request.session.pop(NEW_FEED_SESSION_KEY, None))


def _render_plan(
    request: HttpRequest,
    *,
    page: PlanPage | None = None,
    new_feed_url: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page's body is cached under `page_key` by the template: the page is built (lazily)
    only when that misses."""
    today = timezone.localdate()
    key = page_key(request.user, today=today)
    context = {
        "page": page or SimpleLazyObject(lambda: build_plan_page(request.user, today=today)),
        "page_key": key.key,
        "has_feed": key.has_feed,
        "state_choices": STATE_LABELS,
        "new_feed_url": new_feed_url,
    }
    return render(request, "progress/plan.html", context, status=status)


def _set_plan_state(request: HttpRequest, page: PlanPage) -> HttpResponse:
    steps = page.steps_by_key()
    form = StepStateForm(request.POST, keys=steps)
    if not form.is_valid():
        return _refuse_state(
            request, form, lambda: _render_plan(request, page=page, status=INVALID)
        )
    key, state = form.cleaned_data["step"], form.cleaned_data["state"]
    services.set_step_state(owner=request.user, key=key, state=state)
    saved = STATE_SAVED.format(title=steps[key].title, label=STATE_LABELS[state].lower())
    if _wants_json(request):
        page = build_plan_page(request.user, today=timezone.localdate())
        summary = {"hours_done": page.hours_done, "hours_left": page.hours_left}
        return JsonResponse({"step": key, "state": state, "message": saved, **summary})
    messages.success(request, saved)
    return redirect(reverse("progress:plan") + "#open-steps-title")


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    token = services.renew_calendar_feed(owner=request.user)
    request.session[NEW_FEED_SESSION_KEY] = on_site(reverse("progress:calendar", args=[token]))
    messages.success(request, FEED_CREATED)
    return redirect(reverse("progress:plan") + "#calendar")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    services.revoke_calendar_feed(owner=request.user)
    messages.success(request, FEED_REVOKED)
    return redirect(reverse("progress:plan") + "#calendar")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's goal and retake dates as iCalendar, for whoever holds the secret address.
    An unknown or revoked token answers 404, as a wrong guess does."""
    spend_token_guess(request)
    feed = find_by_token(CalendarFeed.objects.select_related("owner"), token)
    if feed is None:
        raise Http404
    return HttpResponse(
        calendar.build_feed(feed.owner),
        content_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )
