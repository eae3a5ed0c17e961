"""ESCO v1.1.1's full official files: what importing real occupations gives.

The files live outside the repository, at ../shared/data/esco/ beside it (or where
SKILLGAP_ESCO_DIR says); these tests skip, saying why, where they are absent. CI has them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment
from careers.importers import esco
from careers.models import Requirement, Role, Rung, Skill
from careers.services import import_occupations

ESCO_DIR = Path(
    os.environ.get("SKILLGAP_ESCO_DIR") or settings.BASE_DIR.parent / "shared" / "data" / "esco"
)
CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"

pytestmark = pytest.mark.skipif(
    not (CLASSIFICATION.exists() and RELATIONS.exists()),
    reason=f"ESCO v1.1.1's files are not in {ESCO_DIR} (set SKILLGAP_ESCO_DIR to their folder)",
)


@pytest.fixture(scope="module")
def classification() -> esco.Classification:
    return esco.load_classification(CLASSIFICATION, RELATIONS)


def _import(classification, *labels):
    occupations = [classification.find_occupation(label) for label in labels]
    return import_occupations(classification=classification, occupations=occupations)


def test_the_files_hold_escos_published_counts(classification):
    assert len(classification.occupations) == 3007
    assert len(classification.skill_rows) == 13896
    assert classification.relation_count == 123855
    assert len(classification.category_labels) == 28


def test_every_related_skill_has_one_of_the_28_groups(classification):
    groups = set(classification.category_labels)

    categories = {
        relation.skill.category
        for occupation in classification.occupations.values()
        for relation in classification.relations_of(occupation)
    }

    assert categories <= groups


def test_isco_group_25_has_69_occupations_and_4445_relations(classification):
    occupations = classification.occupations_in_group("25")

    assert len(occupations) == 69
    assert sum(len(classification.relations_of(o)) for o in occupations) == 4445


@pytest.mark.django_db
class TestDataScientist:
    def test_it_is_one_role_with_one_rung_of_75_requirements(self, classification):
        _import(classification, "data scientist")

        rung = Rung.objects.get()
        importance = Counter(rung.requirements.values_list("importance", flat=True))
        assert (Role.objects.get().name, rung.title) == ("data scientist", "data scientist")
        assert rung.requirements.count() == 75
        assert importance == {4: 54, 2: 21}
        assert set(rung.requirements.values_list("level", flat=True)) == {3}

    def test_a_second_import_changes_nothing(self, classification):
        _import(classification, "data scientist")
        before = list(Requirement.objects.values_list("pk", "skill_id", "level", "importance"))

        summary = _import(classification, "data scientist")

        assert not summary.changed_anything
        assert list(Requirement.objects.values_list("pk", "skill_id", "level", "importance")) == (
            before
        )

    def test_skills_shared_with_data_analyst_exist_once(self, classification):
        _import(classification, "data scientist")
        _import(classification, "data analyst")

        shared = Skill.objects.filter(requirements__rung__title="data scientist").filter(
            requirements__rung__title="data analyst"
        )
        assert shared.count() == 38
        assert Skill.objects.count() == 75 + 52 - 38
        assert Requirement.objects.filter(rung__title="data analyst").count() == 52


@pytest.mark.django_db
def test_a_person_takes_an_assessment_on_the_imported_rung_and_gets_a_report(
    classification, client_as, user
):
    _import(classification, "data scientist")
    rung = Rung.objects.get(title="data scientist")
    client = client_as(user)

    started = client.post(reverse("assessments:new"), {"rung": rung.pk})
    assessment = Assessment.objects.get(owner=user, rung=rung)
    ratings = {f"skill-{r.skill_id}": "2" for r in Requirement.objects.filter(rung=rung)}
    submitted = client.post(started.url, {**ratings, "action": "submit"})
    report = client.get(submitted.url)
    exported = json.loads(client.get(f"{submitted.url[: -len('/')]}.json").content)

    assert submitted.url == reverse("assessments:report", args=[assessment.public_id])
    assert report.status_code == 200
    assert exported["readiness"] == pytest.approx(200 / 3)
    assert len(exported["items"]) == 75
    plan = exported["learning_plan"]
    assert len(plan) == 75
    # ESCO's labels are lower-case verb phrases and nouns: each practice step reads as a
    # sentence with the label quoted whole.
    assert [step["title"] for step in plan] == [
        f"Work on “{step['skill']}” until you reach Proficient" for step in plan
    ]
    assert {step["hours"] for step in plan} == {10}
    assert "Work on “apply for research funding” until you reach Proficient" in {
        step["title"] for step in plan
    }


@pytest.mark.django_db
class TestOnTheShippedFramework:
    """With the seed loaded, data scientist reuses the shipped skills of the crosswalk."""

    @pytest.fixture
    def imported(self, classification):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "careers.json"), verbosity=0)
        shipped = dict(Skill.objects.values_list("name", "description"))
        (entry,) = _import(classification, "data scientist").occupations
        return entry, shipped

    def test_the_import_says_which_shipped_skills_it_reused(self, imported):
        entry, _ = imported

        assert sorted(entry.crosswalked) == [
            "Apache Hadoop",
            "Data Architecture",
            "Data Cleaning & Preparation",
            "Data Modeling",
            "Data Quality Management",
            "Data Visualization",
            "Project Management",
            "Research & Experimentation",
            "Statistics",
        ]
        assert entry.crosswalk_matches == "9 of 75 skills matched the crosswalk"

    def test_the_shipped_skills_keep_their_names_and_descriptions(self, imported):
        entry, shipped = imported

        rung = Rung.objects.get(title="data scientist")
        reused = Skill.objects.filter(requirements__rung=rung, source="")
        assert {s.name: s.description for s in reused} == {
            name: shipped[name] for name in entry.crosswalked
        }
        assert not Skill.objects.filter(name__in=["statistics", "Hadoop"]).exists()

    def test_a_report_on_the_imported_rung_plans_with_the_shipped_steps(
        self, imported, client_as, user
    ):
        client = client_as(user)
        rung = Rung.objects.get(title="data scientist")
        started = client.post(reverse("assessments:new"), {"rung": rung.pk})
        ratings = {f"skill-{r.skill_id}": "1" for r in Requirement.objects.filter(rung=rung)}
        submitted = client.post(started.url, {**ratings, "action": "submit"})

        plan = json.loads(client.get(f"{submitted.url[: -len('/')]}.json").content)["learning_plan"]

        statistics = [step for step in plan if step["skill"] == "Statistics"]
        shipped = set(
            Skill.objects.get(name="Statistics").learning_steps.values_list("title", flat=True)
        )
        assert [step["generic"] for step in statistics] == [False, False]
        assert {step["title"] for step in statistics} <= shipped
        assert statistics[-1]["target_level"] == 3
        mining = [step for step in plan if step["skill"] == "data mining"]
        assert [(s["title"], s["generic"]) for s in mining] == [
            ("Work on “data mining” until you reach Proficient", True)
        ]
