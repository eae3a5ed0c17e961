"""Serve submitted reports from a server-side cache, rendered once per version of their inputs.

A submitted report's gaps come from its snapshot and never change. The rest of the page
does change, so it is part of the cache key rather than left stale:

- the learning plan's weeks depend on the person's hours per week  -> `hours_per_week`
- next rungs, moves and the ladder fall back on the person's other submitted ratings, and
  the change since last time and the trend list their submissions -> when the person last
  submitted anything (`owner_last_submitted_at`; submissions only ever add)
- learning steps, requirements and rungs are live framework data    -> the framework version
  (`careers.cache`), which every framework write through the admin or the import renews

Drafts are never cached: their ratings change with every save.

Callers must fetch the assessment through the views' ownership check first: the key holds
the assessment's id and nothing here checks who asks.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Callable

from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from assessments import exports
from assessments.forms import HoursPerWeekForm
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment
from assessments.reports import Report, build_gap_report, build_report
from careers.cache import bump_framework_version, framework_version  # noqa: F401 (re-exported)

REPORTS_CACHE = "reports"
# Bump when the report's templates or shape change, so no server serves an old rendering.
LAYOUT_VERSION = 1
# Stands in for the CSRF token in a cached body; each response swaps in its own token.
# Random per process, so no text a person types can collide with it.
CSRF_MARK = f"csrf-{secrets.token_hex(16)}"


def hours_per_week(assessment: Assessment) -> int:
    """The owner's hours per week, from the profile loaded with `with_report_inputs()`."""
    profile = getattr(assessment.owner, "profile", None)
    return profile.hours_per_week if profile is not None else DEFAULT_HOURS_PER_WEEK


def report_body(assessment: Assessment) -> str:
    """The report page's body HTML, with CSRF_MARK where the CSRF token goes."""
    return _cached(assessment, "html", lambda: render_report_body(_full_report(assessment)))


def report_json(assessment: Assessment) -> str:
    """The report as DESIGN §6 JSON text."""

    def build() -> str:
        data = exports.report_json(_full_report(assessment))
        return json.dumps(data, indent=2, cls=DjangoJSONEncoder)

    return _cached(assessment, "json", build)


def report_csv(assessment: Assessment) -> str:
    """The report as CSV text, one row a requirement."""

    def build() -> str:
        out = io.StringIO()
        report = build_gap_report(assessment, hours_per_week=hours_per_week(assessment))
        csv.writer(out).writerows(exports.report_csv_rows(report))
        return out.getvalue()

    return _cached(assessment, "csv", build)


def report_filename(assessment: Assessment, extension: str) -> str:
    when = assessment.submitted_at.date().isoformat() if assessment.submitted_at else "draft"
    return f"skillgap-{assessment.rung.slug}-{when}.{extension}"


def render_report_body(
    report: Report, *, form: HoursPerWeekForm | None = None, csrf_token: str = CSRF_MARK
) -> str:
    """Render the report's body. Without a `form`, the hours form shows the saved hours."""
    if form is None:
        form = HoursPerWeekForm(initial={"hours_per_week": report.hours_per_week})
    context = {"report": report, "hours_form": form, "csrf_token": csrf_token}
    return render_to_string("assessments/_report_body.html", context)


def _full_report(assessment: Assessment) -> Report:
    return build_report(assessment, hours_per_week=hours_per_week(assessment))


def _cached(assessment: Assessment, kind: str, build: Callable[[], str]) -> str:
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
