"""Cache what a report shows, in the configured cache, keyed by everything it depends on.

`report_key()` is the one place that says what a report depends on besides its own
ratings. The rendered report body (a `{% cache %}` fragment in report.html), the JSON and
the CSV are all keyed by it, so they change together:

- the ratings: a submitted assessment's snapshot never changes; a draft's ratings change
  with every save, which renews `updated_at`                       -> `updated_at`
- the learning plan's weeks depend on the person's hours per week  -> `owner_hours_per_week`
- next rungs, moves and the ladder fall back on the person's other submitted ratings, and
  the change since last time and the trend list their submissions -> when the person last
  submitted anything (`owner_last_submitted_at`; submissions only ever add)
- learning steps, requirements and rungs are live framework data   -> the framework version
  (`careers.cache`), which every framework write renews
- the second opinions: a review submitted, hidden, or deleted with its reviewer's account
                                                       -> `review_last_submitted_at`,
                                                          `review_last_hidden_at`, `review_count`
- the templates and the shape of the report                        -> LAYOUT_VERSION

A new per-person input to the report goes into `with_report_inputs()` and into this key,
and a test in tests/assessments/report/test_cache.py shows the key changes with it.

Callers must fetch the assessment through the views' ownership check first, with
`Assessment.objects.with_report_inputs()`: the key holds the assessment's id and nothing
here checks who asks.
"""

from __future__ import annotations

import csv
import io
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment
from assessments.report import Report, build_gap_report, build_report, exports
from careers.cache import framework_version

# Bump when the report's templates or shape change, so no server serves an old rendering.
LAYOUT_VERSION = 10  # 10: ESCO names capitalised and labelled in the heading


def hours_per_week(assessment: Assessment) -> int:
    """The owner's hours per week, as annotated by `with_report_inputs()`."""
    hours = assessment.owner_hours_per_week
    return DEFAULT_HOURS_PER_WEEK if hours is None else hours


def report_key(assessment: Assessment) -> str:
    """What the report of `assessment` depends on, as one cache key (see the module doc)."""
    # No defaults: an assessment fetched without with_report_inputs() must fail, not go stale.
    last = assessment.owner_last_submitted_at
    return ":".join(
        [
            f"report-v{LAYOUT_VERSION}",
            str(assessment.pk),
            assessment.updated_at.isoformat(),
            str(hours_per_week(assessment)),
            last.isoformat() if last else "-",
            _reviews_version(assessment),
            framework_version(),
        ]
    )


def _reviews_version(assessment: Assessment) -> str:
    """Changes whenever a review is submitted, hidden, or deleted with its reviewer."""
    submitted, hidden = assessment.review_last_submitted_at, assessment.review_last_hidden_at
    return "r{}/{}/{}".format(
        assessment.review_count,
        submitted.isoformat() if submitted else "-",
        hidden.isoformat() if hidden else "-",
    )


def full_report(assessment: Assessment, *, frozen: bool = False) -> Report:
    return build_report(assessment, hours_per_week=hours_per_week(assessment), frozen=frozen)


def report_json(assessment: Assessment) -> tuple[str, str]:
    """(file name, the report as DESIGN §6 JSON text)."""

    def build() -> tuple[str, str]:
        report = full_report(assessment)
        text = json.dumps(exports.report_json(report), indent=2, cls=DjangoJSONEncoder)
        return exports.report_filename(report, "json"), text

    return cache.get_or_set(f"{report_key(assessment)}:json", build, timeout=None)


def report_csv(assessment: Assessment) -> tuple[str, str]:
    """(file name, the report as CSV text, one row a requirement)."""

    def build() -> tuple[str, str]:
        report = build_gap_report(assessment, hours_per_week=hours_per_week(assessment))
        out = io.StringIO()
        csv.writer(out).writerows(exports.report_csv_rows(report))
        return exports.report_filename(report, "csv"), out.getvalue()

    return cache.get_or_set(f"{report_key(assessment)}:csv", build, timeout=None)
