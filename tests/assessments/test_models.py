"""The assessment QuerySet's vocabulary."""

from __future__ import annotations

from assessments.models import Assessment
from tests.factories import AssessmentFactory, RatingFactory


def test_progress_is_counted_for_drafts_and_left_out_for_submissions(user, make_rung):
    rung = make_rung(3)
    skill = rung.requirements.first().skill
    draft = AssessmentFactory(owner=user, rung=rung)
    submitted = AssessmentFactory(owner=user, rung=rung, status=Assessment.Status.SUBMITTED)
    RatingFactory(assessment=draft, skill=skill, level=2)
    RatingFactory(assessment=submitted, skill=skill, level=2)

    progress = dict(
        (a.pk, (a.rated_count, a.required_count)) for a in Assessment.objects.with_progress()
    )

    assert progress == {draft.pk: (1, 3), submitted.pk: (None, None)}
