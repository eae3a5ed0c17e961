"""Deployment checks for what accounts rely on."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

SITE_URL_NOT_HTTPS = Warning(
    "DJANGO_SITE_URL is not an https:// address.",
    hint=(
        "Links in password-reset and confirmation e-mails are built from it. Set it to the "
        "site's public address, such as https://skillgap.example.org."
    ),
    id="accounts.W001",
)


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    return [] if settings.SITE_URL.startswith("https://") else [SITE_URL_NOT_HTTPS]
