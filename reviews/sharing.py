"""Share links (DESIGN §11): make one, revoke one, open one by its token.

Every function is keyword-only and atomic. Error messages are module constants so that
views and tests share one wording. Looking a token up does not spend the visitor's guess
allowance: the view does that first, with `accounts.tokens.spend_token_guess`.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.tokens import find_by_token, new_token
from assessments.models import Assessment
from reviews.models import SHARE_DAYS, ShareLink
from reviews.services import recount_report

DRAFT_ERROR = "Only a submitted assessment can be shared. Submit it first, then share its report."
DAYS_ERROR = "Choose how long the link works: {choices} days.".format(
    choices=", ".join(str(days) for days in SHARE_DAYS[:-1]) + f" or {SHARE_DAYS[-1]}"
)


class ShareRefusedError(Exception):
    """The share link was not made; the message says why."""


@transaction.atomic
def create_share_link(
    *, assessment: Assessment, days: int, include_notes: bool
) -> tuple[ShareLink, str]:
    """Make a link to the submitted `assessment`'s report, working for `days` (7, 30 or 90).

    Returns the link and its token. The token is stored only as a digest, so this is the one
    moment it can be shown. Raises ShareRefusedError for a draft or another number of days.
    """
    if not assessment.is_submitted:
        raise ShareRefusedError(DRAFT_ERROR)
    if days not in SHARE_DAYS:
        raise ShareRefusedError(DAYS_ERROR)
    token, digest = new_token()
    now = timezone.now()
    link = ShareLink.objects.create(
        assessment=assessment,
        token_digest=digest,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
        include_notes=include_notes,
    )
    recount_report(assessment_id=assessment.pk)
    return link, token


@transaction.atomic
def revoke_share_link(*, link: ShareLink) -> bool:
    """End the link at once. True if this call revoked it, False if it already was."""
    now = timezone.now()
    revoked = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=now)
    if revoked:
        link.revoked_at = now
    return bool(revoked)


def open_share_link(*, token: str) -> ShareLink | None:
    """The live link `token` opens, with one more view counted; None for an unknown,
    revoked or expired token, alike. Two queries: the lookup and the counting UPDATE. The
    UPDATE is the one write and is itself conditional (a link revoked in between is not
    shown), so no transaction is needed around the pair."""
    link = find_by_token(ShareLink.objects.live(), token)
    if link is None:
        return None
    counted = ShareLink.objects.live().filter(pk=link.pk).update(view_count=F("view_count") + 1)
    if not counted:
        return None
    link.view_count += 1
    return link
