"""The career framework: roles, their ladders of rungs, and the skills each rung requires.

Every model has a natural key (slugs), so fixtures and exports are stable across databases.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from careers.proficiency import MAX_IMPORTANCE, MAX_LEVEL, MIN_IMPORTANCE, MIN_LEVEL

LEVEL_VALIDATORS = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]
# Archiving is how a framework item leaves: people's ratings and reports keep pointing at it.
ARCHIVED_SKILL_HELP = (
    "Archived skills are no longer asked for in assessments nor shown in the catalogue; "
    "past reports keep them."
)
ARCHIVED_RUNG_HELP = (
    "Archived rungs can no longer be chosen for a new assessment nor seen in the catalogue; "
    "past reports keep them."
)
SKILL_LEVEL_DESCRIPTION_MAX_LENGTH = 300
IMPORTANCE_VALIDATORS = [MinValueValidator(MIN_IMPORTANCE), MaxValueValidator(MAX_IMPORTANCE)]


ESCO_SOURCE = "esco"
ESCO_CREDIT = "ESCO classification v{version}, \N{COPYRIGHT SIGN} European Union"


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Provenance(models.Model):
    """Where a record came from, when a standard classification supplied it.

    Typed-in records leave all three empty; an imported one is matched by
    (source, external_id) on the next import, so it is never duplicated. A shipped skill
    with an ESCO equivalent keeps `source` empty and records the concept URI in
    `external_id` (the crosswalk, `careers.crosswalk`): the importer reuses it as it is.
    """

    source = models.CharField(
        max_length=20, blank=True, help_text="The classification it was imported from, e.g. esco."
    )
    external_id = models.CharField(
        max_length=255, blank=True, help_text="Its identifier there (ESCO: the concept URI)."
    )
    source_version = models.CharField(
        max_length=20, blank=True, help_text="The version of the classification imported."
    )

    class Meta:
        abstract = True

    @property
    def source_credit(self) -> str:
        """The attribution the source asks for; empty for records typed in here."""
        if self.source == ESCO_SOURCE:
            return ESCO_CREDIT.format(version=self.source_version)
        return ""


def _unique_external_id(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["source", "external_id"],
        condition=~models.Q(external_id=""),
        name=name,
    )


class SkillCategory(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SkillQuerySet(models.QuerySet):
    def current(self) -> SkillQuerySet:
        return self.filter(archived=False)


class SkillManager(SlugManager.from_queryset(SkillQuerySet)):
    pass


class Skill(Provenance):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)
    alternative_labels = models.TextField(
        blank=True, help_text="Other names for the skill, one per line (searchable in the admin)."
    )
    archived = models.BooleanField(
        default=False,
        help_text=ARCHIVED_SKILL_HELP,
    )

    objects = SkillManager()

    class Meta:
        ordering = ["name"]
        constraints = [_unique_external_id("skill_unique_external_id")]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["careers.skillcategory"]


class RoleQuerySet(models.QuerySet):
    def hand_made(self) -> RoleQuerySet:
        """Roles typed in here, not imported from a classification."""
        return self.filter(source="")

    def imported(self, source: str = ESCO_SOURCE) -> RoleQuerySet:
        return self.filter(source=source)

    def in_isco_major_group(self, group: int | str) -> RoleQuerySet:
        """Roles whose ISCO group starts with the major group's digit (0-9)."""
        return self.filter(isco_group__startswith=str(group))

    def with_current_rungs(self) -> RoleQuerySet:
        """Roles with at least one rung a new assessment can still choose."""
        return self.filter(models.Exists(Rung.objects.current().filter(role=models.OuterRef("pk"))))


class RoleManager(SlugManager.from_queryset(RoleQuerySet)):
    pass


class Role(Provenance):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    overview = models.TextField(blank=True)
    responsibilities = models.TextField(blank=True, help_text="One responsibility per line.")
    alternative_labels = models.TextField(
        blank=True, help_text="Other names for the role, one per line (searched in the catalogue)."
    )
    isco_group = models.CharField(
        "ISCO group",
        max_length=10,
        blank=True,
        help_text="Its ISCO-08 unit group, e.g. 2511 (ESCO's iscoGroup); the first digit is "
        "the major group the catalogue filters by.",
    )

    objects = RoleManager()

    class Meta:
        # Hand-made roles ("" source) before imported ones, each in the editors' order.
        ordering = ["source", "order", "name"]
        constraints = [_unique_external_id("role_unique_external_id")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("careers:role_detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def responsibility_list(self) -> list[str]:
        return _lines(self.responsibilities)

    @property
    def alternative_label_list(self) -> list[str]:
        return _lines(self.alternative_labels)

    @property
    def isco_major_group(self) -> str:
        return self.isco_group[:1]


class RungQuerySet(models.QuerySet):
    def with_role(self) -> RungQuerySet:
        return self.select_related("role")

    def for_role(self, role: Role) -> RungQuerySet:
        return self.filter(role=role).order_by("order")

    def current(self) -> RungQuerySet:
        return self.filter(archived=False)


class RungManager(SlugManager.from_queryset(RungQuerySet)):
    pass


class Rung(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="rungs")
    order = models.PositiveSmallIntegerField(help_text="Position on the role's ladder, 1 first.")
    title = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.TextField(blank=True)
    responsibilities = models.TextField(blank=True, help_text="One responsibility per line.")
    salary_min = models.PositiveIntegerField(null=True, blank=True, help_text="US$ per year.")
    salary_max = models.PositiveIntegerField(null=True, blank=True, help_text="US$ per year.")
    next_rungs = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="previous_rungs",
        help_text="Rungs a person on this rung can climb or move to.",
    )
    archived = models.BooleanField(
        default=False,
        help_text=ARCHIVED_RUNG_HELP,
    )

    objects = RungManager()

    class Meta:
        ordering = ["role__source", "role__order", "role__name", "order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "order"], name="rung_unique_order_per_role"),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="rung_salary_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The rung's section of its role's ladder page (select_related the role)."""
        return rung_url(self.role.slug, self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["careers.role"]

    @property
    def anchor(self) -> str:
        """The id of the rung's section on its role's ladder page."""
        return _rung_anchor(self.slug)

    @property
    def responsibility_list(self) -> list[str]:
        return _lines(self.responsibilities)

    @property
    def has_salary_band(self) -> bool:
        return self.salary_min is not None and self.salary_max is not None


class RequirementQuerySet(models.QuerySet):
    def current(self) -> RequirementQuerySet:
        """Requirements new ratings are asked for: on a skill that is not archived."""
        return self.filter(skill__archived=False)


class RequirementManager(models.Manager.from_queryset(RequirementQuerySet)):
    def get_by_natural_key(self, rung_slug: str, skill_slug: str):
        return self.get(rung__slug=rung_slug, skill__slug=skill_slug)


class Requirement(models.Model):
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="requirements")
    level = models.PositiveSmallIntegerField(
        validators=LEVEL_VALIDATORS, help_text="Required proficiency, 1 (Awareness) to 5 (Expert)."
    )
    importance = models.PositiveSmallIntegerField(
        validators=IMPORTANCE_VALIDATORS, help_text="How central the skill is, 1 to 5."
    )

    objects = RequirementManager()

    class Meta:
        ordering = ["rung", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["rung", "skill"], name="requirement_unique_per_rung"),
            models.CheckConstraint(
                condition=models.Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="requirement_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=MIN_IMPORTANCE, importance__lte=MAX_IMPORTANCE),
                name="requirement_importance_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rung}: {self.skill} (level {self.level}, importance {self.importance})"

    def natural_key(self) -> tuple[str, str]:
        return (*self.rung.natural_key(), *self.skill.natural_key())

    natural_key.dependencies = ["careers.rung", "careers.skill"]


class LearningStepManager(models.Manager):
    def get_by_natural_key(self, skill_slug: str, title: str):
        return self.get(skill__slug=skill_slug, title=title)


class LearningStep(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        PROJECT = "project", "Project"
        READING = "reading", "Reading"
        CERTIFICATION = "certification", "Certification"
        PRACTICE = "practice", "Practice"
        COMMUNITY = "community", "Community"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="learning_steps")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url = models.URLField(blank=True, max_length=500)
    hours = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Estimated hours to complete."
    )
    target_level = models.PositiveSmallIntegerField(
        validators=LEVEL_VALIDATORS, help_text="The proficiency this step brings you to, 1 to 5."
    )

    objects = LearningStepManager()

    class Meta:
        ordering = ["skill__name", "target_level", "title"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "title"], name="learning_step_unique_title"),
            models.CheckConstraint(
                condition=models.Q(target_level__gte=MIN_LEVEL, target_level__lte=MAX_LEVEL),
                name="learning_step_target_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=1), name="learning_step_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.skill})"

    def natural_key(self) -> tuple[str, str]:
        return (*self.skill.natural_key(), self.title)

    natural_key.dependencies = ["careers.skill"]


class SkillLevelManager(models.Manager):
    def get_by_natural_key(self, skill_slug: str, level: int):
        return self.get(skill__slug=skill_slug, level=level)


class SkillLevel(models.Model):
    """What one level of the 1-5 scale looks like for one skill, shown under its radio.

    A skill without its own description of a level falls back to the generic anchor.
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    description = models.CharField(
        max_length=SKILL_LEVEL_DESCRIPTION_MAX_LENGTH,
        help_text="What someone at this level can be seen doing with the skill.",
    )

    objects = SkillLevelManager()

    class Meta:
        ordering = ["skill__name", "level"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="skill_level_unique_per_level"),
            models.CheckConstraint(
                condition=models.Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="skill_level_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: level {self.level}"

    def natural_key(self) -> tuple[str, int]:
        return (*self.skill.natural_key(), self.level)

    natural_key.dependencies = ["careers.skill"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _rung_anchor(rung_slug: str) -> str:
    return f"rung-{rung_slug}"


def rung_url(role_slug: str, rung_slug: str) -> str:
    """`Rung.get_absolute_url()` from slugs alone, for rungs loaded as plain values."""
    return f"{reverse('careers:role_detail', args=[role_slug])}#{_rung_anchor(rung_slug)}"
