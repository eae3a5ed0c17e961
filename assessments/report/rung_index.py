"""The rung index: every rung offered, inverted from skills to rungs, so that a report ranks
moves across roles over the whole framework without reading it (DESIGN.md §15).

Built once per framework version into the shared cache, keyed by that version as
`careers.cache` says: the edit that makes a new version builds it on commit (two queries that
read every requirement), a report that finds none (expired or evicted) builds it again, and
every other report on every app server reads it back. Nothing is kept in a process.
"""

from __future__ import annotations

from django.core.cache import cache

from assessments import planning
from careers.cache import framework_version
from careers.models import Requirement, Rung, Skill

# Bump when RungIndex changes shape, so no server unpickles an index of the old shape.
INDEX_LAYOUT = 1
INDEX_KEY = "report-rung-index"
# At full ESCO size an index is about 0.7 MB. An edit leaves the old version's behind: let
# it expire within a day rather than wait for the backend to evict it. A live one expiring
# costs one rebuild.
INDEX_TIMEOUT = 24 * 60 * 60


def rung_index() -> planning.RungIndex:
    """The index of the current framework version: rungs by pk, grouped by role, skills by
    id, over the rungs and skills still offered.

    Queries: none when cached; on a miss, 2 (the rungs, then every requirement).
    """
    key = f"{INDEX_KEY}-v{INDEX_LAYOUT}:{framework_version()}"
    return cache.get_or_set(key, build_rung_index, timeout=INDEX_TIMEOUT)


def build_rung_index() -> planning.RungIndex:
    """The index as the framework stands, in ladder order: role order, role name, rung order."""
    rungs = (
        Rung.objects.current()
        .order_by("role__order", "role__name", "order")
        .values_list("pk", "role_id")
    )
    # The rows of Requirement.objects.current() on rungs still offered, but leaving out the
    # few archived ids instead of joining every one of some 125,000 rows: half the time.
    requirements = (
        Requirement.objects.exclude(skill_id__in=Skill.objects.filter(archived=True).values("pk"))
        .exclude(rung_id__in=Rung.objects.filter(archived=True).values("pk"))
        .order_by()
        .values_list("rung_id", "skill_id", "level", "importance")
    )
    return planning.index_rungs(rungs, requirements)
