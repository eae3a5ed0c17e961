"""Template filters that make cached pages smaller without changing how they render."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_INDENTATION = re.compile(r"\n[ \t]+")


@register.filter(is_safe=True)
def drop_indentation(html: SafeString) -> SafeString:
    """Remove the spaces that start each line of already-rendered HTML.

    A browser renders a run of white space as one space, so the page looks the same; a
    cached report or ladder is about a quarter smaller, and every hit reads, decodes and
    sends less. Not for text inside <pre> or <textarea>, where white space shows.
    """
    return mark_safe(_INDENTATION.sub("\n", html))
