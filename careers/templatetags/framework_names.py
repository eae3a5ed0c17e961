"""Template filters for showing framework names: one-line wrappers over careers.names."""

from __future__ import annotations

from django import template

from careers import names

register = template.Library()


@register.filter
def display_name(name: str) -> str:
    return names.display_name(str(name))


@register.filter
def source_label(source: str) -> str:
    return names.source_label(str(source or ""))
