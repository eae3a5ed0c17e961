from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, SubmittedRequirement
from careers.admin import HIDDEN_ASSESSMENTS
from careers.models import (
    LearningStep,
    Requirement,
    Role,
    Rung,
    Skill,
    SkillCategory,
    SkillLevel,
)
from tests.factories import (
    AssessmentFactory,
    LearningStepFactory,
    RatingFactory,
    RequirementFactory,
    RungFactory,
    SkillFactory,
    SubmittedRequirementFactory,
)

pytestmark = pytest.mark.django_db

CAREERS_MODELS = ["skillcategory", "skill", "role", "rung", "requirement", "learningstep"]
PROTECTED_TEXT = "would require deleting the following protected related objects"


@pytest.fixture
def framework():
    """One of every careers model, linked together."""
    step = LearningStepFactory()
    requirement = RequirementFactory(skill=step.skill)
    return {
        "skillcategory": step.skill.category,
        "skill": step.skill,
        "role": requirement.rung.role,
        "rung": requirement.rung,
        "requirement": requirement,
        "learningstep": step,
    }


def _admin_urls(framework) -> list[str]:
    urls = []
    for model in CAREERS_MODELS:
        urls.append(reverse(f"admin:careers_{model}_changelist"))
        urls.append(reverse(f"admin:careers_{model}_add"))
        urls.append(reverse(f"admin:careers_{model}_change", args=[framework[model].pk]))
    return urls


# Who may see what.


def test_every_careers_admin_page_answers_200_for_a_superuser(client_as, staff_user, framework):
    client = client_as(staff_user)

    statuses = {url: client.get(url).status_code for url in _admin_urls(framework)}

    assert set(statuses.values()) == {200}, statuses


def test_every_careers_admin_page_answers_200_for_a_framework_editor(client_as, editor, framework):
    client = client_as(editor)

    statuses = {url: client.get(url).status_code for url in _admin_urls(framework)}

    assert set(statuses.values()) == {200}, statuses


def test_framework_editors_group_may_only_edit_the_careers_models():
    group = Group.objects.get(name="Framework editors")

    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert codenames == {
        ("careers", f"{action}_{model}")
        for action in ["add", "change", "delete", "view"]
        for model in [*CAREERS_MODELS, "skilllevel"]  # skill levels: an inline on the skill
    }


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:assessments_assessment_changelist",
        "admin:assessments_profile_changelist",
    ],
)
def test_framework_editor_is_refused_people_and_their_assessments(client_as, editor, url_name):
    response = client_as(editor).get(reverse(url_name))

    assert response.status_code == 403


def test_framework_editor_is_refused_a_persons_assessment_page(client_as, editor):
    assessment = AssessmentFactory()
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])

    response = client_as(editor).get(url)

    assert response.status_code == 403


def test_framework_editor_sees_only_the_framework_on_the_admin_index(client_as, editor):
    response = client_as(editor).get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:careers_rung_changelist") in response.text
    assert reverse("admin:auth_user_changelist") not in response.text
    assert "/admin/assessments/" not in response.text


# Editing through inlines.


def _rung_form_data(rung: Rung, requirements: list[dict]) -> dict:
    data = {
        "role": rung.role_id,
        "order": rung.order,
        "title": rung.title,
        "slug": rung.slug,
        "summary": rung.summary,
        "responsibilities": rung.responsibilities,
        "salary_min": "",
        "salary_max": "",
        "requirements-TOTAL_FORMS": len(requirements),
        "requirements-INITIAL_FORMS": sum(1 for r in requirements if r.get("id")),
        "requirements-MIN_NUM_FORMS": 0,
        "requirements-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, requirement in enumerate(requirements):
        for key, value in {"id": "", "rung": rung.pk, **requirement}.items():
            data[f"requirements-{index}-{key}"] = value
    return data


def test_framework_editor_adds_a_requirement_through_the_rung_form(client_as, editor):
    existing = RequirementFactory(level=2, importance=3)
    rung = existing.rung
    new_skill = SkillFactory(name="Kubernetes")
    data = _rung_form_data(
        rung,
        [
            {"id": existing.pk, "skill": existing.skill_id, "level": 2, "importance": 3},
            {"skill": new_skill.pk, "level": 4, "importance": 5},
        ],
    )

    response = client_as(editor).post(reverse("admin:careers_rung_change", args=[rung.pk]), data)

    assert response.status_code == 302
    added = Requirement.objects.get(rung=rung, skill=new_skill)
    assert (added.level, added.importance) == (4, 5)


def test_rung_form_refuses_a_requirement_level_of_9(client_as, editor):
    rung = RungFactory()
    skill = SkillFactory()
    data = _rung_form_data(rung, [{"skill": skill.pk, "level": 9, "importance": 3}])

    response = client_as(editor).post(reverse("admin:careers_rung_change", args=[rung.pk]), data)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 5." in response.text
    assert not Requirement.objects.filter(rung=rung).exists()


def test_rung_form_offers_a_next_rung_picker_and_skill_autocomplete(client_as, staff_user):
    requirement = RequirementFactory()
    url = reverse("admin:careers_rung_change", args=[requirement.rung.pk])

    response = client_as(staff_user).get(url)

    assert 'name="next_rungs"' in response.text
    assert "selectfilter" in response.text
    assert "admin-autocomplete" in response.text


# Query budgets: a changelist costs the same for 3 rows as for 30.


def _build_rows(count: int) -> None:
    """`count` rows of every careers model, each with related rows to count."""
    for _ in range(count):
        requirement = RequirementFactory()
        LearningStepFactory(skill=requirement.skill)
        RequirementFactory(rung=requirement.rung)


def _changelist_queries(client, model: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"admin:careers_{model}_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CAREERS_MODELS)
def test_changelist_query_count_does_not_grow_with_rows(client_as, staff_user, model):
    client = client_as(staff_user)
    _build_rows(3)
    with_3 = _changelist_queries(client, model)
    _build_rows(27)

    with_30 = _changelist_queries(client, model)

    assert with_30 == with_3


def test_rung_changelist_query_budget(client_as, staff_user, django_assert_num_queries):
    client = client_as(staff_user)
    _build_rows(30)

    # Expect 7 queries:
    # * load the session
    # * load the user
    # * does the user have a second factor (staff must, accounts.middleware)
    # * fetch the roles for the role filter
    # * count the filtered rungs (paginator)
    # * count all rungs (the "n total" link)
    # * fetch the page of rungs, with role and requirement count
    with django_assert_num_queries(7):
        client.get(reverse("admin:careers_rung_changelist"))


def test_rung_change_page_query_count_does_not_grow_with_requirements(client_as, staff_user):
    client = client_as(staff_user)
    rung = RungFactory()
    url = reverse("admin:careers_rung_change", args=[rung.pk])
    RequirementFactory.create_batch(3, rung=rung)
    with CaptureQueriesContext(connection) as with_3:
        client.get(url)
    RequirementFactory.create_batch(27, rung=rung)

    with CaptureQueriesContext(connection) as with_30:
        response = client.get(url)

    assert response.text.count('class="admin-autocomplete"') >= 30
    assert len(with_30) == len(with_3)


def test_changelists_show_counts(client_as, staff_user):
    requirement = RequirementFactory(skill__name="Terraform")
    RequirementFactory(skill=requirement.skill)
    LearningStepFactory(skill=requirement.skill)
    client = client_as(staff_user)

    skills = client.get(reverse("admin:careers_skill_changelist"))
    rungs = client.get(reverse("admin:careers_rung_changelist"))

    assert skills.context["cl"].result_list[0].requirement_count == 2
    assert skills.context["cl"].result_list[0].learning_step_count == 1
    assert rungs.context["cl"].result_list[0].requirement_count == 1


# Deleting framework items that people's assessments use.


def test_superuser_cannot_delete_a_rung_with_assessments(client_as, staff_user):
    assessment = AssessmentFactory(status=Assessment.Status.SUBMITTED)
    url = reverse("admin:careers_rung_delete", args=[assessment.rung.pk])

    response = client_as(staff_user).post(url, {"post": "yes"})

    assert response.status_code == 200
    assert PROTECTED_TEXT in response.text
    assert Rung.objects.filter(pk=assessment.rung.pk).exists()


def test_superuser_cannot_delete_a_role_whose_rung_has_assessments(client_as, staff_user):
    assessment = AssessmentFactory()
    role = assessment.rung.role
    url = reverse("admin:careers_role_delete", args=[role.pk])

    response = client_as(staff_user).post(url, {"post": "yes"})

    assert PROTECTED_TEXT in response.text
    assert Role.objects.filter(pk=role.pk).exists()


def test_editor_is_told_a_rung_is_protected_without_seeing_whose_assessments(
    client_as, editor, user
):
    assessment = AssessmentFactory(owner=user)
    url = reverse("admin:careers_rung_delete", args=[assessment.rung.pk])

    response = client_as(editor).get(url)

    assert PROTECTED_TEXT in response.text
    assert HIDDEN_ASSESSMENTS.format(count=1) in response.text
    assert str(assessment.public_id) not in response.text
    assert user.email not in response.text


def test_superuser_sees_which_assessments_protect_a_rung(client_as, staff_user):
    assessment = AssessmentFactory()
    url = reverse("admin:careers_rung_delete", args=[assessment.rung.pk])

    response = client_as(staff_user).get(url)

    assert str(assessment.public_id) in response.text


def test_deleting_a_skill_keeps_the_snapshot_of_a_submitted_assessment(client_as, staff_user):
    row = SubmittedRequirementFactory(skill__name="Hadoop")
    url = reverse("admin:careers_skill_delete", args=[row.skill.pk])

    response = client_as(staff_user).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Skill.objects.filter(name="Hadoop").exists()
    row.refresh_from_db()
    assert row.skill is None
    assert row.skill_name == "Hadoop"


def test_editor_deleting_a_rated_skill_sees_a_count_of_ratings_not_the_ratings(client_as, editor):
    rating = RatingFactory(level=4, note="private words")
    url = reverse("admin:careers_skill_delete", args=[rating.skill.pk])

    response = client_as(editor).get(url)

    assert response.status_code == 200
    assert "holding 1 rating" in response.text
    assert "private words" not in response.text
    assert str(rating.assessment.public_id) not in response.text


def test_editor_cannot_delete_a_rated_skill_and_the_rating_is_kept(client_as, editor):
    row = SubmittedRequirementFactory(skill__name="Pig Latin")
    RatingFactory(assessment=row.assessment, skill=row.skill)
    url = reverse("admin:careers_skill_delete", args=[row.skill.pk])

    response = client_as(editor).post(url, {"post": "yes"})

    assert response.status_code == 200
    assert Skill.objects.filter(name="Pig Latin").exists()
    row.refresh_from_db()
    assert row.skill is not None


def test_framework_editor_can_delete_an_unused_skill(client_as, editor):
    skill = SkillFactory()
    url = reverse("admin:careers_skill_delete", args=[skill.pk])

    response = client_as(editor).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Skill.objects.filter(pk=skill.pk).exists()


def test_a_category_with_skills_cannot_be_deleted(client_as, editor):
    skill = SkillFactory()
    url = reverse("admin:careers_skillcategory_delete", args=[skill.category.pk])

    response = client_as(editor).post(url, {"post": "yes"})

    assert PROTECTED_TEXT in response.text
    assert SkillCategory.objects.filter(pk=skill.category.pk).exists()


# The assessments admin, for superusers.


def test_superuser_sees_assessments_listed_by_public_id(client_as, staff_user):
    assessment = AssessmentFactory()

    response = client_as(staff_user).get(reverse("admin:assessments_assessment_changelist"))

    assert response.status_code == 200
    assert str(assessment.public_id) in response.text


def test_assessment_admin_page_is_read_only(client_as, staff_user):
    row = SubmittedRequirementFactory()
    RatingFactory(assessment=row.assessment, skill=row.skill)
    url = reverse("admin:assessments_assessment_change", args=[row.assessment.pk])

    response = client_as(staff_user).get(url)

    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert row.skill_name in response.text


def test_assessment_admin_refuses_changes(client_as, staff_user):
    assessment = AssessmentFactory(status=Assessment.Status.SUBMITTED, readiness=55.0)
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])

    client_as(staff_user).post(url, {"status": "draft", "readiness": "100"})

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.readiness == 55.0


def test_assessment_admin_cannot_add_an_assessment(client_as, staff_user):
    response = client_as(staff_user).get(reverse("admin:assessments_assessment_add"))

    assert response.status_code == 403


def test_assessment_admin_shows_a_note_as_text(client_as, staff_user):
    row = SubmittedRequirementFactory(note="<script>alert(1)</script>")
    url = reverse("admin:assessments_assessment_change", args=[row.assessment.pk])

    response = client_as(staff_user).get(url)

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_deleting_an_assessment_in_admin_removes_its_snapshot(client_as, staff_user):
    row = SubmittedRequirementFactory()
    url = reverse("admin:assessments_assessment_delete", args=[row.assessment.pk])

    response = client_as(staff_user).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not SubmittedRequirement.objects.filter(pk=row.pk).exists()


def test_learning_step_and_requirement_changelists_filter_by_category(client_as, staff_user):
    step = LearningStepFactory()
    LearningStepFactory()
    url = reverse("admin:careers_learningstep_changelist")

    response = client_as(staff_user).get(
        url, {"skill__category__id__exact": step.skill.category_id}
    )

    assert list(response.context["cl"].result_list) == [step]
    assert LearningStep.objects.count() == 2


def _skill_form_data(skill, levels: list[dict]) -> dict:
    data = {
        "name": skill.name,
        "slug": skill.slug,
        "category": skill.category_id,
        "description": skill.description,
        "levels-TOTAL_FORMS": len(levels),
        "levels-INITIAL_FORMS": 0,
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 5,
        "learning_steps-TOTAL_FORMS": 0,
        "learning_steps-INITIAL_FORMS": 0,
        "learning_steps-MIN_NUM_FORMS": 0,
        "learning_steps-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, level in enumerate(levels):
        for key, value in {"id": "", "skill": skill.pk, **level}.items():
            data[f"levels-{index}-{key}"] = value
    return data


def test_framework_editor_describes_a_skills_level_through_the_skill_form(client_as, editor):
    skill = SkillFactory(name="Kubernetes")
    description = "Deploys and debugs a service with Deployments, Services and ConfigMaps"
    data = _skill_form_data(skill, [{"level": 3, "description": description}])

    response = client_as(editor).post(reverse("admin:careers_skill_change", args=[skill.pk]), data)

    assert response.status_code == 302
    assert SkillLevel.objects.get(skill=skill, level=3).description == description


def test_skill_form_refuses_a_level_description_over_300_characters(client_as, editor):
    skill = SkillFactory()
    data = _skill_form_data(skill, [{"level": 2, "description": "x" * 301}])

    response = client_as(editor).post(reverse("admin:careers_skill_change", args=[skill.pk]), data)

    assert response.status_code == 200
    assert "at most 300 characters" in response.text
    assert not SkillLevel.objects.exists()


def test_skill_form_refuses_two_descriptions_of_one_level(client_as, editor):
    skill = SkillFactory()
    levels = [{"level": 2, "description": "One"}, {"level": 2, "description": "Two"}]

    response = client_as(editor).post(
        reverse("admin:careers_skill_change", args=[skill.pk]), _skill_form_data(skill, levels)
    )

    assert response.status_code == 200
    assert not SkillLevel.objects.exists()
