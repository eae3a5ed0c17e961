"""The writes of a person's own account details: the display name and mail preferences."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Profile


@transaction.atomic
def save_profile(*, user, name: str, notify_review_submitted: bool | None = None) -> Profile:
    """Store `user`'s display name (stripped; "" for none) and, when given, whether a
    submitted second opinion is mailed to them. Creates the profile on first use."""
    defaults: dict[str, object] = {"name": name.strip()}
    if notify_review_submitted is not None:
        defaults["notify_review_submitted"] = notify_review_submitted
    profile, _ = Profile.objects.update_or_create(user=user, defaults=defaults)
    return profile
