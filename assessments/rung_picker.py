"""What /assessments/new/ offers to choose from: a few rungs, never the whole framework.

Without a search the hand-made roles' rungs; with one, those of the best-matching roles
(careers.selectors.pick_rungs, over the catalogue's own search); at most PICKER_LIMIT
rungs on any response, however large the framework.

The choices are the same for everyone but for the person's drafts, so the page caches
their markup per framework version, search and set of drafts (`RungPicker.cache_key`), and
loads them only on a miss: `groups` and `hand_made_roles` query when first read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from assessments.models import Assessment
from careers.models import Role, Rung
from careers.names import display_name
from careers.selectors import PICKER_LIMIT, SEARCH_CACHE_SECONDS, pick_rungs

# Each rung with its skill count: what a radio's label says.
_RUNGS = (
    Rung.objects.current()
    .with_role()
    .annotate(skill_count=Count("requirements", filter=Q(requirements__skill__archived=False)))
)
_HAND_MADE_ROLES = Role.objects.hand_made().values_list("name", "slug")


@dataclass(frozen=True)
class RungChoice:
    rung: Rung
    title: str  # as shown (careers.names.display_name)
    input_id: str
    checked: bool
    has_draft: bool


@dataclass(frozen=True)
class RoleGroup:
    role: Role
    rungs: tuple[RungChoice, ...]
    name: str  # the role's, as shown


@dataclass(frozen=True)
class RoleLink:
    name: str
    slug: str


class RungPicker:
    """The rungs to offer a person, grouped by role (best match first, each role's rungs in
    ladder order), and the hand-made roles for the side list."""

    limit = PICKER_LIMIT
    # The cached markup of its choices and side list is kept this long, or until the
    # framework changes (searches come and go; each is kept a while, not for ever).
    cache_seconds = SEARCH_CACHE_SECONDS

    def __init__(self, *, text: str, role_slug: str, drafts: frozenset[int], selected: str):
        self.text = text  # the search, as searched ("" for none)
        self.role_slug = role_slug  # the role asked for by ?role=, "" for none
        self.drafts = drafts  # the rungs the person has an open draft of, among all rungs
        self.selected = selected  # the rung id a refused form sent back, checked again

    @property
    def cache_key(self) -> str:
        """What the markup of its choices depends on, beside the framework version: the
        search, the role asked for and the person's drafts (a refused form, with its
        checked rung and error, is never cached)."""
        return repr((self.text, self.role_slug, sorted(self.drafts)))

    @property
    def side_list_key(self) -> str:
        """What the side list's markup depends on, beside the framework version: which of
        its links is the current page."""
        return repr((bool(self.text), self.role_slug))

    @cached_property
    def groups(self) -> tuple[RoleGroup, ...]:
        """Two queries: the roles' ids (none when that search is cached), their rungs with
        skill counts."""
        rungs = pick_rungs(self.text, role_slug=self.role_slug, rungs=_RUNGS)
        groups: dict[int, list[RungChoice]] = {}
        roles: dict[int, Role] = {}
        for rung in rungs:
            roles[rung.role_id] = rung.role
            choice = RungChoice(
                rung,
                display_name(rung.title),
                f"rung-{rung.pk}",
                str(rung.pk) == self.selected,
                rung.pk in self.drafts,
            )
            groups.setdefault(rung.role_id, []).append(choice)
        return tuple(_group(roles[pk], choices) for pk, choices in groups.items())

    @cached_property
    def hand_made_roles(self) -> tuple[RoleLink, ...]:
        """One query."""
        return tuple(RoleLink(name, slug) for name, slug in _HAND_MADE_ROLES.all())

    @property
    def is_cut_short(self) -> bool:
        """The search found more rungs than a response lists."""
        return sum(len(group.rungs) for group in self.groups) >= PICKER_LIMIT


def load_rung_picker(*, owner, text: str, role_slug: str, selected: str) -> RungPicker:
    """What to offer `owner`. One query, the owner's open drafts; the choices and the side
    list query only when read (see RungPicker).
    `selected` is the rung id a refused form sent back, checked again."""
    drafts = Assessment.objects.for_owner(owner).drafts().values_list("rung_id", flat=True)
    return RungPicker(text=text, role_slug=role_slug, drafts=frozenset(drafts), selected=selected)


def _group(role: Role, choices: list[RungChoice]) -> RoleGroup:
    return RoleGroup(role, tuple(choices), display_name(role.name))
