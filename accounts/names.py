"""How the app names a person to someone else: by the display name they chose, and never
by an e-mail address or a username they did not choose to show."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Coalesce

from accounts.models import Profile


def display_name(user) -> str:
    """`user`'s chosen name, or "" when they have none. One query unless the profile is
    already loaded (select_related("account_profile"))."""
    try:
        return user.account_profile.name.strip()
    except Profile.DoesNotExist:
        return ""


def name_of(path: str = "") -> Coalesce:
    """An annotation with the display name of the user at `path` ("owner", "person"), or ""
    for a person without a profile: `.annotate(owner_name=name_of("owner"))`."""
    field = f"{path}__account_profile__name" if path else "account_profile__name"
    return Coalesce(F(field), Value(""))


def wants_review_mail(user) -> bool:
    """Whether `user` is told by e-mail when a second opinion on their work arrives."""
    try:
        return user.account_profile.notify_review_submitted
    except Profile.DoesNotExist:
        return Profile._meta.get_field("notify_review_submitted").default
