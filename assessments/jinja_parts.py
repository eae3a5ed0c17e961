"""The Jinja2 parts of the hot pages, rendered for the Django page around them.

The rule for which templates are Jinja2 (an app's `jinja2/` folder, nothing else) and the
environment live in `skillgap/jinja2.py`; this helper sits here, below the apps that call it
(`assessments` and `reviews`), so that imports keep running down the house.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

ENGINE = "jinja2"  # its alias in settings.TEMPLATES


def render_part(
    template_name: str, context: Mapping[str, Any], request: HttpRequest | None = None
) -> SafeString:
    """The Jinja2 template `template_name` rendered, as HTML for a Django template to write."""
    template = engines[ENGINE].get_template(template_name)
    return mark_safe(template.render(dict(context), request))
