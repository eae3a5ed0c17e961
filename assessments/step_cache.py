"""The rating step as rendered HTML, kept in the shared cache per draft state.

A step shows the draft's own ratings, its rung's requirements and level descriptions, the
step asked for and whether it was opened from the review; nothing else. So it is rendered
once per state and kept under a key of the draft, the step asked for and that flag, with
two stamps checked on every read (`careers.cache.read_current`):

- the draft's ratings: every save renews the row's `updated_at` in its own transaction
  (services._lock_draft), and the row is read before the step is built from the ratings,
  so a step built from older ratings is never kept under a newer stamp
- the rung's requirements, skill names and level descriptions: the framework version,
  which every framework write renews
- the templates: LAYOUT_VERSION in the key

The body is rendered without the request. The form's CSRF field is the one thing in it
that belongs to the request, so the body is kept in two parts around it, and the Django
page writes the field between them with `{% csrf_token %}`. A refused post renders its
step with the errors through the same `render_step`, never from the cache.

Callers must fetch the draft through the views' ownership check first: the key holds the
draft's id and nothing here checks who asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from assessments.jinja_parts import render_part
from assessments.models import Assessment
from assessments.rating_page import RatingSteps, build_rating_page, load_rating_steps
from assessments.steps import is_returning
from careers import names
from careers.cache import read_current, write_current
from careers.models import Rung

# Bump when the step's templates or what they are given change.
LAYOUT_VERSION = 1
# Where the body's CSRF field goes: a comment no escaped text can hold.
CSRF_SLOT = mark_safe("<!-- csrf -->")
# The heading's rung and role, for a draft fetched without them (views.DRAFT_ROW).
RUNG_WITH_ROLE = Rung.objects.select_related("role")
# A step number as a request may name one; anything else opens the first unrated step.
MAX_STEP_DIGITS = 4


@dataclass(frozen=True)
class RenderedStep:
    """A step's page title, and its body in two parts around the form's CSRF field.

    `context` is what the body was rendered from (the assessment, the form and the page)
    when it was rendered for this request, for the Django page's context; it is never
    kept, so a step read from the cache has none.
    """

    title: str
    head: SafeString
    tail: SafeString
    context: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def render_step(assessment: Assessment, steps: RatingSteps) -> RenderedStep:
    """The step `steps` is about, rendered for `assessment` (errors and all, if bound)."""
    if not Assessment.rung.is_cached(assessment):
        assessment.rung = RUNG_WITH_ROLE.get(pk=assessment.rung_id)
    page = build_rating_page(assessment, steps)
    context = {"assessment": assessment, "form": steps.form, "page": page}
    body = render_part("assessments/rating_step.html", {**context, "csrf_input": CSRF_SLOT})
    head, tail = body.split(CSRF_SLOT, 1)
    title = f"{page.name} · Rate yourself: {names.display_name(assessment.rung.title)}"
    return RenderedStep(title, mark_safe(head), mark_safe(tail), context)


def cached_step(assessment: Assessment, *, step: object, returning: object) -> RenderedStep:
    """The draft's step `step` (as the client sent it; see `load_rating_steps`), from the
    cache when the draft, its framework and the layout are as they were; otherwise built,
    and kept if the client named the step it got (or none), so junk numbers keep nothing."""
    asked = _asked_step(step)
    back = is_returning(returning)
    key = f"rating-step-v{LAYOUT_VERSION}:{assessment.pk}:{asked}:{int(back)}"
    stamp = assessment.updated_at.isoformat()
    version, rendered = read_current(key, stamp)
    if rendered is not None:
        return rendered
    steps = load_rating_steps(assessment, step=asked, returning=returning)
    rendered = render_step(assessment, steps)
    if asked in ("", str(steps.number)):
        write_current(key, replace(rendered, context={}), version=version, stamp=stamp)
    return rendered


def _asked_step(step: object) -> str:
    text = str(step or "")
    if text.isascii() and text.isdigit() and len(text) <= MAX_STEP_DIGITS:
        return str(int(text))
    return ""
