"""A person's self-assessments against a rung, and the snapshot a submission freezes."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse

from accounts.names import name_of
from careers.models import Requirement, Rung, Skill

MIN_RATING = 0
MAX_RATING = 5
NOTE_MAX_LENGTH = 500
EVIDENCE_MAX_LENGTH = 500
EVIDENCE_SCHEMES = ("http", "https")
EVIDENCE_VALIDATOR = URLValidator(schemes=list(EVIDENCE_SCHEMES))
DEFAULT_HOURS_PER_WEEK = 5
MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 80
# An UPDATE to this, never a read and a write, so two renewals at once both count.
NEXT_REPORT_STAMP = models.F("report_stamp") + 1
ROW_COUNTS = ("review_request_count", "share_link_count", "second_opinion_count")


def is_evidence_link(value: str) -> bool:
    """True for an http or https URL of at most EVIDENCE_MAX_LENGTH characters."""
    if len(value) > EVIDENCE_MAX_LENGTH:
        return False
    try:
        EVIDENCE_VALIDATOR(value)
    except ValidationError:
        return False
    return True


def evidence_host(value: str) -> str:
    """The host an evidence link points at, as people name it: "github.com" for
    "https://www.github.com/ada/notebooks"; the whole value when it has no host."""
    host = urlsplit(value).hostname or ""
    return host.removeprefix("www.") or value


class Profile(models.Model):
    """Per-person settings that shape the report, such as time available to learn."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    hours_per_week = models.PositiveSmallIntegerField(
        default=DEFAULT_HOURS_PER_WEEK,
        validators=[
            MinValueValidator(MIN_HOURS_PER_WEEK),
            MaxValueValidator(MAX_HOURS_PER_WEEK),
        ],
        help_text="Hours a week you can spend on learning.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=1, hours_per_week__lte=80),
                name="profile_hours_per_week_1_to_80",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of user {self.user_id}"


class AssessmentQuerySet(models.QuerySet):
    def for_owner(self, user) -> AssessmentQuerySet:
        return self.filter(owner=user)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.SUBMITTED)

    def with_rung(self) -> AssessmentQuerySet:
        return self.select_related("rung__role")

    def with_report_inputs(self) -> AssessmentQuerySet:
        """Annotate what a cached report needs besides its own row, in the same query: the
        owner's hours per week (`owner_hours_per_week`, None without a profile) and display
        name (`owner_name`, "" without one), which a share link's page speaks of them by.

        Everything else the report's cache key depends on is on the row itself
        (`report_stamp`, `updated_at`), so this is two plain joins: no aggregate, no
        subquery, and serving a cached report costs this one cheap query.
        """
        return self.annotate(
            owner_hours_per_week=models.F("owner__profile__hours_per_week"),
            owner_name=name_of("owner"),
        )

    def for_rung(self, rung: Rung) -> AssessmentQuerySet:
        return self.filter(rung=rung)

    def with_progress(self) -> AssessmentQuerySet:
        """Annotate a draft's `rated_count` (required skills rated so far) and
        `required_count`; both are None on a submitted assessment, whose snapshot is what
        counts, so a list of both kinds counts nothing for its submissions."""
        rated = Rating.objects.filter(
            assessment=models.OuterRef("pk"),
            level__isnull=False,
            skill__archived=False,
            skill__requirements__rung=models.OuterRef("rung"),
        )
        required = Requirement.objects.current().filter(rung=models.OuterRef("rung"))
        return self.annotate(
            rated_count=_for_drafts(_count(rated)), required_count=_for_drafts(_count(required))
        )


def _for_drafts(expression: models.Expression) -> models.Case:
    """`expression` on a draft, NULL on a submitted assessment (never evaluated there)."""
    return models.Case(models.When(status=Assessment.Status.DRAFT, then=expression))


def _count(queryset: models.QuerySet) -> models.Subquery:
    """A correlated COUNT(*) subquery, so a list of any length still costs one query."""
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT"))
    return models.Subquery(counted.values("n"), output_field=models.IntegerField())


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    # A rung with assessments cannot be deleted: past reports name it.
    rung = models.ForeignKey(Rung, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Frozen at submission from the snapshot, so lists never recompute a report.
    readiness = models.FloatField(null=True, blank=True)
    ready = models.BooleanField(null=True, blank=True)
    # Renewed (NEXT_REPORT_STAMP, through services.renew_reports) by every write that changes
    # what this report shows other than its own draft ratings (which renew updated_at) and
    # the framework (careers.cache): the owner's other submissions, and what the apps above
    # add (a second opinion submitted, hidden or deleted; a plan step's state; a goal).
    # The report's cache key reads it from the row, with no query of its own.
    report_stamp = models.PositiveIntegerField(default=0, editable=False)
    # Counts the apps above keep on the row (ROW_COUNTS, set only through
    # services.renew_reports), so a panel with nothing to list costs no query: the review
    # requests asked, the share links made, and the second opinions shown (submitted, not
    # hidden), which the share-link panel names.
    review_request_count = models.PositiveIntegerField(default=0, editable=False)
    share_link_count = models.PositiveIntegerField(default=0, editable=False)
    second_opinion_count = models.PositiveIntegerField(default=0, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["owner", "status", "-submitted_at"], name="assessment_owner_status"
            ),
            models.Index(fields=["owner", "rung", "status"], name="assessment_owner_rung"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "rung"],
                condition=models.Q(status="draft"),
                name="assessment_one_open_draft_per_rung",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted"]),
                name="assessment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:rate", args=[self.public_id])

    def get_report_url(self) -> str:
        return reverse("assessments:report", args=[self.public_id])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Rating(models.Model):
    """A self-rating on a draft. A rating with no level is a note kept while still unrated."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    # A skill someone has rated (or noted) cannot be deleted: archive it instead.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_RATING), MaxValueValidator(MAX_RATING)],
    )
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    evidence = models.URLField(
        max_length=EVIDENCE_MAX_LENGTH,
        blank=True,
        validators=[EVIDENCE_VALIDATOR],
        help_text="A link to work that shows the skill (http or https).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="rating_unique_per_skill"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=MIN_RATING, level__lte=MAX_RATING),
                name="rating_level_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Rating {self.level} for skill {self.skill_id}"


class SubmittedRequirementQuerySet(models.QuerySet):
    def for_owner(self, user) -> SubmittedRequirementQuerySet:
        return self.filter(assessment__owner=user)

    def in_rating_order(self) -> SubmittedRequirementQuerySet:
        """The rows in the order the owner's rating form had at submission (category order,
        then skill name): a submission writes them in that order, so their ids keep it. A
        reviewer's steps come from this order, so they match the owner's."""
        return self.order_by("pk")


class SubmittedRequirement(models.Model):
    """One requirement of the rung, frozen with the person's rating when they submitted.

    A submitted report is computed from these rows alone, so later framework edits, or a
    deleted skill, never change or break it.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshot")
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skill_name = models.CharField(max_length=100)
    skill_slug = models.SlugField(max_length=100)
    category_name = models.CharField(max_length=100)
    required_level = models.PositiveSmallIntegerField()
    importance = models.PositiveSmallIntegerField()
    rated_level = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    evidence = models.URLField(max_length=EVIDENCE_MAX_LENGTH, blank=True)

    objects = SubmittedRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["skill_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "skill_slug"], name="submitted_requirement_unique_skill"
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="submitted_requirement_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="submitted_requirement_importance_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(rated_level__gte=0, rated_level__lte=5),
                name="submitted_requirement_rated_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_name}: rated {self.rated_level} of {self.required_level}"
