"""Cache the manager's view of a rung, keyed by everything it depends on.

The view is thousands of cells (50 members by 80 skills), so rendering it costs far more
than loading it. `team_view_key()` says what it depends on, so any change anywhere shows
on the next page, on every server sharing the cache:

- who is in the team, who shares, and their names     -> a digest of the memberships
- the sharing members' latest ratings: a submission only ever adds, and deleting one (or an
  account) changes the count                             -> latest submitted_at and count
- the rung's requirements, skills and learning steps    -> the framework version
- the viewer (the "not sharing" count leaves them out)  -> their membership id
- the templates and the view's shape                    -> LAYOUT_VERSION
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db.models import Count, Max

from assessments.models import Assessment
from careers.cache import framework_version
from careers.models import Rung
from teams.models import Membership

# Bump when the view's templates or shape change, so no server serves an old rendering.
LAYOUT_VERSION = 2  # 2: the heatmap as one table; ESCO rung titles capitalised


def team_view_key(*, rung: Rung, viewer: Membership, members: Sequence[Membership]) -> str:
    """One cache key for `viewer`'s view of `rung` over `members` (1 query)."""
    people = repr([(m.pk, m.person_id, m.shares, m.display_name) for m in members])
    sharing = [m.person_id for m in members if m.shares]
    submitted = Assessment.objects.submitted().filter(owner_id__in=sharing)
    latest = submitted.aggregate(last=Max("submitted_at"), count=Count("pk"))
    return ":".join(
        [
            f"team-view-v{LAYOUT_VERSION}",
            str(viewer.team_id),
            str(rung.pk),
            str(viewer.pk),
            hashlib.sha256(people.encode()).hexdigest()[:32],
            latest["last"].isoformat() if latest["last"] else "-",
            str(latest["count"]),
            framework_version(),
        ]
    )
