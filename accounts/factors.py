"""Second factors (allauth.mfa's Authenticator rows): who has one, and the admin's reset."""

from __future__ import annotations

import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction

logger = logging.getLogger(__name__)

# The superuser `make run` prints (careers seed_framework) on a developer's own machine.
LOCAL_ADMIN_EMAIL = "admin@localhost"

# Recovery codes alone are no second factor: they only stand in for a lost one.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()


def is_local_admin(user) -> bool:
    return bool(settings.DEBUG) and user.email == LOCAL_ADMIN_EMAIL


@transaction.atomic
def reset_factors(*, person, by) -> int:
    """Remove every authenticator of `person` (a lost phone or key), logged in the admin's
    history and the security log. Returns how many were removed."""
    removed, _ = Authenticator.objects.filter(user=person).delete()
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message=f"Reset two-factor sign-in: removed {removed} authenticator(s).",
        single_object=True,
    )
    logger.warning(
        "Two-factor reset: user_id=%s removed=%s by user_id=%s", person.pk, removed, by.pk
    )
    return removed
