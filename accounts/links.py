"""Absolute links for e-mails, built from configuration (DJANGO_SITE_URL), never a request.

A request's Host header is the client's to choose: a reset link built from it can point at
any host and port the attacker names.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

SITE_NAME = "SkillGap"


@dataclass(frozen=True)
class SiteInfo:
    """What allauth's mail templates read as `current_site`."""

    name: str
    domain: str


def current_site() -> SiteInfo:
    return SiteInfo(name=SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site(url: str) -> str:
    """`url` with the configured site's scheme, host and port (its path and query kept)."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))
