"""fixtures/careers.json loads and is internally consistent."""

from __future__ import annotations

from collections import Counter, deque

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from careers.models import LearningStep, Requirement, Role, Rung, Skill, SkillLevel
from careers.proficiency import SCALE
from scripts.build_skill_levels import SOURCE, parse

FIXTURE = settings.BASE_DIR / "fixtures" / "careers.json"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("framework")]


@pytest.fixture(scope="module")
def framework(django_db_setup, django_db_blocker):
    """Load the fixture once for the module, inside a transaction rolled back at the end.

    Each test's own transaction nests inside this one (pytest-django keeps the connection
    open for non-transactional tests), so tests see the data and the database is left empty.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(FIXTURE), verbosity=0)
        yield
        transaction.set_rollback(True)


def _reachable_from(start: Rung) -> set[int]:
    edges: dict[int, list[int]] = {}
    for from_id, to_id in Rung.next_rungs.through.objects.values_list("from_rung_id", "to_rung_id"):
        edges.setdefault(from_id, []).append(to_id)
    seen, queue = {start.pk}, deque([start.pk])
    while queue:
        for nxt in edges.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def test_fixture_loads_every_kind_of_record():
    assert Skill.objects.exists()
    assert Rung.objects.exists()
    assert Requirement.objects.exists()
    assert LearningStep.objects.exists()


def test_every_requirement_points_at_an_existing_rung_and_skill():
    linked = Requirement.objects.filter(rung__in=Rung.objects.all(), skill__in=Skill.objects.all())

    assert linked.count() == Requirement.objects.count()


def test_fixture_has_the_five_roles_of_the_seed():
    assert set(Role.objects.values_list("slug", flat=True)) == {
        "ai-ml-systems-engineer",
        "data-engineering-expert",
        "data-engineer-azure",
        "data-cloud-platform-engineer",
        "data-issue-manager",
    }


def test_fixture_has_at_least_80_skills():
    assert Skill.objects.count() >= 80


def test_fixture_has_at_least_25_rungs():
    assert Rung.objects.count() >= 25


def test_fixture_has_at_least_400_requirements():
    assert Requirement.objects.count() >= 400


def test_every_role_has_a_first_rung():
    roles_with_first_rung = set(Rung.objects.filter(order=1).values_list("role_id", flat=True))

    assert roles_with_first_rung == set(Role.objects.values_list("pk", flat=True))


def test_every_role_has_at_least_three_rungs():
    counts = Counter(Rung.objects.values_list("role__slug", flat=True))

    assert {slug: n for slug, n in counts.items() if n < 3} == {}


def test_every_rung_has_at_least_eight_requirements():
    counts = Counter(Requirement.objects.values_list("rung__slug", flat=True))

    short = [rung.slug for rung in Rung.objects.all() if counts[rung.slug] < 8]

    assert short == []


def test_every_skill_has_a_learning_step():
    assert list(Skill.objects.filter(learning_steps__isnull=True)) == []


def test_every_skill_is_required_by_some_rung():
    assert list(Skill.objects.filter(requirements__isnull=True)) == []


def test_every_rung_is_reachable_from_its_roles_first_rung():
    unreachable = []
    for role in Role.objects.all():
        reachable = _reachable_from(role.rungs.get(order=1))
        unreachable += [r.slug for r in role.rungs.all() if r.pk not in reachable]

    assert unreachable == []


@pytest.mark.parametrize(
    "title",
    [
        "AI Research Scientist",
        "AI Product Manager",
        "Machine Learning Consultant",
        "AI Ethics and Policy Analyst",
        "Data Scientist",
        "AI/ML Researcher",
    ],
)
def test_ai_engineer_specialisation_is_a_rung_that_another_rung_leads_to(title):
    rung = Rung.objects.get(title=title)

    assert rung.role.slug == "ai-ml-systems-engineer"
    assert rung.order > 4
    assert rung.previous_rungs.exists()


def test_levels_never_fall_on_the_next_rung_up_a_ladder():
    levels: dict[int, dict[int, int]] = {}
    for rung_id, skill_id, level in Requirement.objects.values_list("rung", "skill", "level"):
        levels.setdefault(rung_id, {})[skill_id] = level
    falls = []
    for rung in Rung.objects.prefetch_related("next_rungs"):
        for nxt in rung.next_rungs.all():
            if nxt.role_id == rung.role_id and nxt.order == rung.order + 1:
                below, above = levels[rung.pk], levels[nxt.pk]
                falls += [(nxt.slug, s) for s in below.keys() & above.keys() if above[s] < below[s]]

    assert falls == []


def test_shared_skills_are_one_skill_used_across_roles():
    roles_requiring = {
        name: set(
            Requirement.objects.filter(skill__name=name).values_list("rung__role__slug", flat=True)
        )
        for name in ("Python", "SQL", "Apache Spark", "Communication")
    }

    assert all(len(roles) >= 3 for roles in roles_requiring.values()), roles_requiring


def test_no_two_skills_share_a_name_ignoring_case():
    names = Counter(name.casefold() for name in Skill.objects.values_list("name", flat=True))

    assert [name for name, n in names.items() if n > 1] == []


def test_requirement_levels_and_importance_are_between_1_and_5():
    out_of_range = Requirement.objects.exclude(level__range=(1, 5)) | Requirement.objects.exclude(
        importance__range=(1, 5)
    )

    assert not out_of_range.exists()


def test_learning_step_target_levels_are_between_1_and_5():
    assert not LearningStep.objects.exclude(target_level__range=(1, 5)).exists()


def test_every_learning_step_takes_some_hours():
    assert not LearningStep.objects.filter(hours__lte=0).exists()


def test_learning_step_urls_are_https_or_empty():
    urls = LearningStep.objects.exclude(url="").values_list("url", flat=True)

    assert [url for url in urls if not url.startswith("https://")] == []


def test_salary_min_is_never_above_salary_max():
    bands = Rung.objects.filter(salary_min__isnull=False, salary_max__isnull=False)

    assert [r.slug for r in bands if r.salary_min > r.salary_max] == []


def test_salary_bands_are_complete_or_absent():
    half_bands = Rung.objects.filter(salary_min__isnull=True, salary_max__isnull=False) | (
        Rung.objects.filter(salary_min__isnull=False, salary_max__isnull=True)
    )

    assert not half_bands.exists()


def test_every_skill_of_importance_4_or_more_on_any_rung_describes_all_five_levels():
    important = set(Requirement.objects.filter(importance__gte=4).values_list("skill", flat=True))
    described = Counter(SkillLevel.objects.values_list("skill", flat=True))

    assert len(important) == 94
    assert {skill: described[skill] for skill in important} == dict.fromkeys(important, 5)
    assert SkillLevel.objects.count() == 470


def test_no_level_description_repeats_the_generic_anchor():
    anchors = {level.means.lower() for level in SCALE}

    for description in SkillLevel.objects.values_list("description", flat=True):
        assert not any(anchor in description.lower() for anchor in anchors), description


def test_level_descriptions_are_the_ones_written_in_skill_levels_txt():
    written = {
        (r["fields"]["skill"][0], r["fields"]["level"]): r["fields"]["description"]
        for r in parse(SOURCE.read_text(encoding="utf-8"))
    }
    shipped = {
        (slug, level): description
        for slug, level, description in SkillLevel.objects.values_list(
            "skill__slug", "level", "description"
        )
    }

    assert shipped == written
