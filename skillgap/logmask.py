"""Secrets carried in URLs never reach a log line.

Some links stand in for a password: the token of a review, share or team-invitation link,
allauth's password-reset and address-confirmation keys, and later the calendar feed and the
sign-on callback's `code` and `state`. Whoever reads a log must not be able to open them,
so every path or query that carries one is masked before anything is written.

Two places do it, both with `mask_secrets()`:
- every log record this process makes (Django's request, server and security logs, the
  app's own, gunicorn's error log) is masked as it is made, by a log-record factory that
  `configure_logging()` installs. A filter on a handler would see only what reaches that
  handler, and a filter on a logger only the records of that very logger; made this way,
  every handler sees the masked text, the test suite's capture included.
- gunicorn's access log, through `GunicornLogger` (gunicorn.conf.py names it).

A new URL with a secret in it adds one line to SECRET_PATHS or SECRET_PARAMS.
"""

from __future__ import annotations

import logging
import logging.config
import re
from collections.abc import Callable
from typing import Any

from gunicorn import glogging

MASK = "<masked>"

# The path segment after each of these is a secret (each a regular expression).
SECRET_PATHS = (
    r"/reviews/(?!given/|\d+/(?:revoke|hide)/)",  # a second-opinion link
    r"/shared/",  # a share link
    r"/teams/join/",  # a team invitation
    r"/accounts/confirm-email/",  # allauth: an address-confirmation key
    r"/accounts/password/reset/key/(?!done/)",  # allauth: a password-reset key
    r"/plan/calendar/",  # a calendar feed (DESIGN §17)
)
# Query parameters whose value is a secret, on any URL (the sign-on callback's).
SECRET_PARAMS = ("code", "state")

# A slash may arrive URL-encoded too, as in `?next=%2Freviews%2F<token>%2F`.
_SLASH = "(?:/|%2F)"
_SECRET_PATH = re.compile(
    "(?P<prefix>{})[^/?#&\\s\"'<>]+".format(
        "|".join(pattern.replace("/", _SLASH) for pattern in SECRET_PATHS)
    ),
    re.IGNORECASE,
)
_SECRET_PARAM = re.compile(
    "(?P<prefix>(?:[?&;]|%3F|%26)(?:{})(?:=|%3D))[^&#\\s\"'<>]+".format("|".join(SECRET_PARAMS)),
    re.IGNORECASE,
)


def mask_secrets(text: str) -> str:
    """`text` with the secret part of every token URL in it replaced by MASK."""
    text = _SECRET_PATH.sub(rf"\g<prefix>{MASK}", text)
    return _SECRET_PARAM.sub(rf"\g<prefix>{MASK}", text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record's message, its arguments included (formatted into it if need be)."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: logging reports it when it is emitted
        return record
    masked = mask_secrets(message)
    if masked != message:
        record.msg, record.args = masked, None
    return record


def configure_logging(config: dict[str, Any]) -> None:
    """Django's LOGGING_CONFIG: the LOGGING setting, and every record masked from now on."""
    logging.config.dictConfig(config)
    make = logging.getLogRecordFactory()
    if not getattr(make, "masks_secrets", False):
        logging.setLogRecordFactory(_masking(make))


def _masking(make: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make_masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(make(*args, **kwargs))

    make_masked.masks_secrets = True  # type: ignore[attr-defined]
    return make_masked


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with every access-log field masked: the request line, the path,
    the query and the referer alike, whatever `access_log_format` picks from them."""

    def atoms(self, resp, req, environ, request_time) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: mask_secrets(v) if isinstance(v, str) else v for k, v in atoms.items()}
