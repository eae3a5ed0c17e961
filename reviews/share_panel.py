"""The owner's share-link panel under a submitted report: its rows in one query, and the
new link's URL, which the page shows once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpRequest

from assessments.models import Assessment
from reviews.models import ShareLink
from reviews.share_forms import ShareLinkForm

# Only the token's digest is stored, so the full URL waits in the session for the one page
# that shows it, and is removed as it is shown.
NEW_LINK_SESSION_KEY = "shares:new-link"


@dataclass(frozen=True)
class SharePanel:
    links: list[ShareLink]
    form: ShareLinkForm
    new_link_url: str | None
    submitted_at: datetime.datetime  # a link shows the report as submitted then
    review_count: int  # the second opinions a link shows now: submitted, not hidden


def remember_new_link(request: HttpRequest, *, assessment: Assessment, url: str) -> None:
    request.session[NEW_LINK_SESSION_KEY] = {"assessment": str(assessment.public_id), "url": url}


def build_share_panel(
    request: HttpRequest, assessment: Assessment, form: ShareLinkForm | None = None
) -> SharePanel | None:
    """The panel for `assessment`'s owner, or None for a draft (a draft cannot be shared).
    One query, the assessment's links, newest first; none when the row counts no link. The
    row's `second_opinion_count` says what the links show."""
    if not assessment.is_submitted:
        return None
    links = (
        list(ShareLink.objects.for_assessment(assessment)) if assessment.share_link_count else []
    )
    return SharePanel(
        links=list(links),
        form=form or ShareLinkForm(),
        new_link_url=_pop_new_link(request, assessment),
        submitted_at=assessment.submitted_at,
        review_count=assessment.second_opinion_count,
    )


def _pop_new_link(request: HttpRequest, assessment: Assessment) -> str | None:
    waiting = request.session.get(NEW_LINK_SESSION_KEY)
    if not waiting or waiting.get("assessment") != str(assessment.public_id):
        return None
    del request.session[NEW_LINK_SESSION_KEY]
    return waiting["url"]
