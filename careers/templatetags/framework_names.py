"""Template filters for showing framework names: thin wrappers over careers.names."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from careers import names

register = template.Library()

SOURCE_BADGE = (
    ' <span class="badge source-label" title="Imported from {label}, the European '
    'classification of occupations">{label}</span>'
)


@register.filter
def display_name(name: str) -> str:
    return names.display_name(str(name))


@register.filter
def source_label(source: str) -> str:
    return names.source_label(str(source or ""))


@register.filter
def source_badge(source: str) -> str:
    """The small label beside an imported role's name, after a space ("" if hand-made)."""
    label = names.source_label(str(source or ""))
    return format_html(SOURCE_BADGE, label=label) if label else ""
