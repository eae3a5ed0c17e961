"""The full-ESCO benchmark's seeding (bench/esco_seed.py), run on a handful of real ESCO
occupations imported beside a small hand-made framework, with a few people.

Needs ESCO v1.1.1's files at ../shared/data/esco/ beside the project (or SKILLGAP_ESCO_DIR);
skips, saying why, where they are absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from assessments import scoring
from assessments.models import Assessment
from bench import esco_seed, seed
from careers.models import ESCO_SOURCE, Requirement, Role
from tests.factories import RequirementFactory, RoleFactory, RungFactory, SkillFactory

ESCO_DIR = Path(
    os.environ.get("SKILLGAP_ESCO_DIR") or settings.BASE_DIR.parent / "shared" / "data" / "esco"
)
OCCUPATIONS = ("data scientist", "software developer", "database administrator", "baker")
TINY = 0.002  # 20 people, 100 submitted assessments of hand-made rungs

pytestmark = pytest.mark.skipif(
    not (ESCO_DIR / esco_seed.CLASSIFICATION_ZIP).exists(),
    reason=f"ESCO v1.1.1's files are not in {ESCO_DIR} (set SKILLGAP_ESCO_DIR to their folder)",
)


@pytest.fixture(scope="module")
def classification():
    return esco_seed.load(ESCO_DIR)


@pytest.fixture
def imported(db, classification):
    """A small hand-made framework (loading the shipped one takes seconds), its people, then
    a handful of real ESCO occupations."""
    role, skills = RoleFactory(), SkillFactory.create_batch(10)
    for order in (1, 2, 3):
        rung = RungFactory(role=role, order=order)
        for i, skill in enumerate(skills[order : order + 6]):
            RequirementFactory(rung=rung, skill=skill, level=order + i % 2, importance=1 + i % 5)
    seed.seed(scale=TINY, load_framework=False, progress=False)
    occupations = [classification.find_occupation(label) for label in OCCUPATIONS]
    return esco_seed.import_all(classification, occupations)


@pytest.fixture
def seeded(imported):
    return esco_seed.seed_imported(progress=False)


def _bench_person_reports():
    owner = seed.User.objects.get(email=seed.email_for(0))
    return Assessment.objects.for_owner(owner).submitted()


def test_the_import_adds_one_role_per_occupation_to_the_handmade_one(imported):
    assert imported["occupations"] == len(OCCUPATIONS)
    assert imported["roles"] == 1 + len(OCCUPATIONS)
    assert Role.objects.filter(source=ESCO_SOURCE).count() == len(OCCUPATIONS)
    assert imported["requirements"] == Requirement.objects.count()
    assert imported["import_seconds"] >= 0


def test_the_bench_person_has_reports_of_a_handmade_and_an_imported_rung(seeded):
    reports = _bench_person_reports()

    imported = reports.filter(rung__role__source=ESCO_SOURCE)
    assert imported.get().rung.title == esco_seed.BENCH_OCCUPATION
    assert reports.exclude(rung__role__source=ESCO_SOURCE).count() == seed.BENCH_PERSON_SUBMITTED


def test_the_handmade_pages_stay_those_of_the_shipped_framework(imported):
    before = seed.bench_targets()

    esco_seed.seed_imported(progress=False)

    assert seed.bench_targets() == before
    assert Role.objects.get(slug=before.role_slug).source == ""


def test_the_imported_report_is_older_than_every_handmade_one(seeded):
    reports = _bench_person_reports()

    imported = reports.get(rung__role__source=ESCO_SOURCE)
    handmade = reports.exclude(rung__role__source=ESCO_SOURCE)
    assert imported.submitted_at < min(handmade.values_list("submitted_at", flat=True))
    assert imported.created_at == imported.updated_at == imported.submitted_at


def test_imported_targets_name_the_bench_persons_imported_report(seeded):
    targets = esco_seed.imported_targets()

    report = Assessment.objects.get(public_id=targets.report_id)
    assert report.rung.role.source == ESCO_SOURCE
    assert report.rung.role.slug == targets.role_slug
    assert targets.report_skills == Requirement.objects.filter(rung=report.rung).count() > 0


def test_other_people_rate_imported_rungs_alongside_their_handmade_ones(seeded):
    assessed = Assessment.objects.submitted().filter(rung__role__source=ESCO_SOURCE)
    owners = set(assessed.values_list("owner", flat=True))

    both = (
        Assessment.objects.submitted()
        .filter(owner__in=owners)
        .exclude(rung__role__source=ESCO_SOURCE)
    )
    assert seeded.people == len(owners) > 1
    assert seeded.submitted == assessed.count()
    assert set(both.values_list("owner", flat=True)) == owners


def test_imported_reports_snapshot_their_rung_and_score_as_submitted(seeded):
    for assessment in Assessment.objects.submitted().filter(rung__role__source=ESCO_SOURCE):
        rows = list(assessment.snapshot.all())
        required = set(
            Requirement.objects.filter(rung=assessment.rung_id).values_list("skill_id", "level")
        )
        report = scoring.score(
            [scoring.Requirement(r.skill_slug, r.required_level, r.importance) for r in rows],
            {r.skill_slug: r.rated_level for r in rows},
        )

        assert {(r.skill_id, r.required_level) for r in rows} == required
        assert assessment.readiness == pytest.approx(report.readiness)
