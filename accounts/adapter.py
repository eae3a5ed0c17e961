"""How allauth treats addresses, sessions and mail here.

- Addresses are normalised (accounts.addresses) before any comparison, so one mailbox is
  one account.
- Every log-in, by sign-up and e-mail confirmation too, ends with the browser session unless
  the person ticked "Remember me" (the rule SECURITY.md states); the log-in form then sets
  the longer expiry itself, after this.
- Links in mails point at DJANGO_SITE_URL, not at the Host header of the request.
- Mail is queued in the database (accounts.outbox): a mail server that is down delays it.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest

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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        ctx = {"email": email, **context, "current_site": current_site()}
        for key, value in ctx.items():
            if key.endswith("_url") and isinstance(value, str) and "://" in value:
                ctx[key] = on_site(value)
        self.render_mail(template_prefix, email, ctx).send()
