"""Read side of the public catalogue: the role list and a role's ladder.

Each function loads what its page needs in a fixed number of queries, whatever the size of
the framework, and returns plain rows, so templates only display values.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from careers.cache import framework_version
from careers.models import LearningStep, Requirement, Role, Rung, Skill
from careers.names import display_name, matching_label
from careers.proficiency import SCALE
from careers.search import normalise, search_roles

LEVEL_NAMES: dict[int, str] = {level.number: level.name for level in SCALE}

OVERVIEW_EXCERPT_WORDS = 30
ROLES_PER_PAGE = 50
# A page of the catalogue is cached per framework version up to this page; past it, a page
# is built on each request (a few queries, no unbounded keys).
MAX_CACHED_PAGE = 100
SOURCE_HAND_MADE = "seed"
# The most rungs a picker lists on any response: a search narrows it, never a long page.
PICKER_LIMIT = 50
# A search's matching role ids and its rendered page are kept this long, or until the
# framework changes.
SEARCH_CACHE_SECONDS = 60 * 60
NO_SALARY_BAND = "No salary band published"


@dataclass(frozen=True)
class RoleCriteria:
    """What the catalogue was asked for: a search text, a source, an ISCO major group and
    a page (all optional; already validated)."""

    text: str = ""
    source: str = ""  # "" for every source, SOURCE_HAND_MADE, or a Provenance.source
    group: int | None = None
    page: int = 1

    @property
    def is_cached(self) -> bool:
        """Whether the page it gives is kept in the cache: a search's or a browsing page's,
        up to MAX_CACHED_PAGE (past it, a page is built each time: no unbounded keys)."""
        return self.page <= MAX_CACHED_PAGE

    @property
    def cache_seconds(self) -> int | None:
        """How long that page is kept: a browsing page until the framework changes, a
        search's for SEARCH_CACHE_SECONDS (people type many searches, each once)."""
        return SEARCH_CACHE_SECONDS if self.text else None

    def page_url(self, page: int) -> str:
        """The catalogue's address for another page of the same list, at its list."""
        asked = {"q": self.text, "source": self.source, "group": self.group, "page": page}
        query = urlencode({key: value for key, value in asked.items() if value not in ("", None)})
        return f"{reverse('careers:home')}?{query}#roles"


@dataclass(frozen=True)
class RoleCard:
    name: str  # as shown (careers.names.display_name), as are the rung titles
    slug: str
    url: str
    overview_excerpt: str
    rung_titles: list[str]
    source: str = ""  # where the role came from ("" for hand-made), for its source label
    found_as: str = ""  # the alternative label a search found it by, "" if by its name

    @property
    def rung_count(self) -> int:
        return len(self.rung_titles)

    @property
    def shows_rungs(self) -> bool:
        """A one-rung role named as its rung (every imported one) need not repeat it."""
        return self.rung_titles not in ([], [self.name])


@dataclass(frozen=True)
class Catalogue:
    cards: list[RoleCard]
    total: int  # roles matching, on every page
    number: int  # this page's, from 1
    page_count: int
    previous_url: str  # "" on the first page
    next_url: str  # "" on the last page


@dataclass(frozen=True)
class RungLink:
    title: str
    url: str
    other_role: str  # the linked rung's role name when it is not this ladder's role


@dataclass(frozen=True)
class RungRow:
    title: str
    slug: str
    anchor: str
    order: int
    summary: str
    responsibilities: list[str]
    salary_band: str
    has_salary_band: bool
    requirement_count: int
    next_rungs: list[RungLink]
    previous_rungs: list[RungLink]


@dataclass(frozen=True)
class MatrixCell:
    rung_title: str
    label: str
    description: str
    level: int | None

    @property
    def required(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class MatrixRow:
    skill_id: int
    skill_name: str
    skill_slug: str
    cells: list[MatrixCell]


@dataclass(frozen=True)
class MatrixGroup:
    category_name: str
    rows: list[MatrixRow]


@dataclass(frozen=True)
class LearningStepRow:
    title: str
    kind: str
    hours: int
    target_level: int
    target_level_name: str
    url: str


@dataclass(frozen=True)
class SkillLearning:
    skill_name: str
    skill_slug: str
    steps: list[LearningStepRow]


@dataclass(frozen=True)
class LearningGroup:
    category_name: str
    skills: list[SkillLearning]

    @property
    def step_count(self) -> int:
        return sum(len(skill.steps) for skill in self.skills)


@dataclass(frozen=True)
class Ladder:
    role: Role
    rungs: list[RungRow]
    matrix: list[MatrixGroup]
    learning: list[LearningGroup]

    @property
    def skill_count(self) -> int:
        return sum(len(group.rows) for group in self.matrix)

    @property
    def matrix_column_count(self) -> int:
        return len(self.rungs) + 1


def format_salary_band(salary_min: int | None, salary_max: int | None) -> str:
    """'$113,992 - $115,458' with an en dash; one bound alone reads 'From …' / 'Up to …'."""
    if salary_min is not None and salary_max is not None:
        return f"${salary_min:,} \N{EN DASH} ${salary_max:,}"
    if salary_min is not None:
        return f"From ${salary_min:,}"
    if salary_max is not None:
        return f"Up to ${salary_max:,}"
    return NO_SALARY_BAND


def describe_requirement(level: int, importance: int) -> str:
    """The long form of a matrix cell, read by screen readers."""
    return f"Level {level} ({LEVEL_NAMES[level]}), importance {importance}"


def find_role_ids(criteria: RoleCriteria) -> list[int]:
    """The ids of `find_roles(criteria)`, best match first: one query, then kept in the
    shared cache for this framework version (an edit anywhere makes every search anew)."""
    asked = repr((criteria.text, criteria.source, criteria.group)).encode()
    key = f"role-search:{framework_version()}:{hashlib.sha256(asked).hexdigest()}"
    ids = cache.get(key)
    if ids is None:
        ids = list(find_roles(criteria).values_list("pk", flat=True))
        cache.set(key, ids, SEARCH_CACHE_SECONDS)
    return ids


def pick_rungs(
    text: str, *, role_slug: str = "", rungs: QuerySet[Rung] | None = None
) -> list[Rung]:
    """The rungs a rung picker offers, at most PICKER_LIMIT: one role's (`role_slug`), else
    those of the roles matching `text`, else the hand-made roles' (roles best match first,
    each role's rungs in ladder order). `rungs` is the queryset they are read from
    (default: current rungs with their roles), for a caller's annotations.

    Queries: the matching roles' ids (none when cached), their rungs; with `role_slug`,
    that role's rungs alone (then as if it were not given, if it names no role)."""
    rungs = Rung.objects.current().with_role() if rungs is None else rungs
    if role_slug:
        chosen = list(rungs.filter(role__slug=role_slug).order_by("order")[:PICKER_LIMIT])
        if chosen:
            return chosen
    text = normalise(text)
    role_ids = find_role_ids(RoleCriteria(text=text, source="" if text else SOURCE_HAND_MADE))
    # The best PICKER_LIMIT roles give at least that many rungs, unless a role has none left.
    position = {role_id: index for index, role_id in enumerate(role_ids[:PICKER_LIMIT])}
    found = rungs.filter(role_id__in=position) if position else []
    return sorted(found, key=lambda rung: (position[rung.role_id], rung.order))[:PICKER_LIMIT]


def find_roles(criteria: RoleCriteria) -> QuerySet[Role]:
    """The roles the criteria ask for, best match first (see careers.search)."""
    roles = Role.objects.all()
    if criteria.source == SOURCE_HAND_MADE:
        roles = roles.hand_made()
    elif criteria.source:
        roles = roles.imported(criteria.source)
    if criteria.group is not None:
        roles = roles.in_isco_major_group(criteria.group)
    return search_roles(criteria.text, roles)


def build_catalogue(criteria: RoleCriteria) -> Catalogue:
    """One page of the catalogue, at most ROLES_PER_PAGE roles, whatever the framework's
    size. Three queries: the matching roles' ids (none when the search is cached), the
    page's roles, their rungs."""
    paginator = Paginator(find_role_ids(criteria), ROLES_PER_PAGE)
    page = paginator.get_page(criteria.page)
    cards = role_cards(list(page.object_list), text=criteria.text)
    return Catalogue(
        cards=cards,
        total=paginator.count,
        number=page.number,
        page_count=paginator.num_pages,
        previous_url=criteria.page_url(page.number - 1) if page.has_previous() else "",
        next_url=criteria.page_url(page.number + 1) if page.has_next() else "",
    )


def role_cards(role_ids: list[int], *, text: str = "") -> list[RoleCard]:
    """The roles as cards in the order of `role_ids`, each with its rung titles in ladder
    order, and the other name `text` found it by, if any. Two queries: the roles, their
    current rungs."""
    rungs = Rung.objects.current().order_by("order").only("role_id", "order", "title")
    loaded = (
        Role.objects.filter(pk__in=role_ids)
        .prefetch_related(Prefetch("rungs", queryset=rungs))
        .only("name", "slug", "overview", "source", "alternative_labels")
    )
    by_id = {role.pk: role for role in loaded}
    roles = [by_id[role_id] for role_id in role_ids if role_id in by_id]
    return [
        RoleCard(
            name=display_name(role.name),
            slug=role.slug,
            url=role.get_absolute_url(),
            overview_excerpt=Truncator(role.overview).words(OVERVIEW_EXCERPT_WORDS),
            rung_titles=[display_name(rung.title) for rung in role.rungs.all()],
            source=role.source,
            found_as=matching_label(role.name, role.alternative_label_list, text),
        )
        for role in roles
    ]


def build_ladder(role: Role) -> Ladder:
    """A role's ladder, matrix and learning steps in five queries.

    Queries: the role's rungs; their next rungs (with roles); their previous rungs (with
    roles); the requirements with skill and category; the learning steps of those skills.
    Rungs are in ladder order; the matrix is grouped by category (category order, then name)
    with skills by name; learning steps follow the matrix's groups and skill order, each
    skill's steps easiest first (target level, then hours).
    """
    linked = (
        Rung.objects.current()
        .select_related("role")
        .only("title", "slug", "role__name", "role__slug")
    )
    rungs = list(
        Rung.objects.for_role(role)
        .current()
        .prefetch_related(
            Prefetch("next_rungs", queryset=linked),
            Prefetch("previous_rungs", queryset=linked),
        )
    )
    requirements = list(
        Requirement.objects.current()
        .filter(rung__role=role, rung__archived=False)
        .select_related("skill__category")
        .order_by("skill__category__order", "skill__category__name", "skill__name")
    )
    matrix = _build_matrix(rungs, requirements)
    counts = Counter(requirement.rung_id for requirement in requirements)
    return Ladder(
        role=role,
        rungs=[_rung_row(rung, role, counts[rung.pk]) for rung in rungs],
        matrix=matrix,
        learning=_build_learning(role, matrix),
    )


def _rung_link(rung: Rung, ladder_role: Role) -> RungLink:
    url = rung.get_absolute_url()
    other_role = "" if rung.role_id == ladder_role.pk else rung.role.name
    return RungLink(title=rung.title, url=url, other_role=other_role)


def _rung_row(rung: Rung, role: Role, requirement_count: int) -> RungRow:
    return RungRow(
        title=rung.title,
        slug=rung.slug,
        anchor=rung.anchor,
        order=rung.order,
        summary=rung.summary,
        responsibilities=rung.responsibility_list,
        salary_band=format_salary_band(rung.salary_min, rung.salary_max),
        has_salary_band=rung.salary_min is not None or rung.salary_max is not None,
        requirement_count=requirement_count,
        next_rungs=[_rung_link(r, role) for r in rung.next_rungs.all()],
        previous_rungs=[_rung_link(r, role) for r in rung.previous_rungs.all()],
    )


def _build_matrix(rungs: list[Rung], requirements: list[Requirement]) -> list[MatrixGroup]:
    # `requirements` arrive in matrix order (category, then skill name): first seen, first shown.
    by_skill: dict[int, dict[int, Requirement]] = defaultdict(dict)
    skills: dict[int, Skill] = {}
    for requirement in requirements:
        by_skill[requirement.skill_id][requirement.rung_id] = requirement
        skills.setdefault(requirement.skill_id, requirement.skill)

    groups: dict[int, MatrixGroup] = {}
    for skill_id, skill in skills.items():
        group = groups.setdefault(skill.category_id, MatrixGroup(skill.category.name, []))
        cells = [_matrix_cell(rung, by_skill[skill_id].get(rung.pk)) for rung in rungs]
        group.rows.append(MatrixRow(skill_id, skill.name, skill.slug, cells))
    return list(groups.values())


def _matrix_cell(rung: Rung, requirement: Requirement | None) -> MatrixCell:
    if requirement is None:
        return MatrixCell(rung.title, "", "Not required", None)
    return MatrixCell(
        rung_title=rung.title,
        label=f"L{requirement.level} · I{requirement.importance}",
        description=describe_requirement(requirement.level, requirement.importance),
        level=requirement.level,
    )


def _build_learning(role: Role, matrix: list[MatrixGroup]) -> list[LearningGroup]:
    role_skills = [row.skill_id for group in matrix for row in group.rows]
    steps = LearningStep.objects.filter(skill_id__in=role_skills).order_by(
        "target_level", "hours", "title"
    )
    by_skill: dict[int, list[LearningStepRow]] = defaultdict(list)
    for step in steps:
        by_skill[step.skill_id].append(
            LearningStepRow(
                title=step.title,
                kind=step.get_kind_display(),
                hours=step.hours,
                target_level=step.target_level,
                target_level_name=LEVEL_NAMES[step.target_level],
                url=step.url,
            )
        )
    groups = [
        LearningGroup(
            group.category_name,
            [
                SkillLearning(row.skill_name, row.skill_slug, by_skill[row.skill_id])
                for row in group.rows
                if row.skill_id in by_skill
            ],
        )
        for group in matrix
    ]
    return [group for group in groups if group.skills]
