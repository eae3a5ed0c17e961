"""Serve submitted reports from a server-side cache, rendered once per version of their inputs.

A submitted report's gaps come from its snapshot and never change. The rest of the page
does change, so it is part of the cache key rather than left stale:

- the learning plan's weeks depend on the person's hours per week  -> `owner_hours_per_week`
- next rungs, moves and the ladder fall back on the person's other submitted ratings, and
  the change since last time and the trend list their submissions -> when the person last
  submitted anything (`owner_last_submitted_at`; submissions only ever add)
- learning steps, requirements and rungs are live framework data    -> the framework version
  (`careers.cache`), which every framework write through the admin or the import renews
- the site navigation shows the person's email, and an Admin link to staff

The report page is cached whole, navigation included, so a repeat visit renders nothing: two
marks stand in for what differs per response, the CSRF token and any pending messages.

Drafts are never cached: their ratings change with every save.

Callers must fetch the assessment through the views' ownership check first, with
`Assessment.objects.with_report_inputs()`: the key holds the assessment's id and nothing
here checks who asks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from assessments import exports
from assessments.forms import HoursPerWeekForm
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment
from assessments.reports import Report, build_gap_report, build_report
from careers.cache import bump_framework_version, framework_version  # noqa: F401 (re-exported)
from careers.models import Rung

REPORTS_CACHE = "reports"
# Bump when the report's templates or shape change, so no server serves an old rendering.
LAYOUT_VERSION = 2
# Stand in for the CSRF token and the messages in a cached page; each response swaps in
# its own. Random per process, so no text a person types can collide with them.
CSRF_MARK = f"csrf-{secrets.token_hex(16)}"
MESSAGES_MARK = f"messages-{secrets.token_hex(16)}"

T = TypeVar("T")


def hours_per_week(assessment: Assessment) -> int:
    """The owner's hours per week, as annotated by `with_report_inputs()`."""
    hours = assessment.owner_hours_per_week
    return DEFAULT_HOURS_PER_WEEK if hours is None else hours


def report_page(
    request: HttpRequest, assessment: Assessment, *, form: HoursPerWeekForm | None = None
) -> bytes:
    """The whole report page's HTML, UTF-8 encoded, for `request`, which must be the owner's.

    With a `form` (refused hours per week), the page shows it and is not cached. Pages are
    kept encoded: encoding 150 KB for every response cost as much as all the rest here.
    """
    if form is not None or not assessment.is_submitted:
        page = _render_page(request, assessment, form)
    else:
        kind = f"page-{_viewer(request)}"
        page = _cached(assessment, kind, lambda: _render_page(request, assessment, None))
    return _finish(request, page)


def report_json(assessment: Assessment) -> tuple[str, str]:
    """(file name, the report as DESIGN §6 JSON text)."""

    def build() -> tuple[str, str]:
        report = _full_report(assessment)
        text = json.dumps(exports.report_json(report), indent=2, cls=DjangoJSONEncoder)
        return exports.report_filename(report, "json"), text

    return _cached(assessment, "json", build)


def report_csv(assessment: Assessment) -> tuple[str, str]:
    """(file name, the report as CSV text, one row a requirement)."""

    def build() -> tuple[str, str]:
        _load_rung(assessment)
        report = build_gap_report(assessment, hours_per_week=hours_per_week(assessment))
        out = io.StringIO()
        csv.writer(out).writerows(exports.report_csv_rows(report))
        return exports.report_filename(report, "csv"), out.getvalue()

    return _cached(assessment, "csv", build)


def render_report_body(
    report: Report, *, form: HoursPerWeekForm | None = None, csrf_token: str = CSRF_MARK
) -> str:
    """Render the report's body. Without a `form`, the hours form shows the saved hours."""
    if form is None:
        form = HoursPerWeekForm(initial={"hours_per_week": report.hours_per_week})
    context = {"report": report, "hours_form": form, "csrf_token": csrf_token}
    return render_to_string("assessments/_report_body.html", context)


def _render_page(
    request: HttpRequest, assessment: Assessment, form: HoursPerWeekForm | None
) -> bytes:
    body = render_report_body(_full_report(assessment), form=form)
    context = {
        "assessment": assessment,
        "body": body,
        "csrf_token": CSRF_MARK,
        "messages_mark": MESSAGES_MARK,
    }
    return render_to_string("assessments/report.html", context, request=request).encode()


def _finish(request: HttpRequest, page: bytes) -> bytes:
    pending = messages.get_messages(request)
    # Rendering the messages marks them shown; with none pending, nothing is rendered.
    shown = render_to_string("includes/messages.html", {"messages": pending}) if pending else ""
    page = page.replace(CSRF_MARK.encode(), get_token(request).encode())
    return page.replace(MESSAGES_MARK.encode(), shown.encode())


def _viewer(request: HttpRequest) -> str:
    """What the navigation shows of the person: their email, and whether they are staff."""
    user = request.user
    return hashlib.blake2b(f"{user.email}\0{user.is_staff}".encode(), digest_size=8).hexdigest()


def _full_report(assessment: Assessment) -> Report:
    _load_rung(assessment)
    return build_report(assessment, hours_per_week=hours_per_week(assessment))


def _load_rung(assessment: Assessment) -> None:
    # A cached report needs no rung, so the ownership query leaves it out; building one
    # does (1 query).
    if not Assessment.rung.is_cached(assessment):
        assessment.rung = Rung.objects.select_related("role").get(pk=assessment.rung_id)


def _cached(assessment: Assessment, kind: str, build: Callable[[], T]) -> T:
    if not assessment.is_submitted:
        return build()
    cache = caches[REPORTS_CACHE]
    key = _key(assessment, kind)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def _key(assessment: Assessment, kind: str) -> str:
    # No default: an assessment fetched without with_report_inputs() must fail, not go stale.
    last = assessment.owner_last_submitted_at
    stamp = last.isoformat() if last else "-"
    return ":".join(
        [
            f"report-v{LAYOUT_VERSION}",
            kind,
            str(assessment.pk),
            str(hours_per_week(assessment)),
            stamp,
            framework_version(),
        ]
    )
