"""The rating form in steps (DESIGN.md §9): navigation, the review, the range, range.json."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import forms, rating_page, views
from assessments.models import Rating
from assessments.steps import BLOCKING_STEP_NAME, REVIEW_STEP_NAME
from tests.factories import (
    AssessmentFactory,
    RatingFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)


def _url(assessment, step: int | None = None) -> str:
    url = reverse("assessments:rate", args=[assessment.public_id])
    return url if step is None else f"{url}?step={step}"


@pytest.fixture
def stepped(user):
    """A draft of a rung with 2 blocking-capable skills and 2 categories of 4 others:
    step 1 "Skills that can block", step 2 "Data", step 3 "Soft skills", step 4 the review."""
    rung = RungFactory()
    data, soft = (
        SkillCategoryFactory(name="Data", order=1),
        SkillCategoryFactory(name="Soft skills", order=2),
    )
    skills = {}
    for name, category, level, importance in [
        ("Kubernetes", data, 3, 5),
        ("Python", data, 3, 4),
        ("Airflow", data, 1, 1),
        ("Pandas", data, 1, 1),
        ("SQL", data, 2, 3),
        ("Spark", data, 2, 2),
        ("Communication", soft, 3, 3),
        ("Listening", soft, 1, 1),
        ("Mentoring", soft, 2, 1),
        ("Writing", soft, 1, 1),
    ]:
        skills[name] = SkillFactory(name=name, category=category)
        RequirementFactory(rung=rung, skill=skills[name], level=level, importance=importance)
    return AssessmentFactory(owner=user, rung=rung), skills


def _rate(draft, skill, level, **fields):
    RatingFactory(assessment=draft, skill=skill, level=level, **fields)


class TestSteps:
    def test_steps_are_the_blocking_skills_then_each_category_then_the_review(
        self, client_as, user, stepped
    ):
        draft, _ = stepped

        page = client_as(user).get(_url(draft)).context["page"]

        assert [s.name for s in page.steps] == [
            BLOCKING_STEP_NAME,
            "Data",
            "Soft skills",
            REVIEW_STEP_NAME,
        ]
        assert [item.skill_name for item in page.items] == ["Kubernetes", "Python"]

    def test_the_step_of_skills_that_can_block_says_what_that_means(self, client_as, user, stepped):
        draft, _ = stepped
        client = client_as(user)

        first, second = (client.get(_url(draft, n)).content.decode() for n in (1, 2))

        sentence = "two levels short in any one of them holds you back, however strong the rest."
        assert sentence in first
        assert sentence not in second

    def test_the_step_list_says_how_many_of_each_step_are_rated(self, client_as, user, stepped):
        draft, skills = stepped
        _rate(draft, skills["SQL"], 2)

        html = client_as(user).get(_url(draft)).content.decode()

        assert "rated 0 of 2" in html
        assert "rated 1 of 4" in html
        assert "rated 1 of 10" in html  # the review counts every skill

    def test_get_resumes_at_the_first_step_with_an_unrated_skill(self, client_as, user, stepped):
        draft, skills = stepped
        for name in ("Kubernetes", "Python", "Airflow", "Pandas", "SQL", "Spark"):
            _rate(draft, skills[name], 3)

        page = client_as(user).get(_url(draft)).context["page"]

        assert (page.number, page.name) == (3, "Soft skills")

    def test_get_opens_step_1_when_every_skill_is_rated(self, client_as, user, stepped):
        draft, skills = stepped
        for skill in skills.values():
            _rate(draft, skill, 3)

        assert client_as(user).get(_url(draft)).context["page"].number == 1

    def test_step_n_opens_step_n(self, client_as, user, stepped):
        draft, _ = stepped

        page = client_as(user).get(_url(draft, 2)).context["page"]

        assert [item.skill_name for item in page.items] == ["Airflow", "Pandas", "SQL", "Spark"]
        assert page.steps[1].is_current

    @pytest.mark.parametrize("junk", ["0", "5", "-1", "two", "1e3", "99999999999"])
    def test_a_step_that_does_not_exist_opens_the_resume_step(self, client_as, user, stepped, junk):
        draft, _ = stepped

        response = client_as(user).get(f"{_url(draft)}?step={junk}")

        assert response.status_code == 200
        assert response.context["page"].number == 1


class TestActions:
    @pytest.mark.parametrize(("action", "goes_to"), [("save", 2), ("next", 3), ("back", 1)])
    def test_every_action_saves_the_step_then_goes_where_it_says(
        self, client_as, user, stepped, action, goes_to
    ):
        draft, skills = stepped
        data = {"step": "2", "action": action, f"skill-{skills['SQL'].pk}": "1"}

        response = client_as(user).post(_url(draft), data)

        assert response.status_code == 302
        assert response.url == _url(draft, goes_to)
        assert Rating.objects.get(assessment=draft, skill=skills["SQL"]).level == 1

    def test_next_from_the_last_step_opens_the_review(self, client_as, user, stepped):
        draft, _ = stepped

        response = client_as(user).post(_url(draft), {"step": "3", "action": "next"})

        assert response.url == _url(draft, 4)

    def test_a_refused_value_keeps_the_person_on_the_same_step_with_the_message(
        self, client_as, user, stepped
    ):
        draft, skills = stepped
        data = {
            "step": "2",
            "action": "next",
            f"skill-{skills['SQL'].pk}": "2",
            f"evidence-{skills['Spark'].pk}": "javascript:alert(1)",
        }

        response = client_as(user).post(_url(draft), data)

        assert response.status_code == 422
        page = response.context["page"]
        assert page.number == 2
        spark = next(item for item in page.items if item.skill_name == "Spark")
        assert spark.evidence_error == forms.EVIDENCE_ERROR
        assert spark.evidence_value == "javascript:alert(1)"
        assert next(i for i in page.items if i.skill_name == "SQL").options[2].checked
        assert not Rating.objects.filter(assessment=draft).exists()

    def test_a_refused_value_on_another_step_opens_that_step(self, client_as, user, stepped):
        draft, skills = stepped
        data = {"step": "1", "action": "save", f"skill-{skills['Mentoring'].pk}": "7"}

        response = client_as(user).post(_url(draft), data)

        assert response.status_code == 422
        assert response.context["page"].number == 3

    def test_a_post_of_every_skill_at_once_still_saves_them_all(self, client_as, user, stepped):
        draft, skills = stepped
        data = {"action": "save"} | {f"skill-{s.pk}": "2" for s in skills.values()}

        client_as(user).post(_url(draft), data)

        assert Rating.objects.filter(assessment=draft, level=2).count() == 10

    def test_an_evidence_link_is_stored_with_the_rating(self, client_as, user, stepped):
        draft, skills = stepped
        link = "https://github.com/me/k8s-operator"
        data = {"step": "1", "action": "save", f"evidence-{skills['Kubernetes'].pk}": link}

        client_as(user).post(_url(draft), data)

        assert Rating.objects.get(assessment=draft, skill=skills["Kubernetes"]).evidence == link


class TestReview:
    def test_the_review_lists_every_rating_with_a_link_back_to_its_step(
        self, client_as, user, stepped
    ):
        draft, skills = stepped
        _rate(draft, skills["SQL"], 4, note="Daily", evidence="https://example.org/q")

        response = client_as(user).get(_url(draft, 4))

        html = response.content.decode()
        groups = response.context["page"].review
        assert [g.step.name for g in groups] == [BLOCKING_STEP_NAME, "Data", "Soft skills"]
        assert sum(len(g.rows) for g in groups) == 10
        assert f'href="{_url(draft, 2)}"' in html
        assert "4 Advanced" in html
        assert 'href="https://example.org/q" rel="noopener noreferrer nofollow"' in html
        assert html.count("Not rated yet") == 9

    def test_the_review_submits(self, client_as, user, stepped):
        html = client_as(user).get(_url(stepped[0], 4)).content.decode()

        assert 'name="action" value="submit"' in html
        assert 'name="action" value="back"' in html


class TestBackToTheReview:
    def test_not_rated_yet_on_the_review_opens_its_step_on_the_way_back(
        self, client_as, user, stepped
    ):
        draft, _ = stepped

        html = client_as(user).get(_url(draft, 4)).content.decode()

        assert f'<a href="{_url(draft, 2)}&amp;return=review">Not rated yet</a>' in html

    def test_a_step_opened_from_the_review_carries_the_way_back_in_its_form(
        self, client_as, user, stepped
    ):
        draft, _ = stepped

        response = client_as(user).get(f"{_url(draft, 2)}&return=review")

        html = response.content.decode()
        assert '<input type="hidden" name="return" value="review">' in html
        assert 'Save and continue<span class="visually-hidden"> to Review and submit' in html

    def test_save_and_continue_from_a_step_opened_from_the_review_returns_to_it(
        self, client_as, user, stepped
    ):
        draft, skills = stepped
        data = {"step": "2", "return": "review", "action": "next"}
        data[f"skill-{skills['SQL'].pk}"] = "1"

        response = client_as(user).post(_url(draft), data)

        assert response.url == _url(draft, 4)
        assert Rating.objects.get(assessment=draft, skill=skills["SQL"]).level == 1

    def test_save_draft_on_the_way_back_stays_on_the_step_and_keeps_the_way(
        self, client_as, user, stepped
    ):
        draft, _ = stepped
        data = {"step": "2", "return": "review", "action": "save"}

        response = client_as(user).post(_url(draft), data)

        assert response.url == f"{_url(draft, 2)}&return=review"

    def test_a_step_opened_otherwise_still_goes_on_to_the_next(self, client_as, user, stepped):
        draft, _ = stepped

        for extra in ({}, {"return": "elsewhere"}):
            response = client_as(user).post(_url(draft), {"step": "2", "action": "next", **extra})

            assert response.url == _url(draft, 3)


class TestRange:
    def test_the_step_shows_the_range_between_low_and_high(self, client_as, user, stepped):
        draft, skills = stepped
        _rate(draft, skills["Kubernetes"], 3)
        # Weights: Kubernetes 15, Python 12, SQL 6, Spark 4, Communication 9, Mentoring 2,
        # and 1 for each of the other four: 52.

        html = client_as(user).get(_url(draft)).content.decode()

        assert "Between <strong>29%</strong> and <strong>100%</strong>" in html
        assert "Not settled yet" in html

    def test_a_blocking_rating_settles_the_verdict_and_names_the_skill(
        self, client_as, user, stepped
    ):
        draft, skills = stepped
        _rate(draft, skills["Kubernetes"], 1)

        html = client_as(user).get(_url(draft)).content.decode()

        assert "Not ready for this rung whatever the rest: Kubernetes is blocking." in html

    def test_the_verdict_names_five_blocking_skills_at_most_then_how_many_more(
        self, client_as, user, make_rung
    ):
        draft = AssessmentFactory(owner=user, rung=make_rung(8, level=4, importance=5))
        names = list(
            draft.rung.requirements.order_by("skill__name").values_list("skill__name", flat=True)
        )
        for requirement in draft.rung.requirements.all():
            _rate(draft, requirement.skill, 0)

        html = client_as(user).get(_url(draft)).content.decode()

        verdict = html.split("data-range-verdict>")[1].split("</p>")[0]
        assert verdict.count(", ") == 4
        assert verdict.endswith(" and 3 more are blocking.")
        assert sum(name in verdict for name in names) == 5

    def test_the_range_carries_no_target_into_the_visible_page(self, client_as, user, stepped):
        draft, _ = stepped

        page = client_as(user).get(_url(draft)).context["page"]

        assert set(page.range_data) == {"requirements", "ratings"}

    def test_range_json_follows_the_contract(self, client_as, user, stepped):
        draft, skills = stepped
        _rate(draft, skills["Kubernetes"], 3)
        _rate(draft, skills["Mentoring"], 0)

        response = client_as(user).get(reverse("assessments:range_json", args=[draft.public_id]))

        assert response.status_code == 200
        assert response.json() == {
            "rated": 2,
            "total": 10,
            "low": 100 * 15 / 52,
            "high": 100 * 50 / 52,
            "settled": None,
        }

    def test_range_json_is_404_for_someone_else(self, client_as, other_user, stepped):
        url = reverse("assessments:range_json", args=[stepped[0].public_id])

        assert client_as(other_user).get(url).status_code == 404

    def test_range_json_is_literally_at_its_contract_path(self, stepped):
        draft, _ = stepped

        url = reverse("assessments:range_json", args=[draft.public_id])

        assert url == f"/assessments/{draft.public_id}/range.json"


class TestQueryBudget:
    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_step_save_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        step = client_as(user).get(_url(assessment)).context["page"]
        data = {"step": "1", "action": "next"}
        data |= {f"skill-{item.skill_id}": "2" for item in step.items}
        client = client_as(user)

        # Expect 8 queries:
        # * session, user, the assessment's row
        # * stored ratings, to bind the form (the rung's requirements, in form order, are
        #   in the cache since the step was shown; the save checks its skills against them)
        # * savepoint; UPDATE the draft's row (status check and lock); one upsert of the
        #   step's ratings; release savepoint
        with django_assert_num_queries(8):
            response = client.post(_url(assessment), data)
        assert response.status_code == 302

    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_review_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        review = len(client_as(user).get(_url(assessment)).context["page"].steps)
        client = client_as(user)

        # Expect 5 queries: session, user, the assessment's row, its rung and role, its
        # ratings (the requirements are in the cache since the first step was shown).
        with django_assert_num_queries(5):
            client.get(_url(assessment, review))


class TestQuerysetsBuiltOnce:
    def test_each_draft_gets_its_own_rows_and_the_shared_querysets_stay_unevaluated(
        self, client_as, user, stepped, make_rung
    ):
        draft, skills = stepped
        other = AssessmentFactory(owner=user, rung=make_rung(3))
        _rate(other, other.rung.requirements.first().skill, 4)
        client = client_as(user)

        first = client.get(_url(draft, 1)).context["page"]
        client.post(
            _url(draft), {"step": "1", "action": "save", f"skill-{skills['Python'].pk}": "3"}
        )
        second = client.get(_url(other, 1)).context["page"]

        assert [i.skill_name for i in first.items] == ["Kubernetes", "Python"]
        assert {i.skill_id for i in second.items} <= set(
            other.rung.requirements.values_list("skill_id", flat=True)
        )
        assert second.rated == 1
        built_once = [
            views.WITH_RUNG,
            forms._REQUIRED_SKILLS,
            forms._STORED_RATINGS,
            rating_page._LEVEL_DESCRIPTIONS,
        ]
        assert all(queryset._result_cache is None for queryset in built_once)
