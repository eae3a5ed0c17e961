"""Cache what a report shows, in the configured cache, keyed by everything it depends on.

`report_key()` is the one place that says what a report depends on besides its own
ratings. The rendered report body (a `{% cache %}` fragment in report.html), the JSON and
the CSV are all keyed by it, so they change together. Every part is read from the
assessment's own row and two plain joins (`with_report_inputs()`), so the key costs no
query of its own:

- the ratings: a submitted assessment's snapshot never changes; a draft's ratings change
  with every save, which renews `updated_at`                       -> `updated_at`
- the learning plan's weeks depend on the person's hours per week  -> `owner_hours_per_week`
- whatever else a write changes in what the report shows: the person's other submissions
  (next rungs, moves and the ladder fall back on their other ratings; the change since
  last time and the trend list them), and what the registered sections above add (a
  second opinion submitted, hidden, or deleted with its reviewer's account; a plan step's
  state; a goal). Each such write renews the row's stamp in its own transaction, through
  `assessments.services.renew_reports()`                         -> `report_stamp`
- learning steps, requirements and rungs are live framework data   -> the framework version
  (`careers.cache`), which every framework write renews
- the templates and the shape of the report                        -> LAYOUT_VERSION
- each registered section's `key_part` (assessments.sections), read from the row and the
  clock alone: the plan progress's goal counts its weeks down from today

A new per-person input to the report gets its write to call `renew_reports()`, and a test
(tests/assessments/report/test_cache.py and the section's own) shows the key changes with it.

Callers must fetch the assessment through the views' ownership check first, with
`Assessment.objects.with_report_inputs()`: the key holds the assessment's id and nothing
here checks who asks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.serializers.json import DjangoJSONEncoder

from assessments import sections as registry
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment
from assessments.report import Report, build_gap_report, build_report, exports
from careers.cache import framework_version

# The owner's report body is cached in three renderings (report_body's `part`).
FULL = ":full"
PARTS = ":parts"

# Bump when the report's templates or shape change, so no server serves an old rendering.
# 10: ESCO names capitalised and labelled in the heading; 11: sections from the registry,
# plan step states; 12: the key reads the row's report stamp; 13: step-state buttons drawn
# by aria-pressed alone; 14: a lighter first screen, the rest in the full report
LAYOUT_VERSION = 14


def hours_per_week(assessment: Assessment) -> int:
    """The owner's hours per week, as annotated by `with_report_inputs()`."""
    hours = assessment.owner_hours_per_week
    return DEFAULT_HOURS_PER_WEEK if hours is None else hours


def report_key(assessment: Assessment) -> str:
    """What the report of `assessment` depends on, as one cache key (see the module doc)."""
    # No defaults: an assessment fetched without with_report_inputs() must fail, not go stale.
    return ":".join(
        [
            f"report-v{LAYOUT_VERSION}",
            str(assessment.pk),
            str(assessment.report_stamp),
            assessment.updated_at.isoformat(),
            str(hours_per_week(assessment)),
            *(section.key_part(assessment) for section in registry.with_hook("key_part")),
            framework_version(),
        ]
    )


def body_key(key: str) -> str:
    """Where a rendered report body is cached for `key` (a `report_key`, plus the shared
    page's suffix): the key of a `{% cache None report-body key %}` fragment, so the shared
    page's template tag and the owner's page (which reads it in Python) name it alike."""
    return make_template_fragment_key("report-body", [key])


def report_body(assessment: Assessment, render: Callable[[], str], part: str = "") -> str:
    """The owner's report body as HTML: read from the cache, or drawn by `render` on a miss.
    `part` names another rendering of the same report: FULL (every section) or PARTS (what the
    first screen leaves to the full report); by default the first screen."""
    return cache.get_or_set(body_key(report_key(assessment) + part), render, timeout=None)


def store_body(assessment: Assessment, html: str, part: str) -> None:
    """Keep `html` as `part` of the report's body, unless a rendering is there already."""
    cache.add(body_key(report_key(assessment) + part), html, timeout=None)


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
