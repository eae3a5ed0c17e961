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
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest

from accounts import claims
from accounts.addresses import normalise_email
from accounts.links import current_site, on_site


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        try:
            return normalise_email(email)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        request.session.set_expiry(0)

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
