"""The dashboard page's body: the person's own lists, kept in the shared
cache, and the parts of the apps above, drawn on each request.

One query says what the page needs (`dashboard.summarise`): how many assessments the person
has, a stamp that any write to them renews, and which parts have nothing to show. A part
with nothing skips its loader. The lists are kept per person beside that stamp and the
framework version they were drawn from, until the first moment their text would change with
the clock (`dashboard.next_change`), and read with the version in one call to the cache: a
new, saved, submitted or deleted assessment, or a framework edit, draws them afresh on every
server at once. The CSRF token is never kept: the retake buttons' forms get this request's.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from assessments import sections
from assessments.dashboard import build_lists, build_parts, next_change, summarise
from assessments.jinja_parts import render_part
from careers.cache import read_current, write_current
from careers.templatetags.compact import drop_indentation

LISTS_KEY = "skillgap:dashboard-lists"
# Bump when dashboard_lists.html or the rows it draws change, so no server serves an old
# rendering.
LAYOUT_VERSION = 2  # 2: the summary kept as read_current's stamp
# How long a person's lists stay in the cache unread: one entry per person, replaced on change.
KEPT_FOR = int(datetime.timedelta(days=7).total_seconds())
# Stands in for the CSRF field in the kept lists; escaped text can never contain it.
CSRF_MARK = "<!--csrf-input-->"


def dashboard_body(request: HttpRequest, *, now: datetime.datetime | None = None) -> SafeString:
    """The page under the navigation, in 1 query, a read of the cache, and the queries of
    the parts with something to show (with the shipped apps: their reviews given and their
    teams, 1 each); on a miss of the lists, 1 more."""
    owner, now = request.user, now or timezone.now()
    summary = summarise(owner)
    lists = _lists(owner, summary, now)
    if CSRF_MARK in lists:  # only a retake button has a form
        lists = lists.replace(CSRF_MARK, str(csrf_input(request)))
    context = {
        "is_empty": not summary.count,
        "top": build_parts(owner, sections.DASHBOARD_TOP, summary),
        "lists": mark_safe(lists),
        "bottom": build_parts(owner, sections.DASHBOARD_BOTTOM, summary),
    }
    return render_part("assessments/dashboard_body.html", context, request)


def _lists(owner, summary, now: datetime.datetime) -> str:
    key = f"{LISTS_KEY}-v{LAYOUT_VERSION}:{owner.pk}"
    version, kept = read_current(key, summary.stamp)
    if kept is not None:
        until, html = kept
        if until is None or now < until:
            return html
    dashboard = build_lists(owner, now=now)
    context = {"dashboard": dashboard, "csrf_input": mark_safe(CSRF_MARK)}
    html = str(drop_indentation(render_part("assessments/dashboard_lists.html", context)))
    until = next_change(dashboard, now)
    write_current(key, (until, html), version=version, stamp=summary.stamp, timeout=KEPT_FOR)
    return html
