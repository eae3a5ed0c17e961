"""A person's rights over their own data: download all of it, or delete the account."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Profile as AccountProfile
from assessments.models import Assessment, Profile, Rating
from reviews.selectors import personal_review_data
from teams.models import Membership
from teams.services import hand_over_teams

WRONG_PASSWORD = "That is not your current password."
TOO_MANY_ATTEMPTS = "Too many attempts. Wait a minute and try again."
ACCOUNT_DELETED = "Your account and all your assessments have been deleted."
EXPORT_FILENAME = "skillgap-my-data.json"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Shares allauth's limit on password re-entry, so this is no password oracle.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(TOO_MANY_ATTEMPTS)
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD)
        return password


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete the person and, by cascade, their profiles, assessments, ratings, snapshots,
    share links, the review requests on their assessments, the reviews they gave others,
    their second factors and single sign-on links, and their team memberships (a team they
    alone manage passes to another member first)."""
    hand_over_teams(person=user)
    user.delete()


def build_personal_data(*, user) -> dict[str, Any]:
    """Everything stored about `user`, as JSON-ready data, in a fixed number of queries.

    Covers the account (with the display name and mail preferences), email addresses,
    profile, second factors, single sign-on links, every assessment (draft or submitted)
    with its ratings, submitted snapshot and share links, the reviews they asked for (with
    what was submitted), the reviews they gave, and their teams with their sharing choice.
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
            "share_links",
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
        **personal_review_data(user),
        "teams": [
            {
                "team": membership.team.name,
                "role": "manager" if membership.is_manager else "member",
                "sharing": membership.shares,
                "joined_at": _iso(membership.joined_at),
            }
            for membership in Membership.objects.for_person(user)
            .select_related("team")
            .order_by("joined_at", "pk")
        ],
    }


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
        # Never the token: only its digest is stored, and that opens nothing either.
        "share_links": [
            {
                "created_at": _iso(link.created_at),
                "expires_at": _iso(link.expires_at),
                "revoked_at": _iso(link.revoked_at),
                "views": link.view_count,
                "include_notes": link.include_notes,
            }
            for link in assessment.share_links.all()
        ],
    }


@login_required
@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(build_personal_data(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user=user)
        messages.success(request, ACCOUNT_DELETED)
        return redirect("careers:home")
    return render(request, "account/delete.html", {"form": form})
