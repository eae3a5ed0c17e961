"""Writes to the career framework that touch several models: importing ESCO occupations.

`import_occupations` plans first, reading what exists in a fixed number of queries, then
writes with bulk operations, so the queries do not grow with the number of occupations or
skills (beyond the database's own batch sizes). A dry run stops after planning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from careers.cache import bump_framework_version
from careers.importers import esco
from careers.models import (
    ESCO_SOURCE,
    MAX_LEVEL,
    MIN_LEVEL,
    Requirement,
    Role,
    Rung,
    Skill,
    SkillCategory,
)

ESSENTIAL_IMPORTANCE = 4
OPTIONAL_IMPORTANCE = 2
DEFAULT_LEVEL = 3
# Imported categories sort after the shipped ones, in the skills hierarchy's order.
CATEGORY_ORDER_START = 100
DISAMBIGUATION = " (ESCO)"
# What an import writes on a role it made before; a re-import fills in the ISCO group and
# alternative labels of roles imported before the catalogue searched them.
ROLE_FIELDS = ["name", "overview", "alternative_labels", "isco_group", "source_version"]

CROSSWALK_MATCHES = "{matched} of {total} skills matched the crosswalk"
LEVEL_OUT_OF_RANGE = "The required level must be a whole number from 1 to 5, not {level!r}."
NO_OCCUPATIONS = "Choose at least one occupation to import."


class ImportRefusedError(Exception):
    """The import cannot run as asked; nothing was written."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    removed: int = 0


@dataclass
class OccupationPlan:
    """What importing one occupation does: shown by the preview and by --dry-run."""

    label: str
    code: str
    role_name: str
    role_slug: str
    is_new: bool
    updated_fields: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # skill names
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # level or importance reset
    kept: int = 0  # requirements left as they are
    # The shipped skills reused for the occupation's ESCO skills (the crosswalk, §15).
    crosswalked: list[str] = field(default_factory=list)

    @property
    def requirement_count(self) -> int:
        return len(self.added) + len(self.changed) + self.kept

    @property
    def crosswalk_matches(self) -> str:
        """'6 of 75 skills matched the crosswalk'."""
        return CROSSWALK_MATCHES.format(matched=len(self.crosswalked), total=self.requirement_count)


@dataclass
class ImportSummary:
    dry_run: bool
    occupations: list[OccupationPlan]
    roles: Counts = field(default_factory=Counts)
    skills: Counts = field(default_factory=Counts)
    requirements: Counts = field(default_factory=Counts)
    categories: Counts = field(default_factory=Counts)

    @property
    def changed_anything(self) -> bool:
        return any(
            counts.created or counts.updated or counts.removed
            for counts in (self.roles, self.skills, self.requirements, self.categories)
        )

    def lines(self) -> list[str]:
        """The created/updated/removed counts, one line per kind of record."""
        return [
            f"Roles: {self.roles.created} created, {self.roles.updated} updated.",
            f"Skills: {self.skills.created} created, {self.skills.updated} updated.",
            f"Requirements: {self.requirements.created} created, "
            f"{self.requirements.updated} updated, {self.requirements.removed} removed.",
            f"Skill categories: {self.categories.created} created.",
        ]


@dataclass
class _Plan:
    categories: dict[str, SkillCategory] = field(default_factory=dict)
    new_categories: list[SkillCategory] = field(default_factory=list)
    skills: dict[str, Skill] = field(default_factory=dict)  # by concept URI
    crosswalk: set[str] = field(default_factory=set)  # URIs a shipped skill stands for
    new_skills: list[Skill] = field(default_factory=list)
    changed_skills: list[Skill] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    new_roles: list[Role] = field(default_factory=list)
    changed_roles: list[Role] = field(default_factory=list)
    rungs: dict[str, Rung] = field(default_factory=dict)  # by occupation URI
    new_rungs: list[Rung] = field(default_factory=list)
    changed_rungs: list[Rung] = field(default_factory=list)
    # (occupation URI, skill URI, level, importance)
    new_requirements: list[tuple[str, str, int, int]] = field(default_factory=list)
    changed_requirements: list[Requirement] = field(default_factory=list)
    removed_requirement_ids: list[int] = field(default_factory=list)


@transaction.atomic
def import_occupations(
    *,
    classification: esco.Classification,
    occupations: Iterable[esco.Occupation],
    level: int = DEFAULT_LEVEL,
    reset: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Import ESCO occupations as roles of one rung each; return what was (or would be) done.

    Each occupation becomes a Role (name = preferred label, overview = description, with
    its alternative labels and ISCO group) with a Rung of the same title; each related
    skill a Requirement at `level`, of importance 4 if essential and 2 if optional. Skills
    and roles are matched by ESCO concept URI, so nothing is duplicated. A skill that did
    not come from ESCO but records the concept URI as its `external_id` (the crosswalk) is
    reused as it is, never renamed or redescribed, and preferred to an imported copy of the
    same concept. A re-import updates names, descriptions, alternative labels and ISCO
    groups, adds and removes requirements (never one an editor added with a skill that is
    not from ESCO), and keeps an existing requirement's level and importance unless `reset`.
    Submitted assessments keep their snapshots. With `dry_run`, nothing is written.

    Raises ImportRefusedError for a level outside 1-5 or no occupations, and esco.EscoError
    for a relation the classification cannot resolve; nothing is written then.
    """
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ImportRefusedError(LEVEL_OUT_OF_RANGE.format(level=level))
    chosen = list({occupation.uri: occupation for occupation in occupations}.values())
    if not chosen:
        raise ImportRefusedError(NO_OCCUPATIONS)
    relations = {o.uri: classification.relations_of(o) for o in chosen}
    summary = ImportSummary(dry_run=dry_run, occupations=[])
    plan = _Plan()
    version = classification.version
    _match_skills(plan, relations)
    _plan_categories(plan, summary, classification, relations)
    _plan_skills(plan, summary, relations, version)
    _plan_roles(plan, summary, chosen, version)
    _plan_requirements(plan, summary, chosen, relations, level=level, reset=reset)
    if not dry_run:
        _write(plan)
        transaction.on_commit(bump_framework_version)
    return summary


def _plan_categories(
    plan: _Plan,
    summary: ImportSummary,
    classification: esco.Classification,
    relations: dict[str, list[esco.Relation]],
) -> None:
    # Query: the categories with these names (an editor's own category of that name is reused).
    wanted = {
        r.skill.category
        for rs in relations.values()
        for r in rs
        if r.skill.uri not in plan.crosswalk
    }
    plan.categories = {c.name: c for c in SkillCategory.objects.filter(name__in=wanted)}
    missing = [label for label in classification.category_labels if label in wanted]
    missing = [label for label in missing if label not in plan.categories]
    if not missing:
        return
    # Query: the slugs the new categories would take.
    bases = {label: slugify(label)[:90] or "esco-category" for label in missing}
    taken = set(
        SkillCategory.objects.filter(slug__in=bases.values()).values_list("slug", flat=True)
    )
    order = {label: i for i, label in enumerate(classification.category_labels)}
    for label in missing:
        slug = bases[label] if bases[label] not in taken else f"{bases[label]}-esco"
        category = SkillCategory(name=label, slug=slug, order=CATEGORY_ORDER_START + order[label])
        plan.categories[label] = category
        plan.new_categories.append(category)
    summary.categories.created = len(missing)


def _match_skills(plan: _Plan, relations: dict[str, list[esco.Relation]]) -> None:
    """Find the skills that stand for the related concepts, by concept URI alone: a shipped
    skill of the crosswalk before a copy imported earlier."""
    wanted = {r.skill.uri for rs in relations.values() for r in rs}
    # Query: the skills recording these concept URIs, whatever their source.
    for skill in Skill.objects.filter(external_id__in=wanted).order_by("pk"):
        if skill.source != ESCO_SOURCE:
            plan.skills[skill.external_id] = skill
            plan.crosswalk.add(skill.external_id)
        elif skill.external_id not in plan.crosswalk:
            plan.skills[skill.external_id] = skill


def _plan_skills(
    plan: _Plan, summary: ImportSummary, relations: dict[str, list[esco.Relation]], version: str
) -> None:
    wanted = {
        r.skill.uri: r.skill
        for rs in relations.values()
        for r in rs
        if r.skill.uri not in plan.crosswalk
    }
    imported = {uri: skill for uri, skill in plan.skills.items() if uri not in plan.crosswalk}
    fresh = [s for uri, s in wanted.items() if uri not in imported]
    names = _Names(Skill, "name", wanted.values(), imported, Skill.name.field.max_length)
    slugs = _Slugs(Skill, [s.label for s in fresh], Skill.slug.field.max_length)
    for uri, esco_skill in wanted.items():
        skill = plan.skills.get(uri)
        name = names.for_(uri, esco_skill.label)
        values = {
            "name": name,
            "description": esco_skill.description,
            "alternative_labels": "\n".join(esco_skill.alternative_labels),
            "source_version": version,
        }
        if skill is None:
            skill = Skill(
                slug=slugs.for_(uri, esco_skill.label),
                category=plan.categories[esco_skill.category],
                source=ESCO_SOURCE,
                external_id=uri,
                **values,
            )
            plan.skills[uri] = skill
            plan.new_skills.append(skill)
        elif _assign(skill, values):
            plan.changed_skills.append(skill)
    summary.skills.created = len(plan.new_skills)
    summary.skills.updated = len(plan.changed_skills)


def _plan_roles(
    plan: _Plan, summary: ImportSummary, occupations: list[esco.Occupation], version: str
) -> None:
    uris = [o.uri for o in occupations]
    # Queries: the roles imported before; their rungs, first rung first.
    plan.roles = {
        role.external_id: role
        for role in Role.objects.filter(source=ESCO_SOURCE, external_id__in=uris)
    }
    by_role: dict[int, Rung] = {}
    for rung in Rung.objects.filter(role__in=list(plan.roles.values())).order_by("-order"):
        by_role[rung.role_id] = rung
    fresh = [o for o in occupations if o.uri not in plan.roles]
    role_names = _Names(Role, "name", occupations, plan.roles, Role.name.field.max_length)
    role_slugs = _Slugs(Role, [o.label for o in fresh], Role.slug.field.max_length)
    rungs_by_uri = {uri: by_role[role.pk] for uri, role in plan.roles.items() if role.pk in by_role}
    rung_titles = _Names(Rung, "title", occupations, rungs_by_uri, Rung.title.field.max_length)
    no_rung = [o.label for o in occupations if o.uri not in rungs_by_uri]
    rung_slugs = _Slugs(Rung, no_rung, Rung.slug.field.max_length)
    for occupation in occupations:
        name = role_names.for_(occupation.uri, occupation.label)
        entry = _plan_role(plan, occupation, name=name, slugs=role_slugs, version=version)
        title = rung_titles.for_(occupation.uri, occupation.label)
        rung = rungs_by_uri.get(occupation.uri)
        _plan_rung(plan, occupation, entry, rung=rung, title=title, slugs=rung_slugs)
        summary.occupations.append(entry)
    summary.roles.created = len(plan.new_roles)
    summary.roles.updated = len(plan.changed_roles) + len(
        {r.role_id for r in plan.changed_rungs} - {r.pk for r in plan.changed_roles}
    )


def _plan_role(
    plan: _Plan, occupation: esco.Occupation, *, name: str, slugs: _Slugs, version: str
) -> OccupationPlan:
    role = plan.roles.get(occupation.uri)
    values = {
        "name": name,
        "overview": occupation.description,
        "alternative_labels": "\n".join(occupation.alternative_labels),
        "isco_group": occupation.isco_group,
        "source_version": version,
    }
    entry = OccupationPlan(
        label=occupation.label,
        code=occupation.code,
        role_name=name,
        role_slug=role.slug if role else slugs.for_(occupation.uri, occupation.label),
        is_new=role is None,
    )
    if role is None:
        role = Role(slug=entry.role_slug, source=ESCO_SOURCE, external_id=occupation.uri, **values)
        plan.roles[occupation.uri] = role
        plan.new_roles.append(role)
        return entry
    entry.updated_fields = _changed_fields(role, values)
    if _assign(role, values):
        plan.changed_roles.append(role)
    return entry


def _plan_rung(
    plan: _Plan,
    occupation: esco.Occupation,
    entry: OccupationPlan,
    *,
    rung: Rung | None,
    title: str,
    slugs: _Slugs,
) -> None:
    if rung is None:
        slug = slugs.for_(occupation.uri, occupation.label)
        rung = Rung(role=plan.roles[occupation.uri], order=1, title=title, slug=slug)
        plan.new_rungs.append(rung)
    elif _assign(rung, {"title": title}):
        plan.changed_rungs.append(rung)
        entry.updated_fields.append("rung title")
    plan.rungs[occupation.uri] = rung


def _plan_requirements(
    plan: _Plan,
    summary: ImportSummary,
    occupations: list[esco.Occupation],
    relations: dict[str, list[esco.Relation]],
    *,
    level: int,
    reset: bool,
) -> None:
    saved_rungs = [rung for rung in plan.rungs.values() if rung.pk is not None]
    # Query: the requirements of the rungs imported before, with their skills' URIs.
    existing: dict[int, dict[int, Requirement]] = {rung.pk: {} for rung in saved_rungs}
    for requirement in Requirement.objects.filter(rung__in=saved_rungs).select_related("skill"):
        existing[requirement.rung_id][requirement.skill_id] = requirement
    for occupation, entry in zip(occupations, summary.occupations, strict=True):
        rung = plan.rungs[occupation.uri]
        current = existing.get(rung.pk, {}) if rung.pk is not None else {}
        kept_ids = set()
        for relation in relations[occupation.uri]:
            skill = plan.skills[relation.skill.uri]
            if relation.skill.uri in plan.crosswalk:
                entry.crosswalked.append(skill.name)
            importance = ESSENTIAL_IMPORTANCE if relation.essential else OPTIONAL_IMPORTANCE
            requirement = current.get(skill.pk) if skill.pk is not None else None
            if requirement is None:
                plan.new_requirements.append(
                    (occupation.uri, relation.skill.uri, level, importance)
                )
                entry.added.append(skill.name)
                continue
            kept_ids.add(requirement.pk)
            wanted = {"level": level, "importance": importance}
            if reset and _assign(requirement, wanted):
                plan.changed_requirements.append(requirement)
                entry.changed.append(skill.name)
            else:
                entry.kept += 1
        for requirement in current.values():
            # A requirement an editor added with a skill of their own is not ESCO's to remove.
            if requirement.pk not in kept_ids and requirement.skill.source == ESCO_SOURCE:
                plan.removed_requirement_ids.append(requirement.pk)
                entry.removed.append(requirement.skill.name)
    summary.requirements.created = len(plan.new_requirements)
    summary.requirements.updated = len(plan.changed_requirements)
    summary.requirements.removed = len(plan.removed_requirement_ids)


def _write(plan: _Plan) -> None:
    """Bulk writes, one statement per kind of change (more only past a batch size)."""
    SkillCategory.objects.bulk_create(plan.new_categories)
    Skill.objects.bulk_create(plan.new_skills)
    Skill.objects.bulk_update(
        plan.changed_skills, ["name", "description", "alternative_labels", "source_version"]
    )
    Role.objects.bulk_create(plan.new_roles)
    Role.objects.bulk_update(plan.changed_roles, ROLE_FIELDS)
    Rung.objects.bulk_create(plan.new_rungs)
    Rung.objects.bulk_update(plan.changed_rungs, ["title"])
    Requirement.objects.filter(pk__in=plan.removed_requirement_ids).delete()
    Requirement.objects.bulk_update(plan.changed_requirements, ["level", "importance"])
    Requirement.objects.bulk_create(
        Requirement(
            rung=plan.rungs[occupation_uri],
            skill=plan.skills[skill_uri],
            level=level,
            importance=importance,
        )
        for occupation_uri, skill_uri, level, importance in plan.new_requirements
    )


class _Names:
    """Unique names for imported records: the ESCO label, unless a record that is not
    the same concept already has it; then the label marked as ESCO's."""

    def __init__(self, model, field_name: str, concepts, matched: dict, max_length: int) -> None:
        self.field_name, self.max_length = field_name, max_length
        self.own = {uri: getattr(record, field_name) for uri, record in matched.items()}
        labels = {_fit(c.label, "", max_length) for c in concepts}
        candidates = labels | {_fit(label, DISAMBIGUATION, max_length) for label in labels}
        # Query: which of the candidate names records already have.
        rows = (
            model.objects.filter(**{f"{field_name}__in": candidates})
            .order_by()
            .values_list(field_name, flat=True)
        )
        self.taken = set(rows) - set(self.own.values())
        self.given: set[str] = set()

    def for_(self, uri: str, label: str) -> str:
        options = [
            _fit(label, "", self.max_length),
            _fit(label, DISAMBIGUATION, self.max_length),
            _fit(label, f" (ESCO {_tail(uri)})", self.max_length),
        ]
        own = self.own.get(uri)
        if own in options:
            self.given.add(own)
            return own
        for name in options:
            if name not in self.taken and name not in self.given:
                self.given.add(name)
                return name
        return options[-1]


class _Slugs:
    """Free slugs for new records: the label's, or with the concept's id when taken."""

    def __init__(self, model, labels: list[str], max_length: int) -> None:
        self.max_length = max_length
        bases = {_slug_base(label, max_length) for label in labels}
        # Query: which of the base slugs records already have (none when nothing is new).
        self.taken = (
            set(model.objects.filter(slug__in=bases).order_by().values_list("slug", flat=True))
            if bases
            else set()
        )

    def for_(self, uri: str, label: str) -> str:
        base = _slug_base(label, self.max_length)
        slug = base if base not in self.taken else f"{base[: self.max_length - 9]}-{_tail(uri)}"
        self.taken.add(slug)
        return slug


def _slug_base(label: str, max_length: int) -> str:
    return slugify(label)[: max_length - 9].strip("-") or "esco"


def _tail(uri: str) -> str:
    """The first eight characters of the concept's UUID: stable and practically unique."""
    return slugify(uri.rstrip("/").rsplit("/", 1)[-1])[:8]


def _fit(label: str, suffix: str, max_length: int) -> str:
    return label[: max_length - len(suffix)].rstrip() + suffix


def _changed_fields(record, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(record, name) != value]


def _assign(record, values: dict) -> bool:
    """Set the values on the record; True if any differed."""
    changed = _changed_fields(record, values)
    for name in changed:
        setattr(record, name, values[name])
    return bool(changed)
