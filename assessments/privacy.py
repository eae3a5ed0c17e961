"""A person's rights over their own data: download all of it, or delete the account."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import outbox
from accounts.models import Profile as AccountProfile
from accounts.reminders import personal_reminder_data
from assessments import sections
from assessments.models import Assessment, Profile, Rating

ACCOUNT_DELETED = "Your account and all your assessments have been deleted."
EXPORT_FILENAME = "skillgap-my-data.json"
# The models holding personal data that this module covers itself: the download reads them,
# and deleting the user removes them by cascade. The registered sections cover the rest
# (`personal_models`); tests/test_privacy.py fails when a model is left out of both.
PERSONAL_MODELS = (
    "auth.User",
    "accounts.Profile",
    "accounts.Reminders",
    "accounts.MailClaim",
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "socialaccount.SocialAccount",
    "assessments.Profile",
    "assessments.Assessment",
    "assessments.Rating",
    "assessments.SubmittedRequirement",
)


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete the person and, by cascade, their profiles, assessments, ratings, snapshots,
    reminder choices and claims, second factors and single sign-on links, and whatever the
    registered sections hold of theirs (share links, the review requests on their
    assessments, the reviews they gave others, their team memberships, their plan); each
    section's `before_delete` runs first (a team they alone manage passes to another member).
    The mails to them, sent or not, leave the outbox."""
    for section in sections.with_hook("before_delete"):
        section.before_delete(user)
    outbox.forget(user.email)
    user.delete()


def build_personal_data(*, user) -> dict[str, Any]:
    """Everything stored about `user`, as JSON-ready data, in a fixed number of queries.

    Covers the account (with the display name and mail preferences), email addresses,
    profile, second factors, single sign-on links, every assessment (draft or submitted)
    with its ratings and submitted snapshot, and what each registered section holds of
    theirs (`personal_data`: reviews asked for and given, share links, teams, their plan).
    Of another person, only what concerns `user`.
    """
    profile = Profile.objects.filter(user=user).first()
    account = AccountProfile.objects.filter(user=user).first() or AccountProfile(user=user)
    assessments = (
        Assessment.objects.for_owner(user)
        .with_rung()
        .order_by("created_at")
        .prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.select_related("skill").order_by("pk")),
            "snapshot",
        )
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": account.name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "mail_preferences": {"review_submitted": account.notify_review_submitted},
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "profile": {"hours_per_week": profile.hours_per_week} if profile else None,
        # Which factors exist and when they were used; never a secret, code or public key.
        "second_factors": [
            {
                "type": authenticator.type,
                "name": authenticator.data.get("name", ""),
                "created_at": _iso(authenticator.created_at),
                "last_used_at": _iso(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "single_sign_on": [
            {
                "provider": account.provider,
                "subject": account.uid,
                "claims": account.extra_data,
                "linked_at": _iso(account.date_joined),
                "last_login": _iso(account.last_login),
            }
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "assessments": [_assessment_data(assessment) for assessment in assessments],
        **personal_reminder_data(user),
        **_sections_data(user),
    }


def _sections_data(user) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for section in sections.with_hook("personal_data"):
        data.update(section.personal_data(user))
    return data


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _assessment_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "assessment": str(assessment.public_id),
        "role": assessment.rung.role.slug,
        "rung": assessment.rung.title,
        "status": assessment.status,
        "created_at": _iso(assessment.created_at),
        "updated_at": _iso(assessment.updated_at),
        "submitted_at": _iso(assessment.submitted_at),
        "readiness": assessment.readiness,
        "ready": assessment.ready,
        "ratings": [
            {
                "skill": rating.skill.name,
                "level": rating.level,
                "note": rating.note,
                "evidence": rating.evidence,
            }
            for rating in assessment.ratings.all()
        ],
        "snapshot": [
            {
                "skill": row.skill_name,
                "category": row.category_name,
                "required": row.required_level,
                "importance": row.importance,
                "rated": row.rated_level,
                "note": row.note,
                "evidence": row.evidence,
            }
            for row in assessment.snapshot.all()
        ],
    }


@login_required
@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(build_personal_data(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Reauthentication first, on the page and on the button alike: the password, a second factor,
# the identity provider or a mailed code, whichever the person has (accounts.reauthentication).
# A stale session's POST is kept by allauth and carried out once they have confirmed.
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        user = request.user
        logout(request)
        delete_account(user=user)
        messages.success(request, ACCOUNT_DELETED)
        return redirect("careers:home")
    return render(request, "account/delete.html")
