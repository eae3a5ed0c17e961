"""How allauth treats addresses, sessions and mail here.

- Addresses are normalised (accounts.addresses) before any comparison, so one mailbox is
  one account.
- Every log-in, by sign-up and e-mail confirmation too, ends with the browser session unless
  the person ticked "Remember me" (the rule SECURITY.md states); the log-in form then sets
  the longer expiry itself, after this.
- Links in mails point at DJANGO_SITE_URL, not at the Host header of the request.
- Mail is queued in the database (accounts.outbox): a mail server that is down delays it.
- A confirmation link is never mailed for an address another account holds
  (accounts.claims): its owner is told that someone tried to use it instead, as at sign-up.
- Single sign-on (DESIGN.md §19): only an address the provider says it verified signs in,
  creating the account or linking the one with that address; with DJANGO_OIDC_DOMAINS set,
  only those domains sign in through it, and their people sign in through nothing else.
- Before a sensitive change, people linked to a provider may confirm it is them by signing
  in there again (accounts.reauthentication), besides allauth's password, factor or code.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import resolve

from accounts import claims, reauthentication
from accounts.addresses import normalise_email
from accounts.links import current_site, on_site
from accounts.models import NAME_MAX_LENGTH
from accounts.services import save_profile

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        try:
            email = normalise_email(email)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        # Sign-up and address changes; the provider's own sign-up is the way in.
        if sso_domain(email) and not self._in_sso_signup():
            raise ImmediateHttpResponse(sso_required(self.request, email))
        return email

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        email = credentials.get("email") or ""
        if sso_domain(email):
            raise ImmediateHttpResponse(sso_required(request, email))

    def _in_sso_signup(self) -> bool:
        if self.request is None:
            return False
        return resolve(self.request.path_info).url_name in SSO_SIGNUP_VIEWS

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        request.session.set_expiry(0)

    def get_reauthentication_methods(self, user) -> list[dict[str, Any]]:
        methods = super().get_reauthentication_methods(user)
        return reauthentication.order_methods(self.request, methods, user)

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        address = emailconfirmation.email_address
        if claims.held_by_another(address.email, address.user_id):
            self.send_account_already_exists_mail(address.email)
            return
        ctx = {
            "user": address.user,
            "key": emailconfirmation.key,
            "activate_url": self.get_email_confirmation_url(request, emailconfirmation),
            # A second, unverified row is a change of address (ACCOUNT_CHANGE_EMAIL); the
            # primary one is confirmed at sign-up, or at the first log-in of an old account.
            "is_change": not address.primary,
        }
        prefix = "email_confirmation_signup" if signup else "email_confirmation"
        self.send_mail(f"account/email/{prefix}", address.email, ctx)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        ctx = {"email": email, **context, "current_site": current_site()}
        for key, value in ctx.items():
            if key.endswith("_url") and isinstance(value, str) and "://" in value:
                ctx[key] = on_site(value)
        self.render_mail(template_prefix, email, ctx).send()


# Where an account is created from the provider's answer: its callback, or allauth's form
# for what the provider left out.
SSO_SIGNUP_VIEWS = {"openid_connect_callback", "socialaccount_signup"}
# 403: the request was understood; this address may not use it.
SSO_REFUSED_STATUS = 403


def sso_domain(email: str) -> str:
    """The address's domain when it must sign in through single sign-on, else ""."""
    domain = (email or "").rpartition("@")[2].strip().lower()
    return domain if domain and domain in settings.OIDC_DOMAINS else ""


def sso_required(request: HttpRequest, email: str):
    return render(
        request,
        "account/sso_required.html",
        {"domain": sso_domain(email)},
        status=SSO_REFUSED_STATUS,
    )


def sso_refused(request: HttpRequest, reason: str):
    return render(
        request, "socialaccount/sso_refused.html", {"reason": reason}, status=SSO_REFUSED_STATUS
    )


def provider_name(claims: dict[str, Any]) -> str:
    userinfo = claims.get("userinfo", claims) if isinstance(claims, dict) else {}
    token = claims.get("id_token", {}) if isinstance(claims, dict) else {}
    for source in (userinfo, token):
        name = str(source.get("name") or "").strip()
        if not name:
            given = str(source.get("given_name") or "").strip()
            family = str(source.get("family_name") or "").strip()
            name = f"{given} {family}".strip()
        if name:
            return name[:NAME_MAX_LENGTH]
    return ""


def verified_address(sociallogin) -> str:
    """The address the provider vouches for, normalised; "" when it vouches for none."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            try:
                return normalise_email(address.email)
            except ValueError:
                return ""
    return ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        email = verified_address(sociallogin)
        if not email:
            logger.warning("Single sign-on refused: the provider did not verify the address")
            raise ImmediateHttpResponse(sso_refused(request, "unverified"))
        if settings.OIDC_DOMAINS and not sso_domain(email):
            logger.warning("Single sign-on refused: the address is outside DJANGO_OIDC_DOMAINS")
            raise ImmediateHttpResponse(sso_refused(request, "domain"))
        if sociallogin.state.get("process") == reauthentication.PROCESS:
            refused = reauthentication.confirm(request, sociallogin)
            if refused:
                logger.warning("Single sign-on confirmation refused: %s", refused)
                raise ImmediateHttpResponse(sso_refused(request, refused))
        super().pre_social_login(request, sociallogin)

    def save_user(self, request: HttpRequest, sociallogin, form=None):
        """A new account from the provider: its display name is the name the provider gives
        ("name", else given and family names), cut to fit."""
        user = super().save_user(request, sociallogin, form)
        save_profile(user=user, name=provider_name(sociallogin.account.extra_data))
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        logger.warning("Single sign-on failed: %s (%s)", error, type(exception).__name__)
        super().on_authentication_error(request, provider, error, exception, extra_context)
