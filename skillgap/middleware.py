"""Cross-cutting request handling: request ids in logs, and no caching of personal pages.

Logs must let an operator follow one failing request (request id, user id) without ever
holding what a person wrote: no POST bodies, ratings or notes reach a log line.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy is kept only if it cannot forge or break a log line.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# Pages under these paths are about one person: a shared computer must not keep them.
PRIVATE_PATH_PREFIXES = ("/assessments/", "/accounts/", "/reviews/")
NO_VALUE = "-"
# Errors whose messages name code (a template, a URL name, an attribute), never data a
# person typed: their messages are kept because they are what makes the log useful.
CODE_ERRORS = (
    AttributeError,
    ImportError,
    ImproperlyConfigured,
    NameError,
    NoReverseMatch,
    TemplateDoesNotExist,
    TemplateSyntaxError,
)

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def _request_id_from(request: HttpRequest) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SANE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id (the proxy's, if sane), echo it back, and expose it to logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = _request_id_from(request)
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        # Resolve the user before the view runs: once a view has failed, the database
        # connection may be unusable, and an error log must not need it.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.log_user_id = user.pk


class PrivateCacheMiddleware:
    """Send `Cache-Control: private, no-store` on personal pages unless a view chose a policy.

    Personal means: any response to a signed-in person, and anything under the account and
    assessment paths (sign-in forms, reports, exports).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path_info.startswith(PRIVATE_PATH_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestContextFilter(logging.Filter):
    """Add `request_id` and `user_id` to every record, from the request being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get() or getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", NO_VALUE)
        record.user_id = getattr(request, "log_user_id", NO_VALUE)
        return True


class SafeFormatter(logging.Formatter):
    """Format records with the traceback's frames but without exception messages.

    Exception messages can quote the data that caused them (a database error quoting a
    row, a conversion error quoting a typed value), so only the exception's type is kept,
    except for CODE_ERRORS.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("defaults", {"request_id": NO_VALUE, "user_id": NO_VALUE})
        super().__init__(*args, **kwargs)

    def formatException(self, ei) -> str:
        _type, exc, _tb = ei
        parts: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            frames = "".join(traceback.format_tb(exc.__traceback__))
            name = f"{type(exc).__module__}.{type(exc).__qualname__}"
            detail = f": {exc}" if isinstance(exc, CODE_ERRORS) else " (message withheld)"
            parts.append(f"Traceback (most recent call last):\n{frames}{name}{detail}")
            exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        return "\n\nwhich was raised while handling:\n".join(parts)
