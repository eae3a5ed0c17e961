"""The person behind an account, as others see them, and what they want mailed to them:
a profile, reminder choices, and the claims that keep a reminder from going out twice.

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


RETAKE_CHOICES = [(0, "Off"), (30, "30 days"), (60, "60 days"), (90, "90 days")]


class Reminders(models.Model):
    """Which reminder mails a person wants (DESIGN §17). No row means the defaults: no
    weekly digest, no retake reminder."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminders",
    )
    weekly_digest = models.BooleanField(default=False)
    retake_after_days = models.PositiveSmallIntegerField(default=0, choices=RETAKE_CHOICES)

    class Meta:
        verbose_name_plural = "reminders"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retake_after_days__in=[days for days, _ in RETAKE_CHOICES]),
                name="reminders_retake_after_days_valid",
            )
        ]

    def __str__(self) -> str:
        return f"reminders of {self.user_id}"


class MailClaim(models.Model):
    """A reminder of `kind` for `period` was queued for `user`: written in the transaction
    that queues the mail, and unique, so a second round (beat firing twice, a task run
    again) finds it and sends nothing. `kind` is "digest", or "retake:<rung id>"; `period`
    an ISO week in UTC, such as 2026-W24."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    period = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="mail_claim_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} for {self.user_id}"
