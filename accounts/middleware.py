"""Keep staff without a second factor out of the admin; let the single sign-on button lead
to the provider."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from accounts.factors import has_second_factor, is_local_admin

logger = logging.getLogger(__name__)


class StaffMfaMiddleware:
    """Staff open the admin only once they have a second factor (DESIGN.md §19).

    The admin can change every report, so anyone it admits (`is_staff`) who has neither an
    authenticator app nor a passkey is sent to enrolment, with a sentence that says why.
    `DJANGO_STAFF_MFA=0` turns the rule off; `make run`'s local admin is spared while debug
    is on, and only then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_enrolment(request):
            messages.warning(request, STAFF_MFA_MESSAGE)
            return HttpResponseRedirect(reverse("mfa_index"))
        return self.get_response(request)


STAFF_MFA_MESSAGE = (
    "The admin can change every report, so it opens only for accounts with a second factor. "
    "Add an authenticator app or a passkey here, then open the admin again."
)


def needs_enrolment(request: HttpRequest) -> bool:
    user = request.user
    if not (settings.STAFF_MFA_REQUIRED and user.is_authenticated and user.is_staff):
        return False
    if not request.path.startswith(reverse("admin:index")):
        return False
    if is_local_admin(user):  # only while debug is on
        return False
    return not has_second_factor(user)


# Pages with a single sign-on button (includes/sso_buttons.html), or allauth's own, and the
# page that confirms it is you through the provider.
SSO_BUTTON_PAGES = {
    "account_login",
    "account_signup",
    "account_email",
    "openid_connect_login",
    "account_reauthenticate_sso",
}


class SingleSignOnMiddleware:
    """Let the single sign-on button's form lead to the provider, and answer a provider that
    cannot be reached with a calm page instead of a server error.

    The policy's form-action is 'self', and browsers apply it to where a form's answer
    redirects, too: on pages with the button, the providers' origins join it. Listed after
    CSPMiddleware, so the policy is written after this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match and match.url_name in SSO_BUTTON_PAGES:
            origins = provider_origins(request)
            if origins:
                response._csp_update = {"form-action": origins}
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, requests.RequestException):
            logger.warning("Single sign-on provider unreachable: %s", type(exception).__name__)
            return render(
                request,
                "socialaccount/provider_unavailable.html",
                status=PROVIDER_UNAVAILABLE_STATUS,
            )
        return None


# 502: a server this request needs (the identity provider) did not answer.
PROVIDER_UNAVAILABLE_STATUS = 502


def provider_origins(request: HttpRequest) -> list[str]:
    apps = get_social_adapter().list_apps(request, provider="openid_connect")
    origins = set()
    for app in apps:
        parts = urlsplit(app.settings.get("server_url", ""))
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
