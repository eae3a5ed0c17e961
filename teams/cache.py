"""Cache the manager's view of a rung, keyed by everything it depends on.

The view is thousands of cells (50 members by 80 skills) beside a rung picker, and followed
by the list of members, so rendering it costs far more than loading it. `team_view_key()`
says what it depends on, so any change anywhere shows on the next page, on every server
sharing the cache:

- the rung asked for, and the picker's search as typed    -> both, the search digested
- who is in the team, who shares and who manages, by name -> a digest of the memberships
- the sharing members' latest ratings: a submission only ever adds, and deleting one (or an
  account) changes the count                                -> latest submitted_at and count,
                                                               read with the members
- the rung's requirements, skills and learning steps, and
  the rungs the picker offers                              -> the framework version
- the viewer (left out of the "not sharing" count, and
  "(you)" in the list)                                     -> their membership id
- the templates and the view's shape                       -> LAYOUT_VERSION

Only a view that answers 200 is stored: an unknown rung or a refused search renders afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from careers.cache import framework_version

# Bump when the view's templates or shape change, so no server serves an old rendering.
LAYOUT_VERSION = 3  # 3: picker and members in it; cells from Python, unrated ones bare


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def team_view_key(*, rung_id: int, search: str, viewer, members: Sequence) -> str:
    """One cache key for `viewer`'s view of rung `rung_id` over `members` (teams.inputs'
    TeamMember, with their submissions counted), picked with `search` as typed. No query
    but the framework version's read of the cache."""
    people = repr([(m.pk, m.person_id, m.shares, m.is_manager, m.display_name) for m in members])
    sharing = [m for m in members if m.shares]
    last = max((m.last_submitted for m in sharing if m.last_submitted), default=None)
    return ":".join(
        [
            f"team-view-v{LAYOUT_VERSION}",
            str(viewer.team_id),
            str(rung_id),
            str(viewer.pk),
            _digest(search),
            _digest(people),
            last.isoformat() if last else "-",
            str(sum(m.submitted_count for m in sharing)),
            framework_version(),
        ]
    )


def cached_view(key: str, render: Callable[[], tuple[str, bool]]) -> tuple[SafeString, bool]:
    """The view stored under `key`, else `render()`'s (html, answers 200), stored when it
    answers 200. `key` "" stores nothing. One read of the cache when it is there."""
    found = cache.get(key) if key else None
    if found is not None:
        return mark_safe(found), True
    html, ok = render()
    if key and ok:
        cache.set(key, html, None)  # the key changes with what the view shows: no expiry
    return mark_safe(html), ok
