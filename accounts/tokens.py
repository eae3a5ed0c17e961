"""Tokens that stand in for a password: invitations, review links and share links.

A token is 192 random bits from `secrets`, shown once in a link and stored only as its
SHA-256 digest, so a copy of the database opens nothing. Lookups go by digest and the
found row is compared again in constant time. Every lookup by token first spends one
unit of the visitor's `token_guess` allowance (allauth's rate limiter, in the configured
cache), so guessing is slow and, like a wrong token, always answers 404.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TypeVar

from allauth.core.internal import ratelimit
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

Row = TypeVar("Row", bound=Model)

TOKEN_BYTES = 24
DIGEST_LENGTH = 64


def new_token() -> tuple[str, str]:
    """A fresh token and the digest to store in its place."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(token), digest)


def find_by_token(
    queryset: QuerySet[Row], token: str, *, field: str = "token_digest"
) -> Row | None:
    """The row of `queryset` whose digest `field` is `token`'s, confirmed in constant time;
    None for an unknown token. One query."""
    found = queryset.filter(**{field: token_digest(token)}).first()
    if found is None or not token_matches(token, getattr(found, field)):
        return None
    return found


def spend_token_guess(request: HttpRequest) -> None:
    """Count one token lookup against the visitor; over the limit answers 404 like a miss."""
    # The public wrapper skips GET requests; token links are opened by GET.
    if not ratelimit.consume(request, app="allauth.account", action="token_guess", limit_get=True):
        raise Http404
