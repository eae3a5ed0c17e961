from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from assessments import forms, services
from assessments.models import Assessment, Rating, SubmittedRequirement
from careers.cache import bump_framework_version
from careers.models import Skill
from tests.factories import AssessmentFactory, RatingFactory, SkillFactory, SkillLevelFactory


def _url(assessment) -> str:
    return reverse("assessments:rate", args=[assessment.public_id])


def _skills(rung):
    return list(rung.requirements.select_related("skill").order_by("skill__name"))


def _without_csrf(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def _stored(assessment) -> dict[int, tuple[int | None, str]]:
    return {r.skill_id: (r.level, r.note) for r in Rating.objects.filter(assessment=assessment)}


def test_the_url_is_part_of_the_contract(draft):
    assert _url(draft) == f"/assessments/{draft.public_id}/"


class TestAccess:
    def test_anonymous_visitors_are_sent_to_log_in(self, client, draft):
        response = client.get(_url(draft))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_assessment_is_404(self, client_as, other_user, draft, rating_data, method):
        response = getattr(client_as(other_user), method)(_url(draft), rating_data(draft.rung))

        assert response.status_code == 404
        assert not draft.ratings.exists()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_unknown_assessment_is_404(self, client_as, user, method):
        response = getattr(client_as(user), method)(f"/assessments/{uuid.uuid4()}/")

        assert response.status_code == 404

    def test_other_users_submitted_assessment_is_404(self, client_as, other_user, submitted):
        assert client_as(other_user).get(_url(submitted)).status_code == 404

    def test_a_method_the_form_does_not_take_is_405_for_the_owner(self, client_as, user, draft):
        assert client_as(user).delete(_url(draft)).status_code == 405


class TestRatingForm:
    def test_it_opens_the_first_step_with_every_field_of_its_skills(self, client_as, user, draft):
        response = client_as(user).get(_url(draft))

        page = response.context["page"]
        html = response.content.decode()
        assert response.status_code == 200
        assert page.number == 1
        for skill_id in [item.skill_id for item in page.items]:
            assert f'id="skill-{skill_id}-fieldset"' in html
            assert f'name="skill-{skill_id}"' in html
            assert f'name="note-{skill_id}"' in html
            assert f'name="evidence-{skill_id}"' in html
        assert html.count("<fieldset") == len(page.items) == 4  # three small categories share it
        assert '<input type="hidden" name="step" value="1">' in html

    def test_it_never_shows_the_required_level_or_the_importance(self, client_as, user, draft):
        html = client_as(user).get(_url(draft)).content.decode()

        assert "Required" not in html
        assert "Importance" not in html
        assert "rating-required" not in html

    def test_each_level_shows_the_generic_anchor_without_a_description(
        self, client_as, user, draft
    ):
        response = client_as(user).get(_url(draft))

        assert b"0 None" in response.content
        assert b"no exposure yet" in response.content
        assert b"sets direction, recognised authority" in response.content

    def test_a_skill_level_description_replaces_the_generic_anchor(self, client_as, user, draft):
        skill = client_as(user).get(_url(draft)).context["page"].items[0]
        SkillLevelFactory(
            skill_id=skill.skill_id, level=5, description="Maintains a library others use"
        )
        bump_framework_version()  # as every framework write does

        html = client_as(user).get(_url(draft)).content.decode()

        assert "Maintains a library others use" in html
        assert html.count("sets direction, recognised authority") == 3  # the other skills

    def test_a_level_description_is_escaped_once(self, client_as, user, draft):
        skill = client_as(user).get(_url(draft)).context["page"].items[0]
        SkillLevelFactory(skill_id=skill.skill_id, level=2, description="Joins <tables> & views")
        bump_framework_version()

        html = client_as(user).get(_url(draft)).content.decode()

        assert '<span class="rating-means">Joins &lt;tables&gt; &amp; views</span>' in html

    def test_a_skill_name_is_escaped_once(self, client_as, user, draft):
        shown = client_as(user).get(_url(draft)).context["page"].items[0]
        Skill.objects.filter(pk=shown.skill_id).update(name="R&D <ops>")
        bump_framework_version()

        html = client_as(user).get(_url(draft)).content.decode()

        assert '<span class="rating-skill">R&amp;D &lt;ops&gt;</span>' in html
        assert "&amp;amp;" not in html

    def test_the_note_and_the_evidence_have_visible_labels_and_limits(self, client_as, user, draft):
        item = client_as(user).get(_url(draft)).context["page"].items[0]

        html = client_as(user).get(_url(draft)).content.decode()

        assert f'<label class="form-label small mb-1" for="id_note-{item.skill_id}">' in html
        assert f'<label class="form-label small mb-1" for="id_evidence-{item.skill_id}">' in html
        assert html.count('maxlength="500"') == 8  # a note and a link for each of 4 skills

    def test_stored_ratings_notes_and_evidence_are_filled_in(self, client_as, user, draft):
        skill_id = client_as(user).get(_url(draft)).context["page"].items[0].skill_id
        services.save_ratings(
            assessment=draft, ratings={skill_id: (4, "Daily work", "https://x.org/a")}
        )

        html = client_as(user).get(_url(draft)).content.decode()

        assert f'value="4" class="form-check-input" id="id_skill-{skill_id}_4" checked' in html
        assert "Daily work</textarea>" in html
        assert 'value="https://x.org/a"' in html

    def test_it_has_next_and_save_buttons_but_no_back_on_the_first_step(
        self, client_as, user, draft
    ):
        html = client_as(user).get(_url(draft)).content.decode()

        assert 'name="action" value="next"' in html
        assert 'name="action" value="save"' in html
        assert 'name="action" value="back"' not in html
        assert 'name="action" value="submit"' not in html

    def test_scripts_are_files_not_inline(self, client_as, user, draft):
        html = client_as(user).get(_url(draft)).content.decode()

        assert 'src="/static/js/rating.js"' in html
        assert 'src="/static/js/readiness-range.js"' in html
        assert "<script>" not in html
        assert "style=" not in html


class TestSaveDraft:
    def test_it_stores_the_ratings_and_returns_to_the_form(
        self, client_as, user, draft, rating_data
    ):
        first = _skills(draft.rung)[0]
        data = rating_data(draft.rung, level=2, **{f"note-{first.skill_id}": "Used it at work"})

        response = client_as(user).post(_url(draft), data)

        assert response.status_code == 302
        assert response.url.startswith(_url(draft) + "?step=")
        assert _stored(draft)[first.skill_id] == (2, "Used it at work")
        assert {level for level, _ in _stored(draft).values()} == {2}

    def test_it_says_the_draft_was_saved(self, client_as, user, draft, rating_data):
        response = client_as(user).post(_url(draft), rating_data(draft.rung), follow=True)

        assert b"Draft saved: 4 of 4 skills rated." in response.content

    def test_saving_with_unrated_skills_is_fine(self, client_as, user, draft, rating_data):
        first = _skills(draft.rung)[0]

        response = client_as(user).post(
            _url(draft), rating_data(draft.rung, level=None, **{f"skill-{first.skill_id}": "1"})
        )

        assert response.status_code == 302
        assert _stored(draft)[first.skill_id] == (1, "")
        assert Assessment.objects.get(pk=draft.pk).status == Assessment.Status.DRAFT

    def test_a_post_without_some_fields_keeps_their_stored_values(self, client_as, user, draft):
        first, second, *_ = _skills(draft.rung)
        RatingFactory(assessment=draft, skill=first.skill, level=4, note="kept")

        client_as(user).post(_url(draft), {"action": "save", f"skill-{second.skill_id}": "1"})

        assert _stored(draft)[first.skill_id] == (4, "kept")
        assert _stored(draft)[second.skill_id] == (1, "")

    def test_a_saved_draft_resumes_after_logging_out_and_in(self, client, user, draft, rating_data):
        client.force_login(user)
        client.post(_url(draft), rating_data(draft.rung, level=None))
        first = _skills(draft.rung)[0]
        client.post(_url(draft), {"action": "save", f"skill-{first.skill_id}": "5"})
        client.logout()

        client.force_login(user)
        html = client.get(_url(draft)).content.decode()

        assert f'id="id_skill-{first.skill_id}_5" checked' in html
        assert "<span data-range-rated>1</span> of 4 skills rated" in html


class TestBadInput:
    """DESIGN §8: invalid values refuse the whole POST, and nothing stored changes."""

    @pytest.fixture
    def stored(self, draft):
        skill = _skills(draft.rung)[0].skill
        RatingFactory(assessment=draft, skill=skill, level=1, note="before")
        return {skill.pk: (1, "before")}

    def _post(self, client, draft, data):
        response = client.post(_url(draft), data)
        assert response.status_code == 422
        return response

    @pytest.mark.parametrize("bad", ["6", "-1", "99"])
    def test_a_rating_outside_0_to_5_is_refused(
        self, client_as, user, draft, rating_data, stored, bad
    ):
        target = _skills(draft.rung)[1]

        response = self._post(
            client_as(user), draft, rating_data(draft.rung, **{f"skill-{target.skill_id}": bad})
        )

        assert response.context["form"].errors[f"skill-{target.skill_id}"] == [
            forms.LEVEL_CHOICE_ERROR
        ]
        assert _stored(draft) == stored

    @pytest.mark.parametrize("bad", ["abc", "3.5", "", "٣"])
    def test_a_rating_that_is_not_a_number_is_refused(
        self, client_as, user, draft, rating_data, stored, bad
    ):
        target = _skills(draft.rung)[1]
        data = rating_data(draft.rung, **{f"skill-{target.skill_id}": bad})

        response = client_as(user).post(_url(draft), data)

        if bad == "":
            # An empty level is "not rated": a valid draft.
            assert response.status_code == 302
        else:
            assert response.status_code == 422
            assert forms.LEVEL_CHOICE_ERROR in response.content.decode()
            assert _stored(draft) == stored

    def test_the_error_is_shown_beside_the_field(self, client_as, user, draft, rating_data, stored):
        target = _skills(draft.rung)[1]

        response = self._post(
            client_as(user), draft, rating_data(draft.rung, **{f"skill-{target.skill_id}": "7"})
        )

        html = response.content.decode()
        assert f'aria-describedby="skill-{target.skill_id}-error"' in html
        assert f'<p class="rating-error" id="skill-{target.skill_id}-error">' in html
        assert f'href="#skill-{target.skill_id}-fieldset"' in html

    def test_an_unknown_skill_is_refused(self, client_as, user, draft, rating_data, stored):
        data = rating_data(draft.rung, **{"skill-999999": "3"})

        response = self._post(client_as(user), draft, data)

        assert "skill-999999" in response.context["form"].non_field_errors()[0]
        assert _stored(draft) == stored

    def test_a_skill_not_on_the_rung_is_refused(self, client_as, user, draft, rating_data, stored):
        foreign = SkillFactory()
        data = rating_data(draft.rung, **{f"note-{foreign.pk}": "sneaky"})

        response = self._post(client_as(user), draft, data)

        assert f"note-{foreign.pk}" in response.content.decode()
        assert _stored(draft) == stored

    def test_a_note_over_500_characters_is_refused(
        self, client_as, user, draft, rating_data, stored
    ):
        target = _skills(draft.rung)[1]
        data = rating_data(draft.rung, **{f"note-{target.skill_id}": "x" * 501})

        response = self._post(client_as(user), draft, data)

        assert response.context["form"].errors[f"note-{target.skill_id}"] == [
            "Notes can be at most 500 characters (this one has 501)."
        ]
        assert _stored(draft) == stored

    def test_a_note_of_exactly_500_characters_is_kept(self, client_as, user, draft, rating_data):
        target = _skills(draft.rung)[1]
        data = rating_data(draft.rung, **{f"note-{target.skill_id}": "x" * 500})

        assert client_as(user).post(_url(draft), data).status_code == 302
        assert _stored(draft)[target.skill_id] == (3, "x" * 500)

    @pytest.mark.parametrize("action", ["", "publish", None])
    def test_an_unknown_action_is_refused(
        self, client_as, user, draft, rating_data, stored, action
    ):
        data = rating_data(draft.rung)
        if action is None:
            del data["action"]
        else:
            data["action"] = action

        response = self._post(client_as(user), draft, data)

        assert forms.ACTION_ERROR in response.content.decode()
        assert _stored(draft) == stored

    def test_everything_typed_is_kept_on_the_refused_form(
        self, client_as, user, draft, rating_data, stored
    ):
        first, second, third, _ = _skills(draft.rung)
        data = rating_data(
            draft.rung,
            level=4,
            **{
                f"skill-{first.skill_id}": "9",
                f"note-{second.skill_id}": "My <b>own</b> words",
                f"note-{third.skill_id}": "y" * 501,
            },
        )

        response = self._post(client_as(user), draft, data)

        form = response.context["form"]
        assert form[f"skill-{second.skill_id}"].value() == "4"
        assert form[f"note-{second.skill_id}"].value() == "My <b>own</b> words"
        assert form[f"note-{third.skill_id}"].value() == "y" * 501
        assert "Nothing was saved" in response.content.decode()


class TestSubmit:
    def test_it_submits_and_goes_to_the_report(self, client_as, user, draft, rating_data):
        response = client_as(user).post(_url(draft), rating_data(draft.rung, action="submit"))

        assert response.status_code == 302
        assert response.url == reverse("assessments:report", args=[draft.public_id])
        draft.refresh_from_db()
        assert draft.is_submitted
        assert draft.snapshot.count() == 4

    def test_unrated_skills_refuse_the_submission_but_keep_the_valid_ratings(
        self, client_as, user, draft, rating_data
    ):
        first, second, *_ = _skills(draft.rung)
        data = rating_data(draft.rung, action="submit", **{f"note-{first.skill_id}": "soon"})
        del data[f"skill-{first.skill_id}"]
        del data[f"skill-{second.skill_id}"]

        response = client_as(user).post(_url(draft), data)

        assert response.status_code == 422
        html = response.content.decode()
        names = sorted([first.skill.name, second.skill.name], key=lambda n: n)
        assert "Still unrated:" in html
        assert all(name in html for name in names)
        assert response.context["page"].is_review
        assert html.count('class="review-unrated"') == 2
        draft.refresh_from_db()
        assert draft.status == Assessment.Status.DRAFT
        assert not draft.snapshot.exists()
        assert _stored(draft)[first.skill_id] == (None, "soon")
        assert sorted(level for level, _ in _stored(draft).values() if level) == [3, 3]

    def test_submitting_twice_makes_one_snapshot_and_redirects_to_the_report(
        self, client_as, user, draft, rating_data
    ):
        client = client_as(user)
        client.post(_url(draft), rating_data(draft.rung, action="submit"))

        response = client.post(_url(draft), rating_data(draft.rung, level=5, action="submit"))

        assert response.status_code == 302
        assert response.url == reverse("assessments:report", args=[draft.public_id])
        assert SubmittedRequirement.objects.filter(assessment=draft).count() == 4
        assert set(draft.snapshot.values_list("rated_level", flat=True)) == {3}

    def test_the_second_submit_says_nothing_changed(self, client_as, user, submitted, rating_data):
        response = client_as(user).post(
            _url(submitted), rating_data(submitted.rung, action="submit"), follow=True
        )

        assert b"already submitted" in response.content


class TestSubmittedAssessment:
    def test_it_renders_read_only_with_links_to_the_report_and_retake(
        self, client_as, user, submitted
    ):
        response = client_as(user).get(_url(submitted))

        html = response.content.decode()
        assert response.status_code == 200
        assert 'type="radio"' not in html
        assert "<textarea" not in html
        assert reverse("assessments:report", args=[submitted.public_id]) in html
        assert f'action="{reverse("assessments:retake", args=[submitted.public_id])}"' in html

    def test_editing_it_is_refused_and_nothing_changes(
        self, client_as, user, submitted, rating_data
    ):
        before = _stored(submitted)

        response = client_as(user).post(
            _url(submitted), rating_data(submitted.rung, level=5), follow=True
        )

        assert response.redirect_chain[-1][0] == reverse(
            "assessments:report", args=[submitted.public_id]
        )
        assert services.SUBMITTED_ERROR.encode() in response.content
        assert _stored(submitted) == before
        assert set(submitted.snapshot.values_list("rated_level", flat=True)) == {2}


class TestRetake:
    def _url(self, assessment) -> str:
        return reverse("assessments:retake", args=[assessment.public_id])

    def test_the_url(self, submitted):
        assert self._url(submitted) == f"/assessments/{submitted.public_id}/retake/"

    def test_it_opens_a_new_draft_prefilled_with_the_last_ratings(self, client_as, user, submitted):
        response = client_as(user).post(self._url(submitted))

        draft = Assessment.objects.drafts().get(owner=user)
        assert response.status_code == 302
        assert response.url == _url(draft)
        assert {level for level, _ in _stored(draft).values()} == {2}
        html = client_as(user).get(_url(draft)).content.decode()
        assert "<span data-range-rated>4</span> of 4 skills rated" in html

    def test_it_needs_a_post(self, client_as, user, submitted):
        assert client_as(user).get(self._url(submitted)).status_code == 405
        assert not Assessment.objects.drafts().exists()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_assessment_is_404(self, client_as, other_user, submitted, method):
        response = getattr(client_as(other_user), method)(self._url(submitted))

        assert response.status_code == 404
        assert not Assessment.objects.drafts().exists()

    def test_anonymous_visitors_are_sent_to_log_in(self, client, submitted):
        response = client.post(self._url(submitted))

        assert response.status_code == 302
        assert not Assessment.objects.drafts().exists()


class TestQueryBudget:
    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_form_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        client = client_as(user)

        # Expect 7 queries, the first time a step is shown (caches cold):
        # * session
        # * user
        # * the assessment's row
        # * its rung and role, for the heading
        # * the assessment's ratings
        # * the rung's requirements with skills and categories (then kept in the cache)
        # * the level descriptions of the step's skills
        with django_assert_num_queries(7):
            client.get(_url(assessment))

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_step_shown_again_costs_only_the_assessments_row(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        client = client_as(user)
        first = client.get(_url(assessment)).content

        # Expect 3 queries: session, user, the assessment's row (its stamp names the
        # rendered step in the cache).
        with django_assert_num_queries(3):
            again = client.get(_url(assessment)).content
        assert _without_csrf(again) == _without_csrf(first)

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_step_after_a_save_queries_only_the_drafts_own_rows(
        self, client_as, user, make_rung, rating_data, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        client = client_as(user)
        client.get(_url(assessment))
        client.post(_url(assessment), rating_data(assessment.rung))

        # Expect 5 queries: session, user, the assessment's row, its rung and role, its
        # ratings (the requirements and level descriptions are in the cache since the
        # first view, for the framework's version).
        with django_assert_num_queries(5):
            client.get(_url(assessment))

    @pytest.mark.parametrize("skills", [10, 60])
    def test_saving_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, rating_data, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        client = client_as(user)
        data = rating_data(assessment.rung)

        # Expect 9 queries (the requirements come from the cache, from either call):
        # * session, user, the assessment's row
        # * stored ratings, to bind the form
        # * the rung's requirements with skills and categories (then kept in the cache)
        # * savepoint; UPDATE the draft's row (status check and lock); one upsert of
        #   every rating; release savepoint
        with django_assert_num_queries(9):
            response = client.post(_url(assessment), data)
        assert response.status_code == 302

    @pytest.mark.parametrize("skills", [10, 60])
    def test_submitting_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, rating_data, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        client = client_as(user)
        data = rating_data(assessment.rung, action="submit")

        # Expect 17 queries:
        # * session, user, the assessment's row
        # * stored ratings and requirements, to bind the form
        # * saving: savepoint, UPDATE the draft's row, upsert, release (the rung's skills
        #   from the cache)
        # * submitting: savepoint; UPDATE the draft's row (lock before reading ratings);
        #   requirements with skills and categories; rated ratings; the conditional UPDATE
        #   out of draft; one INSERT of the snapshot; UPDATE the report stamp of every
        #   assessment of the person (their reports show it); release
        with django_assert_num_queries(17):
            response = client.post(_url(assessment), data)
        assert response.status_code == 302

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_submitted_assessment_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings=dict.fromkeys(ids, (2, "")))
        client = client_as(user)

        # Expect 7 queries:
        # * session
        # * user
        # * the assessment's row, which says it is submitted
        # * the assessment with its rung and role
        # * the snapshot
        # * the owner's hours per week
        # * the reviewers' ratings
        with django_assert_num_queries(7):
            response = client.get(_url(assessment))
        assert response.content.decode().count('<th scope="row">') == skills

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_retake_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings=dict.fromkeys(ids, (2, "")))
        client = client_as(user)

        # Expect 12 queries:
        # * session, user, the assessment with its rung and role
        # * savepoint; the owner (retake_assessment reads assessment.owner); an open draft of
        #   the rung; savepoint, INSERT the draft, release
        # * the snapshot rows of skills the rung still requires; one INSERT of the ratings;
        #   release
        with django_assert_num_queries(12):
            response = client.post(reverse("assessments:retake", args=[assessment.public_id]))
        assert response.status_code == 302


class TestTemplateEngines:
    # The step's body is Jinja2 (skillgap/jinja2.py); Django's language draws the frame only.
    FRAME = {"assessments/rate.html", "base.html", "includes/nav.html", "includes/messages.html"}

    def test_a_step_renders_its_body_in_jinja2_and_its_frame_in_django(
        self, client_as, user, draft, templates_rendered
    ):
        client_as(user).get(_url(draft))

        assert templates_rendered["jinja2"] == ["assessments/rating_step.html"]
        assert set(templates_rendered["django"]) == self.FRAME

    def test_a_refused_save_and_the_review_render_the_same_way(
        self, client_as, user, draft, templates_rendered
    ):
        client = client_as(user)
        review = len(client.get(_url(draft)).context["page"].steps)
        templates_rendered["jinja2"].clear()

        client.post(_url(draft), {"step": "1", "action": "dance"})
        client.get(f"{_url(draft)}?step={review}")

        assert templates_rendered["jinja2"] == ["assessments/rating_step.html"] * 2
        assert set(templates_rendered["django"]) == self.FRAME
