"""What /assessments/new/ offers to choose from: a few rungs, never the whole framework.

Without a search the hand-made roles' rungs; with one, those of the best-matching roles
(careers.selectors.pick_rungs, over the catalogue's own search); at most PICKER_LIMIT
rungs on any response, however large the framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from assessments.models import Assessment
from careers.models import Role, Rung
from careers.names import display_name
from careers.selectors import PICKER_LIMIT, pick_rungs

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


@dataclass(frozen=True)
class RungPicker:
    text: str  # the search, as searched ("" for none)
    role_slug: str  # the role asked for by ?role=, "" for none
    groups: tuple[RoleGroup, ...]
    hand_made_roles: tuple[RoleLink, ...]

    limit: int = PICKER_LIMIT

    @property
    def is_cut_short(self) -> bool:
        """The search found more rungs than a response lists."""
        return sum(len(group.rungs) for group in self.groups) >= PICKER_LIMIT


def load_rung_picker(*, owner, text: str, role_slug: str, selected: str) -> RungPicker:
    """The rungs to offer `owner`, grouped by role (best match first, each role's rungs in
    ladder order), and the hand-made roles for the side list. Four queries: the roles'
    ids (none when that search is cached), their rungs with skill counts, the owner's
    drafts among them, the hand-made roles.
    `selected` is the rung id a refused form sent back, checked again."""
    rungs = pick_rungs(text, role_slug=role_slug, rungs=_RUNGS)
    drafts = set(
        Assessment.objects.for_owner(owner)
        .drafts()
        .filter(rung__in=[rung.pk for rung in rungs])
        .values_list("rung_id", flat=True)
    )
    groups: dict[int, list[RungChoice]] = {}
    roles: dict[int, Role] = {}
    for rung in rungs:
        roles[rung.role_id] = rung.role
        choice = RungChoice(
            rung,
            display_name(rung.title),
            f"rung-{rung.pk}",
            str(rung.pk) == selected,
            rung.pk in drafts,
        )
        groups.setdefault(rung.role_id, []).append(choice)
    return RungPicker(
        text=text,
        role_slug=role_slug,
        groups=tuple(_group(roles[pk], choices) for pk, choices in groups.items()),
        hand_made_roles=tuple(RoleLink(name, slug) for name, slug in _HAND_MADE_ROLES.all()),
    )


def _group(role: Role, choices: list[RungChoice]) -> RoleGroup:
    return RoleGroup(role, tuple(choices), display_name(role.name))
