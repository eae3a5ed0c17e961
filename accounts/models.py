"""The person behind an account, as others see them, and what they want mailed to them.

`accounts` stands on the ground floor: every other app may read a Profile (through
accounts.names), and none of them owns one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

NAME_MAX_LENGTH = 100


class Profile(models.Model):
    """The display name others see, and mail preferences. A person without a row has an
    empty name and every preference at its default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_profile"
    )
    name = models.CharField(
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text="How the app names this person to others; empty means no name.",
    )
    notify_review_submitted = models.BooleanField(
        default=True, help_text="E-mail them when a second opinion on their work arrives."
    )

    def __str__(self) -> str:
        return f"Account profile of user {self.user_id}"
