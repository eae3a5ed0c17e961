"""Second opinions on a submitted assessment, and read-only share links to its report."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.tokens import DIGEST_LENGTH
from assessments.models import Assessment

# --- share links (DESIGN §11) -----------------------------------------------------------

SHARE_DAYS = (7, 30, 90)
DEFAULT_SHARE_DAYS = 30


class ShareLinkQuerySet(models.QuerySet):
    def for_assessment(self, assessment: Assessment) -> ShareLinkQuerySet:
        return self.filter(assessment=assessment)

    def live(self) -> ShareLinkQuerySet:
        """Links that still open: not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to a submitted report for someone without an account.

    Only the token's digest is stored (accounts/tokens.py), so the link itself can be shown
    once, when it is made, and never again.
    """

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="share_links")
    token_digest = models.CharField(max_length=DIGEST_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    include_notes = models.BooleanField(default=False)
    view_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="share_link_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"Share link {self.pk} of assessment {self.assessment_id}"

    @property
    def state(self) -> ShareLink.State:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def state_label(self) -> str:
        return self.state.label
