"""Share links: the owner makes and revokes them under the report; anyone with a live link
reads the frozen report, without anything of the owner's beyond it.

Owner views fetch through the assessments' one access helper, so a stranger gets 404
whatever the method. The shared page spends a token guess on every request (over the
limit: 404), and an unknown, revoked or expired token answers the same plain 404.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from accounts.links import on_site
from accounts.tokens import spend_token_guess
from assessments.models import Assessment
from assessments.report import cache as report_cache
from assessments.report import voice
from assessments.views import (
    INVALID,
    REPORT_INPUTS,
    _refuse_method,
    get_owned_assessment,
    render_report,
)
from reviews.models import ShareLink
from reviews.share_forms import ShareLinkForm
from reviews.share_panel import remember_new_link
from reviews.sharing import (
    ShareRefusedError,
    create_share_link,
    open_share_link,
    revoke_share_link,
)

LINK_CREATED = "Share link created. Copy it now: it is shown only once."
LINK_REVOKED = "Share link revoked: it no longer opens."
ALREADY_REVOKED = "That share link was already revoked."
PANEL_ANCHOR = "#share-links"
# A shared report is for one reader: never indexed, never stored, never named to other sites.
SHARED_HEADERS = {
    "X-Robots-Tag": "noindex",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}
# The report's inputs carry the owner's display name (`owner_name`) that the page speaks by.
SHARED_ASSESSMENTS = REPORT_INPUTS


@login_required
def create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id, REPORT_INPUTS)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return render_report(request, assessment, forms={"share": form}, status=INVALID)
    try:
        _, token = create_share_link(
            assessment=assessment,
            days=form.cleaned_data["days"],
            include_notes=form.cleaned_data["include_notes"],
        )
    except ShareRefusedError as error:
        messages.error(request, str(error))
        return render_report(request, assessment, forms={"share": form}, status=INVALID)
    # From DJANGO_SITE_URL: the Host header is the client's to choose.
    url = on_site(reverse("shares:shared", args=[token]))
    remember_new_link(request, assessment=assessment, url=url)
    messages.success(request, LINK_CREATED)
    return redirect(assessment.get_report_url() + PANEL_ANCHOR)


@login_required
def revoke(request: HttpRequest, public_id: UUID, link_id: int) -> HttpResponse:
    assessment = get_owned_assessment(request, public_id)
    link = get_object_or_404(ShareLink.objects.for_assessment(assessment), pk=link_id)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    revoked = revoke_share_link(link=link)
    messages.success(request, LINK_REVOKED if revoked else ALREADY_REVOKED)
    return redirect(assessment.get_report_url() + PANEL_ANCHOR)


@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    spend_token_guess(request)
    link = open_share_link(token=token)
    if link is None:
        raise Http404
    assessment = get_object_or_404(SHARED_ASSESSMENTS, pk=link.assessment_id)
    response = render(request, "reviews/shared.html", _shared_context(assessment, link))
    for header, value in SHARED_HEADERS.items():
        response[header] = value
    return response


def _shared_context(assessment: Assessment, link: ShareLink) -> dict[str, object]:
    """The report body as the owner's page renders it, frozen at its submission, with
    `shared` leaving out what is the owner's alone, and speaking about the owner by their
    display name. Its cache key differs by include_notes and by that name, and from the
    owner's key."""
    owner_name = assessment.owner_name.strip()
    suffix = ":shared-notes" if link.include_notes else ":shared"
    # The name is in the body: a new name must not be served an old rendering.
    suffix += ":" + hashlib.sha256(owner_name.encode()).hexdigest()[:16]
    return {
        "assessment": assessment,
        "link": link,
        "owner_name": owner_name,
        "voice": voice.about(owner_name),
        "report": SimpleLazyObject(lambda: report_cache.full_report(assessment, frozen=True)),
        "report_key": report_cache.report_key(assessment) + suffix,
        "shared": True,
        "show_notes": link.include_notes,
    }
