"""Confirming it is still the person before a sensitive change (deleting the account, adding
or removing a factor, changing the address, setting a first password, linking a provider):
allauth's reauthentication, plus signing in again through the identity provider for people
linked to one.

allauth offers the password, a second factor and a code mailed to the person. Someone who
signed up through single sign-on has no password, and may have no factor: they confirm at
their provider instead. The provider is asked to make them log in again (`prompt=login`),
and the answer must name the account linked to this very person; it changes nothing in the
session but the record that they just confirmed (allauth's "reauthenticated" record, which
`reauthentication_required` reads, with the method "socialaccount").
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import record_authentication
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base import AuthProcess
from django.http import HttpRequest
from django.urls import reverse

# allauth's name for this method in ACCOUNT_REAUTHENTICATION_METHODS and in the record.
METHOD = "socialaccount"
METHOD_ID = "sso_reauthenticate"
# The process a confirmation runs at the provider: allauth's "redirect" checks the answer
# (pre_social_login) and then only redirects; it signs nobody in or out.
PROCESS = AuthProcess.REDIRECT
# The provider must ask for the person's credentials again, not reuse its own session.
AUTH_PARAMS = "prompt=login"
# Where the methods stand in the list: the first is where allauth sends a stale session.
# The password, else an existing factor (DESIGN.md §19), else the provider, else a code.
ORDER = ("reauthenticate", "mfa_reauthenticate", "mfa_reauthenticate:webauthn", METHOD_ID)

SOMEONE_ELSE = "someone_else"
TOO_OLD = "too_old"


def linked_providers(request: HttpRequest | None, user) -> list:
    """The configured single sign-on providers `user` has an account linked at."""
    if not user.is_authenticated:
        return []
    apps = {
        app.provider_id: app
        for app in get_social_adapter().list_apps(request, provider="openid_connect")
    }
    linked = SocialAccount.objects.filter(user=user, provider__in=apps)
    ids = sorted(set(linked.values_list("provider", flat=True)))
    return [apps[provider_id].get_provider(request) for provider_id in ids]


def login_url(request: HttpRequest, provider, next_url: str) -> str:
    """Where the confirmation form posts: the provider's log-in, as a PROCESS."""
    return provider.get_login_url(request, process=PROCESS, next=next_url, auth_params=AUTH_PARAMS)


def order_methods(
    request: HttpRequest | None, methods: list[dict[str, Any]], user
) -> list[dict[str, Any]]:
    """allauth's methods for `user`, with their provider's among them, in ORDER."""
    providers = linked_providers(request, user)
    if providers:
        methods = [
            *methods,
            {
                "id": METHOD_ID,
                "description": f"Sign in again through {providers[0].name}",
                "url": reverse("account_reauthenticate_sso"),
            },
        ]

    def rank(method: dict[str, Any]) -> int:
        return ORDER.index(method["id"]) if method["id"] in ORDER else len(ORDER)

    return sorted(methods, key=rank)


def confirm(request: HttpRequest, sociallogin) -> str:
    """Record that the signed-in person just confirmed at their provider, from its answer
    to a PROCESS login. Returns "" when recorded, else why not: SOMEONE_ELSE (the answer
    names an account not linked to them, or nobody is signed in) or TOO_OLD (the provider
    says its log-in was before the timeout, so it did not ask them again)."""
    account = sociallogin.account
    user = request.user
    if not (user.is_authenticated and account.pk and account.user_id == user.pk):
        return SOMEONE_ELSE
    auth_time = _auth_time(account.extra_data)
    if (
        auth_time is not None
        and time.time() - auth_time > account_settings.REAUTHENTICATION_TIMEOUT
    ):
        return TOO_OLD
    record_authentication(
        request, user, METHOD, provider=account.provider, uid=account.uid, reauthenticated=True
    )
    return ""


def _auth_time(claims: dict[str, Any]) -> float | None:
    """When the provider last asked for credentials (the ID token's `auth_time`), if said."""
    token = claims.get("id_token") if isinstance(claims, dict) else None
    value = token.get("auth_time") if isinstance(token, dict) else None
    return float(value) if isinstance(value, int | float) else None
