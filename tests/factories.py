"""One factory per model. Defaults always build a valid object."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Profile as AccountProfile
from accounts.tokens import new_token, token_digest
from assessments.models import Assessment, Profile, Rating, SubmittedRequirement
from careers.models import (
    LearningStep,
    Requirement,
    Role,
    Rung,
    Skill,
    SkillCategory,
    SkillLevel,
)
from reviews.models import REQUEST_VALID_FOR, ReviewRating, ReviewRequest, ShareLink
from reviews.services import recount_report
from teams.models import Membership, Team

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """The address is verified, as sign-up leaves it: `UserFactory(verified=False)` not."""
        if create and obj.email:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class AccountProfileFactory(DjangoModelFactory):
    """The display name and mail preferences (accounts.Profile)."""

    class Meta:
        model = AccountProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    name = "Ada Lovelace"


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)


class SkillCategoryFactory(DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n:03d}")
    slug = factory.Sequence(lambda n: f"skill-{n:03d}")
    category = factory.SubFactory(SkillCategoryFactory)
    description = "A skill used in tests."


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    overview = "A role used in tests."
    responsibilities = "Build things\nShip things"


class EscoRoleFactory(RoleFactory):
    """A role imported from ESCO: its source, concept URI and ISCO group (give it a rung of
    its own name, as the importer does, with RungFactory(role=..., order=1, title=...))."""

    source = "esco"
    external_id = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/test-{n}")
    isco_group = "2511"
    source_version = "1.1.1"


class RungFactory(DjangoModelFactory):
    class Meta:
        model = Rung

    role = factory.SubFactory(RoleFactory)
    # Trap: order must be unique within a role; a sequence keeps it so across factories.
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Rung {n}")
    slug = factory.Sequence(lambda n: f"rung-{n}")
    summary = "A rung used in tests."
    responsibilities = "Do the work"


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = Requirement

    rung = factory.SubFactory(RungFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3
    importance = 3


class LearningStepFactory(DjangoModelFactory):
    class Meta:
        model = LearningStep

    skill = factory.SubFactory(SkillFactory)
    title = factory.Sequence(lambda n: f"Learning step {n}")
    kind = LearningStep.Kind.COURSE
    hours = 10
    target_level = 3


class SkillLevelFactory(DjangoModelFactory):
    class Meta:
        model = SkillLevel
        django_get_or_create = ("skill", "level")

    skill = factory.SubFactory(SkillFactory)
    level = 3
    description = factory.LazyAttribute(lambda o: f"Uses {o.skill.name} at level {o.level}")


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    owner = factory.SubFactory(UserFactory)
    rung = factory.SubFactory(RungFactory)


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2


class SubmittedRequirementFactory(DjangoModelFactory):
    class Meta:
        model = SubmittedRequirement

    assessment = factory.SubFactory(AssessmentFactory, status=Assessment.Status.SUBMITTED)
    skill = factory.SubFactory(SkillFactory)
    skill_name = factory.LazyAttribute(lambda o: o.skill.name if o.skill else "Removed skill")
    skill_slug = factory.LazyAttribute(lambda o: o.skill.slug if o.skill else "removed-skill")
    category_name = factory.LazyAttribute(lambda o: o.skill.category.name if o.skill else "Other")
    required_level = 3
    importance = 3
    rated_level = 2


def _recount(obj, create: bool, extracted, **kwargs) -> None:
    """Requests and links made here skip reviews' services: count them on the assessment's
    row as those do (assessments.models.ROW_COUNTS), or its report panels would not list
    them."""
    if create:
        recount_report(assessment_id=obj.assessment_id)


class ShareLinkFactory(DjangoModelFactory):
    """A live link for 30 days. Only the digest is stored, so pass `token=` to know the
    token that opens it (the default is a sequence, "share-token-<n>"). The assessment is
    marked submitted but has no snapshot: submit through the services for a real report."""

    class Meta:
        model = ShareLink
        skip_postgeneration_save = True

    class Params:
        token = factory.Sequence(lambda n: f"share-token-{n}")

    assessment = factory.SubFactory(AssessmentFactory, status=Assessment.Status.SUBMITTED)
    token_digest = factory.LazyAttribute(lambda o: token_digest(o.token))
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=30))

    counted = factory.PostGeneration(_recount)


class ReviewRequestFactory(DjangoModelFactory):
    """A pending request. Trap: the token is not kept (only its digest); build one with
    `accounts.tokens.new_token()` and pass `token_digest=` when a test follows the link.
    Trap: a request changed later by a plain `.update()` or `.save()` (submitted, hidden)
    leaves the assessment's counts and report stamp behind: change it through
    reviews.services, or call `recount_report()` after."""

    class Meta:
        model = ReviewRequest
        skip_postgeneration_save = True

    assessment = factory.SubFactory(AssessmentFactory, status=Assessment.Status.SUBMITTED)
    email = factory.Sequence(lambda n: f"reviewer{n}@example.org")
    token_digest = factory.LazyFunction(lambda: new_token()[1])
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + REQUEST_VALID_FOR)

    counted = factory.PostGeneration(_recount)


class ReviewRatingFactory(DjangoModelFactory):
    class Meta:
        model = ReviewRating

    review = factory.SubFactory(ReviewRequestFactory)
    requirement = factory.SubFactory(
        SubmittedRequirementFactory, assessment=factory.SelfAttribute("..review.assessment")
    )
    level = 3


class TeamFactory(DjangoModelFactory):
    """A team with no members and no live invite link: add a manager with MembershipFactory."""

    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class MembershipFactory(DjangoModelFactory):
    """A plain member who does not share: sharing is opt-in."""

    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(UserFactory)
    is_manager = False
    shares = False
