from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Profile, Rating
from assessments.report.plan import FIRST_SCREEN_SKILLS
from careers.cache import bump_framework_version
from careers.models import Requirement, Skill
from tests.factories import AssessmentFactory, RatingFactory


def _url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


PARTS = {"X-Report-Parts": "1"}  # as static/js/report-parts.js asks


def _full_url(assessment) -> str:
    """The whole report on one page: the first screen leaves the long sections to it."""
    return reverse("assessments:report_full", args=[assessment.public_id])


def _gap_section(html: str) -> str:
    start = html.index('<section class="report-gaps')
    return html[start : html.index("</section>", start)]


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
        html = client_as(user).get(_full_url(submitted)).content.decode()

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

        html = client_as(user).get(_full_url(assessment)).content.decode()

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

    def test_admin_edits_after_submission_do_not_change_its_gaps(self, client_as, user, submitted):
        client = client_as(user)
        before = _gap_section(client.get(_full_url(submitted)).content.decode())
        Requirement.objects.filter(rung=submitted.rung).update(level=5, importance=5)
        bump_framework_version()  # as every admin save does

        html = client.get(_full_url(submitted)).content.decode()

        assert _gap_section(html) == before
        assert "67%" in html

    def test_deleting_a_skill_still_renders_it(self, client_as, user, submitted):
        row = submitted.snapshot.first()
        # Ratings protect a skill from deletion: only a skill nobody still rates can go.
        Rating.objects.filter(skill_id=row.skill_id).delete()
        Skill.objects.filter(pk=row.skill_id).delete()

        response = client_as(user).get(_url(submitted))

        assert response.status_code == 200
        assert row.skill_name in response.content.decode()

    def test_an_evidence_link_shows_beside_its_skill_without_passing_referrer_or_rank(
        self, client_as, user, draft
    ):
        skill = draft.rung.requirements.first().skill
        RatingFactory(assessment=draft, skill=skill, level=2, evidence="https://x.org/a?b=1&c=2")

        html = _gap_section(client_as(user).get(_full_url(draft)).content.decode())

        assert (
            '<a class="evidence-link small" href="https://x.org/a?b=1&amp;c=2" '
            'rel="noopener noreferrer nofollow">Evidence'
        ) in html

    def test_the_evidence_link_is_frozen_with_the_submission(self, client_as, user, submitted):
        row = submitted.snapshot.first()
        submitted.snapshot.filter(pk=row.pk).update(evidence="https://x.org/frozen")

        html = client_as(user).get(_full_url(submitted)).content.decode()

        assert 'href="https://x.org/frozen" rel="noopener noreferrer nofollow"' in html

    def test_the_owner_sees_their_own_notes_under_each_skill(self, client_as, user, rung):
        assessment = services.start_assessment(owner=user, rung=rung)
        ids = list(rung.requirements.values_list("skill_id", flat=True))
        ratings = {i: (2, "") for i in ids} | {ids[0]: (2, "Ran the migration in 2025")}
        services.submit_assessment(assessment=assessment, ratings=ratings)

        gaps = _gap_section(client_as(user).get(_full_url(assessment)).content.decode())

        assert "Your note: Ran the migration in 2025" in gaps
        assert gaps.count("Your note:") == 1

    def test_the_owner_sees_their_notes_on_a_draft_report_too(self, client_as, user, draft):
        skill = draft.rung.requirements.first().skill
        RatingFactory(assessment=draft, skill=skill, level=1, note="Only in side projects")

        gaps = _gap_section(client_as(user).get(_full_url(draft)).content.decode())

        assert "Your note: Only in side projects" in gaps

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

        assert report.gaps.readiness_pct == 100
        assert Assessment.objects.get(pk=draft.pk).readiness is None


def _submit(user, rung, level: int = 2):
    assessment = services.start_assessment(owner=user, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings={i: (level, "") for i in ids})
    return assessment


class TestSectionsAfterTheGaps:
    def test_it_shows_every_section_under_its_heading(self, client_as, user, make_rung):
        rung = make_rung(6)
        rung.next_rungs.add(make_rung(4))
        _submit(user, rung, level=1)
        latest = _submit(user, rung, level=2)

        html = client_as(user).get(_full_url(latest)).content.decode()

        for heading in [
            "Readiness trend",
            "Change since last time",
            "Blocking gaps",
            "Required vs self-rated, by category",
            "Every requirement, in priority order",
            "Strengths",
            "Learning plan",
            "Next rungs",
            "What changes at the next rung",
            "Your place on the ladder",
            "Moves across roles",
        ]:
            assert f">{heading}</h" in html, heading

    def test_charts_are_images_with_a_title_and_a_table(self, client_as, user, rung):
        _submit(user, rung, level=1)
        latest = _submit(user, rung, level=2)

        html = client_as(user).get(_full_url(latest)).content.decode()

        assert html.count('role="img"') >= 3
        assert '<title id="trend-svg-title-wide">' in html
        assert '<title id="trend-svg-title-narrow">' in html
        assert "Readiness trend as a table" in html
        assert "Required vs self-rated as a table" in html
        assert "style=" not in html.split('<main id="main"')[1]

    def test_a_first_report_says_so_instead_of_drawing_a_lone_dot(self, client_as, user, submitted):
        html = client_as(user).get(_url(submitted)).content.decode()

        trend = html.split('id="trend-title"')[1].split("</section>")[0]
        assert "The first assessment of" in trend
        assert "Retake it later" in trend
        assert "<svg" not in trend

    def test_same_day_retakes_are_labelled_with_their_time(self, client_as, user, rung, now):
        first = _submit(user, rung, level=1)
        latest = _submit(user, rung, level=2)
        Assessment.objects.filter(pk=first.pk).update(submitted_at=now.replace(hour=9))
        Assessment.objects.filter(pk=latest.pk).update(submitted_at=now.replace(hour=17))

        html = client_as(user).get(_url(latest)).content.decode()

        assert "15 Jun 2026, 09:00" in html
        assert "15 Jun 2026, 17:00 (this report)" in html

    def test_ratings_that_changed_say_up_or_down_in_words(self, client_as, user, make_rung):
        rung = make_rung(4)
        _submit(user, rung, level=1)
        latest = _submit(user, rung, level=2)

        html = client_as(user).get(_url(latest)).content.decode()

        assert html.count('<span aria-hidden="true">↑</span> up 1') == 4
        assert "up 34 points" in html  # from 33% (1 of 3) to 67% (2 of 3), as shown

    def test_the_hours_form_shows_the_saved_hours(self, client_as, user, submitted):
        Profile.objects.create(user=user, hours_per_week=12)

        html = client_as(user).get(_url(submitted)).content.decode()

        assert 'name="hours_per_week" id="id_hours_per_week"' in html
        assert 'value="12"' in html
        assert reverse("assessments:hours_per_week", args=[submitted.public_id]) in html

    def test_it_offers_a_print_button_from_a_script_file(self, client_as, user, submitted):
        html = client_as(user).get(_url(submitted)).content.decode()

        assert "data-print-report hidden>Print / Save as PDF</button>" in html
        assert "js/report.js" in html
        assert "onclick" not in html


class TestQueryBudget:
    # Expect 14 queries on a first visit, whatever the rung's size, the framework's size or
    # the person's history:
    # * session
    # * user
    # * the assessment with its rung and role and the owner's hours per week (the cache
    #   key: the rest of it is on the assessment's row)
    # * the snapshot
    # * learning steps of the skills with a gap
    # * the person's submitted assessments of this rung (trend, previous)
    # * the person's ratings submitted in other assessments (fallback, change)
    # * the reviewers' ratings (second opinions)
    # * the rung index, built once per framework version (the first report after an edit;
    #   others read it from the cache): every rung, every requirement
    # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
    # * their requirements, with the skills' slugs and names (next rungs, moves, ladder)
    # * the person's plan step states (progress)
    # * their goal for the rung (progress)
    # (The owner's review requests and share links, after the cached body, cost none: the
    # row counts none. Without REDIS_URL the cache is the database cache: reading the
    # framework version and the cached body are two more queries, and storing the body a
    # few more.)
    FIRST_VISIT = 14
    # The full report right after the first screen builds the same report again (its own
    # cache entry), less the rung index's two queries, which the first build cached.
    FULL_AFTER_FIRST_SCREEN = 12

    @pytest.mark.parametrize("skills", [10, 60])
    def test_skills_do_not_add_queries(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(skills))
        client = client_as(user)

        with django_assert_num_queries(self.FIRST_VISIT):
            response = client.get(_url(assessment))
        assert response.status_code == 200
        with django_assert_num_queries(self.FULL_AFTER_FIRST_SCREEN):
            response = client.get(_full_url(assessment))
        assert response.content.decode().count('class="gap-row ') == skills

    @pytest.mark.parametrize("next_rungs", [1, 10])
    def test_next_rungs_do_not_add_queries(
        self, client_as, user, make_rung, next_rungs, django_assert_num_queries
    ):
        rung = make_rung(10)
        rung.next_rungs.add(*(make_rung(10) for _ in range(next_rungs)))
        assessment = _submit(user, rung)
        client = client_as(user)

        with django_assert_num_queries(self.FIRST_VISIT):
            response = client.get(_url(assessment))
        assert len(response.content.decode().split(">What changes at the next rung<")) == (
            next_rungs + 1
        )

    @pytest.mark.parametrize("past", [1, 20])
    def test_past_assessments_do_not_add_queries(
        self, client_as, user, make_rung, past, django_assert_num_queries
    ):
        rung, other = make_rung(10), make_rung(10)
        for n in range(past):
            _submit(user, rung if n % 2 else other)
        assessment = _submit(user, rung)
        client = client_as(user)

        with django_assert_num_queries(self.FIRST_VISIT):
            response = client.get(_url(assessment))
        assert response.status_code == 200

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_second_visit_is_served_from_the_cache(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(skills))
        client = client_as(user)
        client.get(_url(assessment))

        # Expect 3 queries: session, user, the assessment (the ownership check, which also
        # gives the cache key its hours per week; the rest of the key is on the row); the
        # body comes from the cache, and the row counts no review request or share link, so
        # the owner's panels need no query
        with django_assert_num_queries(3):
            response = client.get(_url(assessment))
        assert response.status_code == 200

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_second_visit_to_the_full_report_or_its_parts_is_served_from_the_cache(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(skills))
        client = client_as(user)
        client.get(_full_url(assessment))
        client.get(_full_url(assessment), headers=PARTS)

        # Expect 3 queries each, as for the first screen: session, user, the assessment
        with django_assert_num_queries(3):
            full = client.get(_full_url(assessment))
        with django_assert_num_queries(3):
            parts = client.get(_full_url(assessment), headers=PARTS)
        assert full.content.decode().count('class="gap-row ') == skills
        assert parts.content.decode().count('class="gap-row ') == skills

    def test_the_parts_fetched_after_a_first_visit_come_from_the_cache(
        self, client_as, user, make_rung, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(12))
        client = client_as(user)
        client.get(_url(assessment))  # builds the report, and draws its parts with it

        # Expect 3 queries: session, user, the assessment; no second build of the report
        with django_assert_num_queries(3):
            parts = client.get(_full_url(assessment), headers=PARTS)
        assert parts.content.decode().count('class="gap-row ') == 12

    @pytest.mark.parametrize("past", [1, 20])
    def test_a_second_visit_costs_the_same_for_1_or_20_past_assessments(
        self, client_as, user, make_rung, past, django_assert_num_queries
    ):
        rung = make_rung(10)
        for _ in range(past):
            _submit(user, rung)
        assessment = _submit(user, rung)
        client = client_as(user)
        client.get(_url(assessment))

        # Expect 3 queries, as in the test above
        with django_assert_num_queries(3):
            response = client.get(_url(assessment))
        assert response.status_code == 200


class TestTemplateEngines:
    # The cached body is Django's (the shared page draws it too); the page around it and the
    # owner's panels, drawn on every visit, are Jinja2 (skillgap/jinja2.py).
    FRAME = {"assessments/report.html", "base.html", "includes/nav.html", "includes/messages.html"}
    AROUND = ["assessments/report_page.html"]  # which includes the owner's panels

    def test_a_cached_visit_renders_the_page_around_the_body_in_jinja2(
        self, client_as, user, submitted, templates_rendered
    ):
        client = client_as(user)
        client.get(_url(submitted))
        templates_rendered["django"].clear()
        templates_rendered["jinja2"].clear()

        client.get(_url(submitted))

        assert templates_rendered["jinja2"] == self.AROUND
        assert set(templates_rendered["django"]) == self.FRAME

    def test_the_first_visit_draws_the_body_in_django(
        self, client_as, user, submitted, templates_rendered
    ):
        client_as(user).get(_url(submitted))

        assert templates_rendered["jinja2"] == self.AROUND
        assert "assessments/_report_body.html" in templates_rendered["django"]


class TestFirstScreen:
    """The owner's report leaves the long sections (every skill in detail, all but the first
    skills' plan steps) to the full report, links to it, and names what report-parts.js
    fetches from it to put in their place."""

    def test_it_links_to_every_skill_in_the_full_report_instead_of_drawing_them(
        self, client_as, user, make_rung
    ):
        assessment = _submit(user, make_rung(12))

        html = client_as(user).get(_url(assessment)).content.decode()

        assert 'class="gap-row ' not in html
        assert "Required vs self-rated, by category" not in html
        assert ">Every skill in detail</h2>" in html
        assert f'href="{_full_url(assessment)}#skills-chart-title"' in html
        assert f'data-report-part="skills" data-report-from="{_full_url(assessment)}"' in html
        assert "js/report-parts.js" in html

    def test_it_still_shows_readiness_the_blocking_gaps_the_plan_and_progress(
        self, client_as, user, make_rung
    ):
        assessment = _submit(user, make_rung(12, importance=5, level=4), level=1)

        html = client_as(user).get(_url(assessment)).content.decode()

        for heading in ["Blocking gaps", "Learning plan", "Your progress", "Next rungs"]:
            assert f">{heading}</h" in html, heading
        assert '<span class="report-readiness-value">25%</span> ready' in html
        assert html.count('<span class="status-badge status-blocking">Blocking</span>') >= 12
        assert "Time to ready at" in html
        assert 'id="hours-form"' in html

    def test_the_plan_shows_the_first_skills_steps_with_their_controls_and_links_to_the_rest(
        self, client_as, user, make_rung
    ):
        assessment = _submit(user, make_rung(12), level=1)
        client = client_as(user)

        first = client.get(_url(assessment)).content.decode()
        full = client.get(_full_url(assessment)).content.decode()

        assert first.count('class="plan-skill"') == FIRST_SCREEN_SKILLS
        assert full.count('class="plan-skill"') == 12
        # one generic step a skill here (the rung has no learning steps), each with its states
        assert first.count('class="step-state btn-group') == FIRST_SCREEN_SKILLS
        assert f'href="{_full_url(assessment)}#learning-plan">See the whole plan: ' in first
        assert 'data-report-part="plan-steps"' in first
        assert "See the whole plan" not in full

    def test_a_short_plan_is_shown_whole_on_the_first_screen(self, client_as, user, make_rung):
        assessment = _submit(user, make_rung(FIRST_SCREEN_SKILLS), level=1)

        html = client_as(user).get(_url(assessment)).content.decode()

        assert html.count('class="plan-skill"') == FIRST_SCREEN_SKILLS
        assert "See the whole plan" not in html
        assert 'data-report-part="plan-steps"' not in html

    def test_the_first_screen_is_a_fraction_of_the_full_report(self, client_as, user, make_rung):
        assessment = _submit(user, make_rung(60), level=1)
        client = client_as(user)

        first = len(client.get(_url(assessment)).content)
        full = len(client.get(_full_url(assessment)).content)

        assert first < full / 2


class TestFullReport:
    def test_the_url(self, submitted):
        assert _full_url(submitted) == f"/assessments/{submitted.public_id}/report/full/"

    @pytest.mark.parametrize("headers", [{}, PARTS])
    def test_another_persons_full_report_and_its_parts_are_404(
        self, client_as, user, other_user, submitted, headers
    ):
        client_as(user).get(_full_url(submitted), headers=headers)  # warm the owner's cache

        response = client_as(other_user).get(_full_url(submitted), headers=headers)

        assert response.status_code == 404

    def test_a_post_is_405(self, client_as, user, submitted):
        assert client_as(user).post(_full_url(submitted)).status_code == 405

    def test_it_is_a_page_that_leads_back_to_the_first_screen(self, client_as, user, submitted):
        html = client_as(user).get(_full_url(submitted)).content.decode()

        assert "<title>Full gap report: " in html
        assert f'<a href="{_url(submitted)}">Report: ' in html
        assert 'aria-current="page">Full report</li>' in html
        assert "data-report-from" not in html
        assert "js/report-parts.js" not in html

    def test_its_parts_are_what_the_first_screen_leaves_out_and_nothing_else(
        self, client_as, user, make_rung
    ):
        assessment = _submit(user, make_rung(12), level=1)
        client = client_as(user)

        response = client.get(_full_url(assessment), headers=PARTS)

        html = response.content.decode()
        assert response.status_code == 200
        assert "X-Report-Parts" in response["Vary"]
        assert html.startswith('<div data-report-part="skills">')
        assert 'data-report-part="plan-steps"' in html
        assert html.count('class="plan-skill"') == 12
        assert "<html" not in html
        assert "csrfmiddlewaretoken" not in html
