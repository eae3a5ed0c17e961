"""The account forms SkillGap adds to allauth's: the profile, and sign-up with a name; and
allauth's sign-up and reset, so that an address waiting for confirmation claims nothing."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm, SignupForm
from django import forms
from django.http import HttpRequest

from accounts import claims
from accounts.models import NAME_MAX_LENGTH, Profile
from accounts.services import save_profile

NAME_LENGTH_ERROR = (
    "Your name can be at most %(limit_value)d characters (this one has %(show_value)d)."
)
NAME_LABEL = "Your name (optional)"
NAME_HELP = (
    "How SkillGap names you to others: reviewers you ask, your teams, and people you share a "
    "report with. Leave it empty and they see no name, never your e-mail address."
)


def _name_field() -> forms.CharField:
    return forms.CharField(
        label=NAME_LABEL,
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": NAME_LENGTH_ERROR},
    )


class ProfileForm(forms.ModelForm):
    name = _name_field()

    class Meta:
        model = Profile
        fields = ["name", "notify_review_submitted"]
        labels = {"notify_review_submitted": "E-mail me when a second opinion arrives"}
        help_texts = {
            "notify_review_submitted": (
                "When someone you asked submits their review of your assessment."
            )
        }


class NamedSignupForm(SignupForm):
    """allauth's sign-up with an optional display name, stored once the account exists."""

    name = _name_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["email", "name", "password1", "password2"])

    def validate_unique_email(self, value: str) -> str:
        email = super().validate_unique_email(value)
        if self.account_already_exists and not claims.users_claiming(email):
            # Only a pending change of address holds it: the mailbox's owner may sign up.
            self.account_already_exists = False
        return email

    def signup(self, request: HttpRequest, user) -> None:
        if self.cleaned_data.get("name", "").strip():
            save_profile(user=user, name=self.cleaned_data["name"])


class ClaimedResetPasswordForm(ResetPasswordForm):
    """A reset reaches only accounts that hold the address, never one merely waiting to
    change to it."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = claims.holders_only(self.users, email)
        return email
