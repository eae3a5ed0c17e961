from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from careers.models import Requirement, Skill
from tests.factories import AssessmentFactory, RatingFactory


def _url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def test_the_url_is_part_of_the_contract(submitted):
    assert _url(submitted) == f"/assessments/{submitted.public_id}/report/"


class TestAccess:
    def test_anonymous_visitors_are_sent_to_log_in(self, client, submitted):
        response = client.get(_url(submitted))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_report_is_404(self, client_as, other_user, submitted, method):
        response = getattr(client_as(other_user), method)(_url(submitted))

        assert response.status_code == 404

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_draft_report_is_404(self, client_as, other_user, draft, method):
        assert getattr(client_as(other_user), method)(_url(draft)).status_code == 404

    def test_an_unknown_assessment_is_404(self, client_as, user):
        response = client_as(user).get(f"/assessments/{uuid.uuid4()}/report/")

        assert response.status_code == 404

    def test_a_post_from_the_owner_is_405(self, client_as, user, submitted):
        assert client_as(user).post(_url(submitted)).status_code == 405


class TestSubmittedReport:
    def test_it_shows_readiness_and_the_verdict(self, client_as, user, submitted):
        # Every skill required at 3, rated 2: readiness 2/3.
        response = client_as(user).get(_url(submitted))

        html = response.content.decode()
        assert response.status_code == 200
        assert "67%" in html
        assert "Not ready yet" in html
        assert "Draft — not submitted" not in html

    def test_a_ready_report_says_ready_for_the_rung(self, client_as, user, draft, rating_data):
        client = client_as(user)
        client.post(
            reverse("assessments:rate", args=[draft.public_id]),
            rating_data(draft.rung, level=5, action="submit"),
        )

        html = client.get(_url(draft)).content.decode()

        assert f"Ready for {draft.rung.title}" in html

    def test_it_lists_every_requirement_with_its_gap(self, client_as, user, submitted):
        html = client_as(user).get(_url(submitted)).content.decode()

        for row in submitted.snapshot.all():
            assert f'<th scope="row">{row.skill_name}</th>' in html
            assert row.category_name in html
        assert html.count('class="gap-row ') == 4
        assert "3 Proficient" in html
        assert "2 Foundational" in html
        assert ">Close</span>" in html

    def test_blocking_gaps_come_first_labelled_in_words(self, client_as, user, make_rung):
        rung = make_rung(3, importance=5, level=4)
        assessment = AssessmentFactory(owner=user, rung=rung)
        ids = list(rung.requirements.order_by("skill__name").values_list("skill_id", flat=True))
        services.submit_assessment(
            assessment=assessment, ratings={ids[0]: (1, ""), ids[1]: (4, ""), ids[2]: (4, "")}
        )
        blocked = Skill.objects.get(pk=ids[0]).name

        html = client_as(user).get(_url(assessment)).content.decode()

        assert html.index("Blocking gaps") < html.index("Every requirement")
        assert '<span class="status-badge status-blocking">Blocking</span>' in html
        assert html.index(blocked) < html.index("Every requirement")

    def test_it_links_to_the_exports(self, client_as, user, submitted):
        html = client_as(user).get(_url(submitted)).content.decode()

        assert reverse("assessments:report_csv", args=[submitted.public_id]) in html
        assert reverse("assessments:report_json", args=[submitted.public_id]) in html

    def test_it_offers_a_retake(self, client_as, user, submitted):
        html = client_as(user).get(_url(submitted)).content.decode()

        assert reverse("assessments:retake", args=[submitted.public_id]) in html

    def test_admin_edits_after_submission_do_not_change_it(self, client_as, user, submitted):
        client = client_as(user)
        before = client.get(_url(submitted)).context["report"]
        Requirement.objects.filter(rung=submitted.rung).update(level=5, importance=5)

        after = client.get(_url(submitted)).context["report"]

        assert after.items == before.items
        assert after.readiness_pct == before.readiness_pct == 67

    def test_deleting_a_skill_still_renders_it(self, client_as, user, submitted):
        row = submitted.snapshot.first()
        Skill.objects.filter(pk=row.skill_id).delete()

        response = client_as(user).get(_url(submitted))

        assert response.status_code == 200
        assert row.skill_name in response.content.decode()

    def test_notes_and_names_are_escaped(self, client_as, user, draft):
        skill = draft.rung.requirements.first().skill
        RatingFactory(assessment=draft, skill=skill, level=1, note="<script>alert(1)</script>")
        Skill.objects.filter(pk=skill.pk).update(name="<b>Bold</b>")

        html = client_as(user).get(_url(draft)).content.decode()

        assert "<b>Bold</b>" not in html
        assert "&lt;b&gt;Bold&lt;/b&gt;" in html


class TestDraftReport:
    def test_it_is_labelled_as_a_provisional_draft(self, client_as, user, draft):
        RatingFactory(assessment=draft, skill=draft.rung.requirements.first().skill, level=3)

        html = client_as(user).get(_url(draft)).content.decode()

        assert "Draft — not submitted" in html
        assert "3 skills not rated yet count as 0" in html
        assert reverse("assessments:rate", args=[draft.public_id]) in html

    def test_it_uses_the_current_ratings(self, client_as, user, draft):
        for requirement in draft.rung.requirements.all():
            RatingFactory(assessment=draft, skill=requirement.skill, level=3)

        report = client_as(user).get(_url(draft)).context["report"]

        assert report.readiness_pct == 100
        assert Assessment.objects.get(pk=draft.pk).readiness is None


class TestQueryBudget:
    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_report_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        rung = make_rung(skills)
        assessment = AssessmentFactory(owner=user, rung=rung)
        ids = rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        client = client_as(user)

        # Expect 5 queries:
        # * session
        # * user
        # * the assessment with its rung and role
        # * the snapshot
        # * the profile's hours per week
        with django_assert_num_queries(5):
            client.get(_url(assessment))

    @pytest.mark.parametrize("past", [1, 20])
    def test_past_assessments_do_not_add_queries(
        self, client_as, user, make_rung, past, django_assert_num_queries
    ):
        rung = make_rung(10)
        ids = rung.requirements.values_list("skill_id", flat=True)
        for _ in range(past):
            assessment = services.start_assessment(owner=user, rung=rung)
            services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        client = client_as(user)

        # Expect 5 queries: session, user, the assessment, the snapshot, the profile
        with django_assert_num_queries(5):
            client.get(_url(assessment))
