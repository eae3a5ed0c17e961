"""Taking a self-assessment and reading its report.

Views orchestrate only: fetch through the one access helper, bind a form, call a service or
`report.build_report()`, then render or redirect.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from assessments import sections
from assessments.dashboard_page import dashboard_body
from assessments.forms import SAVE, HoursPerWeekForm, NewAssessmentForm
from assessments.jinja_parts import render_part
from assessments.models import Assessment
from assessments.rating_page import RatingSteps, load_rating_steps, range_json
from assessments.report import build_gap_report, voice
from assessments.report import cache as report_cache
from assessments.rung_picker import load_rung_picker
from assessments.services import (
    SUBMITTED_ERROR,
    AssessmentSubmittedError,
    UnratedSkillsError,
    retake_assessment,
    save_ratings,
    set_hours_per_week,
    start_assessment,
    submit_assessment,
)
from assessments.step_cache import RenderedStep, cached_step, render_step
from assessments.steps import RETURN_PARAM
from careers.cache import framework_version
from careers.forms import RESULTS_ONLY_HEADER, RoleSearchForm, wants_results_only
from careers.templatetags.compact import drop_indentation

# Refused input re-renders the form, with what the person typed, as 422 Unprocessable Content.
INVALID = 422
READ_METHODS = ("GET", "HEAD")
FORM_METHODS = ("GET", "HEAD", "POST")

DRAFT_SAVED = "Draft saved: {rated} of {total} skills rated."
SUBMITTED = "Assessment submitted. Here is your gap report."
ALREADY_SUBMITTED = "This assessment was already submitted; nothing changed."
RETAKE_STARTED = "Here is your draft for {rung}, starting from your last ratings."
HOURS_SAVED = "Saved: {hours} hour{plural} a week. Your weeks to ready are updated."

# The report's body, in Django's language: the shared page draws it too (reviews/shared.html).
REPORT_BODY = "assessments/_report_body.html"
# What the owner's first screen leaves to the full report, fetched with this header.
REPORT_PARTS = "assessments/report_parts.html"
REPORT_PARTS_HEADER = "X-Report-Parts"
# Built once: resolving its joins on every request cost a quarter of a millisecond of a
# cached report's four. Each use filters a copy, so this queryset itself is never evaluated.
REPORT_INPUTS = Assessment.objects.with_rung().with_report_inputs()
# Built once for the same reason.
WITH_RUNG = Assessment.objects.with_rung()
# A draft's row alone: a step served from the cache and a save need nothing else, and the
# rung's and role's long columns cost more to read than the row. A step rendered anew
# loads its rung and role itself (step_cache.render_step).
DRAFT_ROW = Assessment.objects.all()


def get_owned_assessment(
    request: HttpRequest, public_id: UUID, queryset: QuerySet[Assessment] | None = None
) -> Assessment:
    """The signed-in person's assessment, or 404 for anyone else (never 403: no leak).

    The one access helper for an assessment by its owner's URLs, here and in the apps
    above (reviews, progress). `queryset` picks what comes with it, e.g. REPORT_INPUTS
    for a page that builds the report; by default its rung and role.
    """
    queryset = WITH_RUNG if queryset is None else queryset
    return get_object_or_404(queryset, public_id=public_id, owner=request.user)


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    """405 for a method the view does not take. Called after the ownership check, so a
    stranger gets the same 404 whatever the method."""
    return None if request.method in allowed else HttpResponseNotAllowed(allowed)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/dashboard.html", {"body": dashboard_body(request)})


@login_required
@require_http_methods(FORM_METHODS)
def new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = NewAssessmentForm(data)
    if form.is_bound and form.is_valid():
        return redirect(start_assessment(owner=request.user, rung=form.cleaned_data["rung"]))
    search = RoleSearchForm(request.GET)
    picker = load_rung_picker(
        owner=request.user,
        text=search.text(),
        role_slug=request.GET.get("role", ""),
        selected=str(form["rung"].value() or ""),
    )
    # The search form and the choices are cached per framework version (the templates);
    # live-search.js asks for the choices alone.
    context = {
        "form": form,
        "search": search,
        "picker": picker,
        "framework_version": framework_version(),
    }
    status = INVALID if form.is_bound else 200
    template = "assessments/new.html"
    if not form.is_bound and wants_results_only(request):
        template = "assessments/_rung_choices.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, [RESULTS_ONLY_HEADER])
    return response


@login_required
def rate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, DRAFT_ROW)
    if refused := _refuse_method(request, FORM_METHODS):
        return refused
    if assessment.is_submitted:
        return _submitted_rate(request, get_owned_assessment(request, public_id))
    if request.method != "POST":
        step, returning = request.GET.get("step"), request.GET.get(RETURN_PARAM)
        rendered = cached_step(assessment, step=step, returning=returning)
        return _step_response(request, rendered)
    steps = load_rating_steps(
        assessment,
        data=request.POST,
        step=request.POST.get("step"),
        returning=request.POST.get(RETURN_PARAM),
    )
    if not steps.form.is_valid():
        return _render_step(request, assessment, steps.showing_first_error(), status=INVALID)
    return _save_or_submit(request, assessment, steps)


def _save_or_submit(
    request: HttpRequest, assessment: Assessment, steps: RatingSteps
) -> HttpResponse:
    """Every action saves first; then submit goes to the report, the others to a step."""
    form = steps.form
    try:
        if form.is_submit:
            submitted = submit_assessment(assessment=assessment, ratings=form.ratings)
            messages.success(request, SUBMITTED if submitted else ALREADY_SUBMITTED)
            return redirect(assessment.get_report_url())
        save_ratings(assessment=assessment, ratings=form.ratings, requirements=form.requirements)
    except UnratedSkillsError as error:
        form.flag_unrated(str(error))
        return _render_step(request, assessment, steps.on_review(), status=INVALID)
    except AssessmentSubmittedError:
        messages.error(request, SUBMITTED_ERROR)
        return redirect(assessment.get_report_url())
    action = form.cleaned_data["action"]
    if action == SAVE:
        rated = sum(1 for level in form.levels().values() if level is not None)
        messages.success(request, DRAFT_SAVED.format(rated=rated, total=form.required_count))
    return redirect(f"{assessment.get_absolute_url()}?{steps.query_after(action)}")


def _render_step(
    request: HttpRequest, assessment: Assessment, steps: RatingSteps, status: int = 200
) -> HttpResponse:
    return _step_response(request, render_step(assessment, steps), status)


def _step_response(request: HttpRequest, step: RenderedStep, status: int = 200) -> HttpResponse:
    context = {**step.context, "step": step}
    return render(request, "assessments/rate.html", context, status=status)


@login_required
def readiness_range(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id)
    if refused := _refuse_method(request, READ_METHODS):
        return refused
    return JsonResponse(range_json(assessment))


def _submitted_rate(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """A submitted assessment is read-only: a POST changes nothing and lands on the report."""
    if request.method == "POST":
        if request.POST.get("action") == "submit":
            messages.info(request, ALREADY_SUBMITTED)
        else:
            messages.error(request, SUBMITTED_ERROR)
        return redirect(assessment.get_report_url())
    context = {"assessment": assessment, "report": build_gap_report(assessment)}
    return render(request, "assessments/rate_submitted.html", context)


@login_required
def retake(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    draft = retake_assessment(assessment=assessment)
    messages.success(request, RETAKE_STARTED.format(rung=draft.rung.title))
    return redirect(draft)


@login_required
def report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    # Ownership first, always: the cache below is keyed by assessment and trusts its caller.
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, READ_METHODS):
        return refused
    return render_report(request, assessment)


@login_required
def report_full(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The whole report on one page (for a reader without JavaScript, and for print); asked
    with REPORT_PARTS_HEADER (by report-parts.js), only what the first screen leaves out."""
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, READ_METHODS):
        return refused
    if request.headers.get(REPORT_PARTS_HEADER) != "1":
        return render_report(request, assessment, full=True)
    context = _report_context(assessment)
    parts = report_cache.report_body(
        assessment, lambda: _draw_parts(context, request), report_cache.PARTS
    )
    response = HttpResponse(parts)
    patch_vary_headers(response, [REPORT_PARTS_HEADER])
    return response


@login_required
def hours_per_week(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    form = HoursPerWeekForm(request.POST)
    if not form.is_valid():
        return render_report(request, assessment, hours_form=form, status=INVALID)
    hours = form.cleaned_data["hours_per_week"]
    set_hours_per_week(user=request.user, hours=hours)
    messages.success(request, HOURS_SAVED.format(hours=hours, plural="" if hours == 1 else "s"))
    return redirect(f"{assessment.get_report_url()}#learning-plan")


def _report_context(
    assessment: Assessment, hours_form: HoursPerWeekForm | None = None
) -> dict[str, Any]:
    """What the report body's templates draw from; the report is built only if they read it."""
    hours = report_cache.hours_per_week(assessment)
    return {
        "assessment": assessment,
        "report": SimpleLazyObject(lambda: report_cache.full_report(assessment)),
        "voice": voice.OWNER,
        # Drawn only in the body, so only on a miss or a refusal: built then, not on every hit.
        "hours_form": hours_form
        or SimpleLazyObject(lambda: HoursPerWeekForm(initial={"hours_per_week": hours})),
        "show_notes": True,  # the owner's own notes, under each skill of the gap table
    }


def _draw_parts(context: Mapping[str, Any], request: HttpRequest) -> str:
    return drop_indentation(render_to_string(REPORT_PARTS, context, request))


def render_report(
    request: HttpRequest,
    assessment: Assessment,
    *,
    hours_form: HoursPerWeekForm | None = None,
    forms: Mapping[str, Any] | None = None,
    refused_in_body: bool = False,
    full: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The report page: its first screen, or with `full` every section. Its body (Django's
    `_report_body.html`) is cached under `report_key`, so the report is built (lazily, on
    first use) only when that cache misses. Refused forms come by name in `forms` ("review",
    "share", "goal"); one drawn in the body (`hours_form`, or with `refused_in_body`) is shown
    as typed, so that body is not cached. The page around the body, with the registered
    sections' panels (the owner's review requests and share links, ...), is drawn per request
    in Jinja2, each panel given `forms`."""
    forms = forms or {}
    context = {**_report_context(assessment, hours_form), "forms": forms, "first_screen": not full}

    def draw_body() -> str:
        body = drop_indentation(render_to_string(REPORT_BODY, context, request))
        if not full and not refused:
            # The parts that report-parts.js fetches next, drawn now from the report just
            # built, so that fetch is a cache hit rather than a second build.
            report_cache.store_body(assessment, _draw_parts(context, request), report_cache.PARTS)
        return body

    refused = hours_form is not None or refused_in_body
    part = report_cache.FULL if full else ""
    body = draw_body() if refused else report_cache.report_body(assessment, draw_body, part)
    panels = [
        sections.Part(section.name, section.panel_template, data)
        for section in sections.with_hook("panel")
        if (data := section.panel(request, assessment, forms)) is not None
    ]
    page = {"assessment": assessment, "body": mark_safe(body), "panels": panels, "full": full}
    content = render_part("assessments/report_page.html", page, request)
    return render(request, "assessments/report.html", {**page, "content": content}, status=status)


@login_required
def report_csv(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, READ_METHODS):
        return refused
    filename, text = report_cache.report_csv(assessment)
    return HttpResponse(
        text,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
def report_json(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, READ_METHODS):
        return refused
    filename, text = report_cache.report_json(assessment)
    return HttpResponse(
        text,
        content_type="application/json",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
