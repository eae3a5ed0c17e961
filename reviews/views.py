"""Second opinions: the owner asks, revokes and hides; the reviewer accepts, rates, submits.

Views orchestrate only. The owner's URLs go through the assessments' one access helper
(404 for anyone else). The reviewer's link spends a token guess on every lookup, and once
accepted belongs to the reviewer alone: anyone else gets 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.links import on_site
from accounts.names import display_name
from accounts.tokens import spend_token_guess
from assessments.forms import SAVE, SUBMIT
from assessments.jinja_parts import render_part
from assessments.steps import RETURN_PARAM
from assessments.views import REPORT_INPUTS, get_owned_assessment, render_report
from reviews import services
from reviews.forms import AcceptReviewForm, RequestReviewForm
from reviews.models import ReviewRequest, owner_label_of
from reviews.review_page import ReviewSteps, build_review_page, load_review_steps
from reviews.selectors import find_review

INVALID = 422
GONE = 410
FORM_METHODS = ("GET", "HEAD", "POST")

REQUEST_SENT = "We e-mailed {email} a link to review this assessment. It works for 14 days."
REQUEST_REVOKED = "Request revoked: the link no longer works."
REVIEW_HIDDEN = "Review hidden: it no longer counts in your report."
REVIEW_ACCEPTED = "Thank you. Rate each skill as you have seen it; your answers save at every step."
REVIEW_SAVED = "Draft saved: {rated} of {total} skills rated."
REVIEW_SUBMITTED = "Review submitted. Thank you: {owner} can see it now."
ALREADY_SUBMITTED = "You already submitted this review; it can no longer change."
REQUESTS_ANCHOR = "#review-requests"

UNAVAILABLE = {
    ReviewRequest.State.EXPIRED: (
        "This review link has expired",
        "Links to review work for 14 days. Ask the person who sent it for a new one.",
    ),
    ReviewRequest.State.REVOKED: (
        "This review link was withdrawn",
        "The person who sent it no longer needs this review. Nothing more to do.",
    ),
    "used": (
        "This review link has already been used",
        "Each link can be accepted once, and this one has been. If it was meant for you, "
        "sign in with the account that accepted it.",
    ),
    "self": (
        "You cannot review your own assessment",
        "A second opinion comes from someone else. Send the link to the person you asked.",
    ),
}


def _get_owned_request(request: HttpRequest, public_id: UUID, pk: int) -> ReviewRequest:
    return get_object_or_404(
        ReviewRequest.objects.select_related("assessment"),
        pk=pk,
        assessment__public_id=public_id,
        assessment__owner=request.user,
    )


@login_required
def ask(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not assessment.is_submitted:
        messages.error(request, services.NOT_SUBMITTED_ERROR)
        return redirect(assessment.get_report_url())
    form = RequestReviewForm(request.POST)
    if form.is_valid():
        try:
            services.request_review(
                assessment=assessment,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                link_for=lambda token: on_site(reverse("reviews:review", args=[token])),
            )
        except services.ReviewError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, REQUEST_SENT.format(email=form.cleaned_data["email"]))
            return redirect(assessment.get_report_url() + REQUESTS_ANCHOR)
    return render_report(request, assessment, forms={"review": form}, status=INVALID)


@login_required
def revoke(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    review = _get_owned_request(request, public_id, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.revoke_request(review=review)
        messages.success(request, REQUEST_REVOKED)
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect(review.assessment.get_report_url() + REQUESTS_ANCHOR)


@login_required
def hide(request: HttpRequest, public_id: UUID, pk: int) -> HttpResponse:
    review = _get_owned_request(request, public_id, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.hide_review(review=review)
        messages.success(request, REVIEW_HIDDEN)
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect(review.assessment.get_report_url() + REQUESTS_ANCHOR)


@require_http_methods(FORM_METHODS)
def review(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a reviewer: accept it, then rate (DESIGN.md §10)."""
    found = find_review(token)
    if not _accepted_by_visitor(request, found):
        # Rating an accepted review takes two lookups a step; that is not guessing.
        spend_token_guess(request)
    if found is None:
        raise Http404
    if found.accepted_at is not None:
        if found.reviewer_id != request.user.pk:
            return _unavailable(request, "used", status=404)
        if found.revoked_at is not None:
            return _unavailable(request, ReviewRequest.State.REVOKED, status=GONE)
        return _review_form(request, found)
    state = found.state_at(timezone.now())
    if state != ReviewRequest.State.PENDING:
        return _unavailable(request, state, status=GONE)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return _invitation(request, found)
    if found.assessment.owner_id == request.user.pk:
        return _unavailable(request, "self", status=404)
    return _accept(request, found)


def _accepted_by_visitor(request: HttpRequest, found: ReviewRequest | None) -> bool:
    return (
        found is not None
        and found.accepted_at is not None
        and request.user.is_authenticated
        and found.reviewer_id == request.user.pk
    )


@login_required
@require_http_methods(FORM_METHODS)
def given(request: HttpRequest, pk: int) -> HttpResponse:
    """A review the signed-in person accepted, by id: their dashboard links here."""
    found = get_object_or_404(
        ReviewRequest.objects.select_related(
            "assessment__owner__account_profile", "assessment__rung__role"
        ),
        pk=pk,
        reviewer=request.user,
        revoked_at__isnull=True,
    )
    return _review_form(request, found)


def _unavailable(request: HttpRequest, reason: str, *, status: int) -> HttpResponse:
    title, detail = UNAVAILABLE[reason]
    context = {"title": title, "detail": detail}
    return render(request, "reviews/unavailable.html", context, status=status)


def _invitation(request: HttpRequest, found: ReviewRequest) -> HttpResponse:
    """The link opened signed out: who asks and why, then sign-up (the invitee is usually
    new) or log-in, each coming back to the link afterwards."""
    context = {
        "review": found,
        "assessment": found.assessment,
        "asker": display_name(found.assessment.owner),
    }
    response = render(request, "reviews/invitation.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _accept(request: HttpRequest, found: ReviewRequest) -> HttpResponse:
    owner_label = owner_label_of(found.assessment.owner)
    if request.method != "POST":
        initial = {"name": display_name(request.user)}
        form = AcceptReviewForm(initial=initial, owner_label=owner_label)
        return _render_accept(request, found, form)
    form = AcceptReviewForm(request.POST, owner_label=owner_label)
    if not form.is_valid():
        return _render_accept(request, found, form, status=INVALID)
    try:
        services.accept_review(review=found, reviewer=request.user, name=form.cleaned_data["name"])
    except services.ReviewError:
        # Someone else accepted it a moment earlier.
        return _unavailable(request, "used", status=404)
    messages.success(request, REVIEW_ACCEPTED)
    return redirect(request.path)


def _render_accept(
    request: HttpRequest, found: ReviewRequest, form: AcceptReviewForm, status: int = 200
) -> HttpResponse:
    owner_name = display_name(found.assessment.owner)
    context = {
        "review": found,
        "assessment": found.assessment,
        "form": form,
        "owner_name": owner_name,
        "owner_named": bool(owner_name),
    }
    return render(request, "reviews/accept.html", context, status=status)


def _review_form(request: HttpRequest, found: ReviewRequest) -> HttpResponse:
    """The reviewer's steps; a submitted review shows what was sent, read-only."""
    if found.submitted_at is not None:
        if request.method == "POST":
            messages.info(request, ALREADY_SUBMITTED)
            return redirect(request.path)
        steps = load_review_steps(found).on_summary()
        return _render_review(request, found, steps, template="reviews/submitted.html")
    if request.method != "POST":
        query = request.GET
        steps = load_review_steps(found, step=query.get("step"), returning=query.get(RETURN_PARAM))
        return _render_review(request, found, steps)
    post = request.POST
    steps = load_review_steps(
        found, data=post, step=post.get("step"), returning=post.get(RETURN_PARAM)
    )
    if not steps.form.is_valid():
        return _render_review(request, found, steps.showing_first_error(), status=INVALID)
    return _save_or_submit(request, found, steps)


def _save_or_submit(request: HttpRequest, found: ReviewRequest, steps: ReviewSteps) -> HttpResponse:
    """Every action saves first; submit then shows the review as sent, the others a step."""
    form = steps.form
    try:
        if form.chosen_action == SUBMIT:
            services.submit_review(review=found, ratings=form.ratings)
            owner = owner_label_of(found.assessment.owner)
            messages.success(request, REVIEW_SUBMITTED.format(owner=owner))
            return redirect(request.path)
        services.save_review(review=found, ratings=form.ratings)
    except services.ReviewError as error:
        form.add_error(None, str(error))
        return _render_review(request, found, steps.on_summary(), status=INVALID)
    if form.chosen_action == SAVE:
        rated = sum(1 for level in form.levels().values() if level is not None)
        messages.success(request, REVIEW_SAVED.format(rated=rated, total=len(form.skills)))
    return redirect(f"{request.path}?{steps.query_after(form.chosen_action)}")


# The Jinja2 body (skillgap/jinja2.py) each page of the reviewer's form writes.
_BODIES = {
    "reviews/review.html": "reviews/review_step.html",
    "reviews/submitted.html": "reviews/_summary.html",
}


def _render_review(
    request: HttpRequest,
    found: ReviewRequest,
    steps: ReviewSteps,
    status: int = 200,
    template: str = "reviews/review.html",
) -> HttpResponse:
    page = build_review_page(steps, base_url=request.path)
    context = {
        "review": found,
        "assessment": found.assessment,
        "form": steps.form,
        "page": page,
        "owner_name": owner_label_of(found.assessment.owner),
    }
    body = render_part(_BODIES[template], context, request)
    return render(request, template, {**context, "body": body}, status=status)
