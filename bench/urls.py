"""The product's URLs, plus reference pages that each do one part of a real page's work.

A page's ratio to `/healthz` says how it compares with a trivial request, not what share of
its time is its own. These pages measure the floors under the real ones: what a signed-in
request costs before a view does anything, what the page frame (base.html) costs, what the
rating step's data costs without its HTML, what the save service costs without the form,
and what serving a report's cached body alone costs. `bench/run.py --references` loads them.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.http import require_POST

from assessments.rating_page import build_rating_page, load_rating_steps
from assessments.report import cache as report_cache
from assessments.services import save_ratings

# The real pages' own ownership check, so a floor never costs more than their part of it.
from assessments.views import REPORT_INPUTS, render_report
from assessments.views import get_owned_assessment as _owned


def _text(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/plain")


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """The session and the user: what every signed-in page pays before its view runs."""
    return _text(f"signed in as {request.user.pk}")


@login_required
def page_shell(request: HttpRequest) -> HttpResponse:
    """base.html with an empty body: navigation, messages, static links, the CSRF token."""
    return render(request, "base.html")


@login_required
def owned(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The ownership check every assessment page starts with, and nothing else."""
    return _text(str(_owned(request, public_id).pk))


@login_required
def step_data(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Everything the rating step's template is given, without rendering it."""
    assessment = _owned(request, public_id)
    steps = load_rating_steps(assessment, step=request.GET.get("step"))
    page = build_rating_page(assessment, steps)
    return _text(f"step {page.number}: {len(page.items)} skills")


@login_required
@require_POST
def save_only(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The save service on a step's posted levels: no form, no steps, no message."""
    assessment = _owned(request, public_id)
    levels = {key: value for key, value in request.POST.items() if key.startswith("skill-")}
    ratings = {int(key.removeprefix("skill-")): (int(level), "") for key, level in levels.items()}
    save_ratings(assessment=assessment, ratings=ratings)
    return redirect(assessment)


@login_required
def report_body(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The report's cached body alone, read as the report page reads it: no page around it,
    no owner's panels. On a miss the real page is rendered once to fill it."""
    assessment = _owned(request, public_id, REPORT_INPUTS)
    key = make_template_fragment_key("report-body", [report_cache.report_key(assessment)])
    body = cache.get(key)
    if body is None:
        render_report(request, assessment)
        body = cache.get(key)
    return HttpResponse(body)


urlpatterns = [
    path("bench/signed-in", signed_in, name="bench-signed-in"),
    path("bench/page-shell", page_shell, name="bench-page-shell"),
    path("bench/owned/<uuid:public_id>", owned, name="bench-owned"),
    path("bench/step-data/<uuid:public_id>", step_data, name="bench-step-data"),
    path("bench/save-only/<uuid:public_id>", save_only, name="bench-save-only"),
    path("bench/report-body/<uuid:public_id>", report_body, name="bench-report-body"),
    path("", include("skillgap.urls")),
]
