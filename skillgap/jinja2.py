"""The Jinja2 environment, for the parts of the hot pages that Jinja2 renders.

Which templates are Jinja2: those in an app's `jinja2/` folder (the backend's APP_DIRS
convention), and no others. Each renders one part of a page (a step's skills, the
dashboard's body with the parts the apps above add to it) through
`assessments.jinja_parts.render_part`, and the Django template around it writes the
result; `base.html`, allauth's, the admin's and crispy's pages stay in Django's language.
The globals and filters here are the few those parts use, and autoescape is on, as in
Django's templates. `tests/test_template_engines.py` keeps the rule.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import date, pluralize, slugify, truncatechars
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import json_script
from django.utils.timezone import template_localtime
from jinja2 import Environment

from assessments.templatetags.report_labels import evidence_host
from careers.templatetags.framework_names import display_name, source_badge


def environment(**options: Any) -> Environment:
    env = Environment(**options)
    env.globals.update(static=static, url=url)
    env.filters.update(
        date=local_date,
        display_name=display_name,
        evidence_host=evidence_host,
        json_script=json_script,
        pluralize=pluralize,
        slugify=slugify,
        source_badge=source_badge,
        truncatechars=truncatechars,
    )
    return env


def url(name: str, *args: Any) -> str:
    """`{% url name arg %}` as a function: `url("assessments:rate", public_id)`."""
    return reverse(name, args=args)


def local_date(value: Any, format_string: str | None = None) -> str:
    """`{{ value|date:format_string }}` as Django's language writes it: in the current time
    zone, as that filter's `expects_localtime` has Django's engine do first."""
    return date(template_localtime(value), format_string)
