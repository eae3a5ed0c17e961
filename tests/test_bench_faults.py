"""bench/faults_check.py: every acknowledged write is found, and nothing is half-written."""

from __future__ import annotations

import pytest

from assessments import services
from assessments.models import SubmittedRequirement
from bench.faults_check import check
from tests.factories import AssessmentFactory, RequirementFactory, RungFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(user):
    rung = RungFactory()
    skills = [RequirementFactory(rung=rung).skill_id for _ in range(3)]
    assessment = AssessmentFactory(owner=user, rung=rung)
    services.submit_assessment(assessment=assessment, ratings={s: (2, "") for s in skills})
    return assessment, skills


def test_acknowledged_writes_that_are_stored_are_found(submitted):
    assessment, skills = submitted
    public_id = str(assessment.public_id)
    acks = [{"kind": "submission", "assessment": public_id}]
    acks += [{"kind": "rating", "assessment": public_id, "skill": s, "level": 2} for s in skills]

    result = check(acks)

    assert result == {"found": {"submission": 1, "rating": 3}, "missing": [], "half_written": []}


def test_a_rating_stored_with_another_level_counts_as_missing(submitted):
    assessment, skills = submitted
    ack = {
        "kind": "rating",
        "assessment": str(assessment.public_id),
        "skill": skills[0],
        "level": 5,
    }

    assert check([ack])["missing"] == [ack]


def test_an_unknown_review_or_share_counts_as_missing(submitted):
    assessment, _ = submitted
    acks = [
        {"kind": "review", "link": "/reviews/no-such-token/", "reviewer": "x@example.org"},
        {"kind": "share", "assessment": str(assessment.public_id)},
        {"kind": "request", "assessment": str(assessment.public_id), "reviewer": "x@example.org"},
    ]

    assert check(acks)["missing"] == acks


def test_a_submission_without_its_whole_snapshot_is_half_written(submitted):
    assessment, _ = submitted
    SubmittedRequirement.objects.filter(assessment=assessment).first().delete()

    (broken,) = check([])["half_written"]
    assert str(assessment.public_id) in broken
    assert "2 snapshot rows of 3" in broken
