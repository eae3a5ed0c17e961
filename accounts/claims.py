"""Which accounts hold an address, for sign-in, password reset, sign-up and confirmation.

allauth keeps a change of address as a second, unverified row until its link is followed
(ACCOUNT_CHANGE_EMAIL). Such a pending address holds nothing: it cannot sign in, receive a
reset, keep the mailbox's owner from signing up, or be confirmed while another account
holds the address. An account holds an address that is verified on it, or that it signed
up with and has not confirmed yet (its creator cannot use it, and the owner takes it over
with a reset: SECURITY.md, F2).
"""

from __future__ import annotations

from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress


def _pending_holders(email: str) -> set[int]:
    """Ids of the accounts on which `email` is only a pending change of address."""
    pending = EmailAddress.objects.filter(email=email.lower(), verified=False, primary=False)
    return set(pending.values_list("user_id", flat=True))


def holders_only(users: list, email: str) -> list:
    """`users` (as allauth's lookups by address return them) without those for whom
    `email` is only a pending change: one query."""
    if not users:
        return users
    pending = _pending_holders(email)
    return [u for u in users if u.pk not in pending or u.email.lower() == email.lower()]


def users_claiming(email: str) -> list:
    """Every account that holds `email` (see the module's rule)."""
    return holders_only(filter_users_by_email(email), email)


def held_by_another(email: str, user_id: int) -> bool:
    """Whether an account other than `user_id`'s holds `email`."""
    return any(u.pk != user_id for u in users_claiming(email))
