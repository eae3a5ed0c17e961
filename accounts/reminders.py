"""Reminder choices and one-click unsubscribe (DESIGN §17, RFC 8058).

Every reminder mail names its kind. Its unsubscribe address carries a signed token
(django.core.signing) of the person and the kind: POST to it turns that kind off, from the
page's button or straight from a mail client honouring `List-Unsubscribe-Post`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from accounts.links import on_site
from accounts.models import RETAKE_CHOICES, MailClaim, Profile, Reminders

DIGEST = "digest"
RETAKE = "retake"
REVIEW = "review"  # "a second opinion arrived" (reviews.services.tell_owner_of_review)
# What turning each kind off changes on Reminders (REVIEW: on accounts.Profile).
OFF = {DIGEST: {"weekly_digest": False}, RETAKE: {"retake_after_days": 0}, REVIEW: {}}
KIND_NAMES = {
    DIGEST: "the weekly plan digest",
    RETAKE: "retake reminders",
    REVIEW: "e-mails when a second opinion arrives",
}
_SALT = "accounts.unsubscribe"


def reminders_of(user) -> Reminders:
    """The person's choices, or the defaults (unsaved) when they never chose."""
    return Reminders.objects.filter(user=user).first() or Reminders(user=user)


def personal_reminder_data(user) -> dict:
    """The person's reminder choices and the reminders sent to them, for their data
    download. Two queries."""
    choice = reminders_of(user)
    sent = MailClaim.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "reminders": {
            "weekly_digest": choice.weekly_digest,
            "retake_after_days": choice.retake_after_days,
            "sent": [
                {
                    "kind": claim.kind,
                    "period": claim.period,
                    "queued_at": claim.created_at.isoformat(),
                }
                for claim in sent
            ],
        }
    }


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a valid token, else None. The links do not expire: an old mail's
    unsubscribe link must keep working."""
    try:
        user_id, kind = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in OFF:
        return None
    return user_id, kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    return on_site(reverse("account_unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def unsubscribe_headers(user_id: int, kind: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: a mail client may offer its own one-click button."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def turn_off(user_id: int, kind: str) -> None:
    """The digest and retake reminders are off without a row, so only an existing row
    changes; the second-opinion mail is on by default, so its profile row is made. A link
    of a deleted account changes nothing."""
    if kind == REVIEW:
        if get_user_model().objects.filter(pk=user_id).exists():
            Profile.objects.update_or_create(
                user_id=user_id, defaults={"notify_review_submitted": False}
            )
        return
    Reminders.objects.filter(user_id=user_id).update(**OFF[kind])


class RemindersForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label="Send me a weekly digest of my next three plan steps",
        required=False,
    )
    retake_after_days = forms.TypedChoiceField(
        label="Remind me to retake an assessment",
        choices=[
            (days, "Never" if not days else f"{label} after I submit it")
            for days, label in RETAKE_CHOICES
        ],
        coerce=int,
        help_text="Once for each role, counted from your latest submitted assessment of it.",
    )
    notify_review_submitted = forms.BooleanField(
        label="E-mail me when a second opinion arrives",
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        choice = reminders_of(user)
        profile = Profile.objects.filter(user=user).first() or Profile(user=user)
        kwargs.setdefault(
            "initial",
            {
                "weekly_digest": choice.weekly_digest,
                "retake_after_days": choice.retake_after_days,
                "notify_review_submitted": profile.notify_review_submitted,
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user

    @transaction.atomic
    def save(self) -> None:
        data = self.cleaned_data
        Reminders.objects.update_or_create(
            user=self.user,
            defaults={
                "weekly_digest": data["weekly_digest"],
                "retake_after_days": data["retake_after_days"],
            },
        )
        Profile.objects.update_or_create(
            user=self.user,
            defaults={"notify_review_submitted": data["notify_review_submitted"]},
        )
