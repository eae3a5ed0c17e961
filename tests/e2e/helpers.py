"""Plain helpers the browser journeys share."""

from __future__ import annotations

from django.db.models import Count

from careers.models import Rung


def smallest_rung() -> Rung:
    """The shipped rung with the fewest requirements, to keep journeys short."""
    return (
        Rung.objects.annotate(size=Count("requirements"))
        .filter(size__gt=0)
        .order_by("size", "pk")
        .select_related("role")
        .first()
    )
