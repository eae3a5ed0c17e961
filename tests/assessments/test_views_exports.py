from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from assessments import services
from assessments.models import Profile
from assessments.report import exports
from careers.models import Rung, Skill
from tests.factories import AssessmentFactory, RatingFactory


def _csv_url(assessment) -> str:
    return reverse("assessments:report_csv", args=[assessment.public_id])


def _json_url(assessment) -> str:
    return reverse("assessments:report_json", args=[assessment.public_id])


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_urls_are_part_of_the_contract(submitted):
    assert _csv_url(submitted) == f"/assessments/{submitted.public_id}/report.csv"
    assert _json_url(submitted) == f"/assessments/{submitted.public_id}/report.json"


class TestAccess:
    @pytest.mark.parametrize("url", [_csv_url, _json_url])
    def test_anonymous_visitors_are_sent_to_log_in(self, client, submitted, url):
        response = client.get(url(submitted))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("url", [_csv_url, _json_url])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_other_users_exports_are_404(self, client_as, other_user, submitted, url, method):
        response = getattr(client_as(other_user), method)(url(submitted))

        assert response.status_code == 404

    @pytest.mark.parametrize("suffix", ["report.csv", "report.json"])
    def test_an_unknown_assessment_is_404(self, client_as, user, suffix):
        response = client_as(user).get(f"/assessments/{uuid.uuid4()}/{suffix}")

        assert response.status_code == 404


class TestCsv:
    def test_it_is_an_attachment_with_a_filename(self, client_as, user, submitted):
        response = client_as(user).get(_csv_url(submitted))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        date = submitted.submitted_at.date().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="skillgap-{submitted.rung.slug}-{date}.csv"'
        )

    def test_it_has_a_header_and_one_row_per_requirement(self, client_as, user, submitted):
        rows = _rows(client_as(user).get(_csv_url(submitted)))

        assert rows[0] == list(exports.CSV_HEADER)
        assert len(rows) == 1 + 4
        first = dict(zip(rows[0], rows[1], strict=True))
        snapshot = submitted.snapshot.get(skill_name=first["skill"])
        assert first == {
            "skill": snapshot.skill_name,
            "category": snapshot.category_name,
            "required": "3",
            "rated": "2",
            "gap": "1",
            "surplus": "0",
            "weighted_gap": "3",
            "importance": "3",
            "status": "close",
            "blocking": "no",
            "evidence": "",
        }

    def test_it_carries_the_evidence_link_of_each_rating(self, client_as, user, draft):
        first = draft.rung.requirements.select_related("skill").first()
        RatingFactory(assessment=draft, skill=first.skill, level=3, evidence="https://x.org/demo")

        rows = _rows(client_as(user).get(_csv_url(draft)))

        by_skill = {row[0]: row[-1] for row in rows[1:]}
        assert by_skill[first.skill.name] == "https://x.org/demo"

    @pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
    def test_cells_that_a_spreadsheet_would_run_are_neutralised(
        self, client_as, user, draft, prefix
    ):
        skill = draft.rung.requirements.first().skill
        Skill.objects.filter(pk=skill.pk).update(name=f'{prefix}HYPERLINK("http://x")')

        rows = _rows(client_as(user).get(_csv_url(draft)))

        assert f'\'{prefix}HYPERLINK("http://x")' in [row[0] for row in rows]

    def test_a_draft_downloads_with_draft_in_its_name(self, client_as, user, draft):
        response = client_as(user).get(_csv_url(draft))

        assert response["Content-Disposition"].endswith(f'{draft.rung.slug}-draft.csv"')


class TestJson:
    def test_it_has_the_design_shape(self, client_as, user, submitted):
        data = client_as(user).get(_json_url(submitted)).json()

        assert set(data) == {
            "assessment",
            "role",
            "rung",
            "status",
            "submitted_at",
            "readiness",
            "ready",
            "items",
            "learning_plan",
            "hours_per_week",
            "weeks_to_ready",
            "next_rungs",
            "reviews",
            "progress",
            "goal",
        }
        assert data["assessment"] == str(submitted.public_id)
        assert data["role"] == submitted.rung.role.slug
        assert data["rung"] == submitted.rung.title
        assert data["status"] == "submitted"
        assert data["submitted_at"] == submitted.submitted_at.isoformat()
        assert data["readiness"] == pytest.approx(200 / 3)
        assert data["ready"] is False
        # Four skills required at 3 with importance 3, all rated 2, and no learning steps in
        # the framework: a generic practice step of 10 hours per level of gap for each,
        # 40 hours in all; none blocks (importance 3 < 4). At 5 hours a week: 40 / 5 = 8.
        assert [step["hours"] for step in data["learning_plan"]] == [10, 10, 10, 10]
        skill = Skill.objects.get(name=data["items"][0]["skill"])
        assert data["learning_plan"][0] == {
            "skill": skill.name,
            "key": f"practise:{skill.pk}",
            "state": "todo",
            "title": f"Work on “{data['items'][0]['skill']}” until you reach Proficient",
            "kind": "practice",
            "hours": 10,
            "url": "",
            "target_level": 3,
            "generic": True,
        }
        assert data["hours_per_week"] == 5
        assert data["weeks_to_ready"] == {"blocking": 0, "all": 8}
        assert data["next_rungs"] == []
        assert data["goal"] is None

    def test_items_come_in_priority_order_with_every_field(self, client_as, user, draft):
        first = draft.rung.requirements.select_related("skill__category").first()
        RatingFactory(assessment=draft, skill=first.skill, level=3, evidence="https://x.org/a")

        items = client_as(user).get(_json_url(draft)).json()["items"]

        assert [item["rated"] for item in items] == [0, 0, 0, 3]
        assert items[-1] == {
            "skill": first.skill.name,
            "category": first.skill.category.name,
            "required": 3,
            "rated": 3,
            "gap": 0,
            "surplus": 0,
            "weighted_gap": 0,
            "importance": 3,
            "status": "meets",
            "blocking": False,
            "evidence": "https://x.org/a",
        }

    def test_a_draft_has_no_submission_time(self, client_as, user, draft):
        data = client_as(user).get(_json_url(draft)).json()

        assert (data["status"], data["submitted_at"]) == ("draft", None)

    def test_hours_per_week_come_from_the_profile(self, client_as, user, submitted):
        Profile.objects.create(user=user, hours_per_week=10)

        assert client_as(user).get(_json_url(submitted)).json()["hours_per_week"] == 10


class TestQueryBudget:
    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_csv_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        client = client_as(user)

        # Expect 5 queries:
        # * session
        # * user
        # * the assessment with its rung and role and the owner's hours per week (the cache
        #   key: the rest of it is on the assessment's row)
        # * the snapshot
        # * the reviewers' ratings
        with django_assert_num_queries(5):
            response = client.get(_csv_url(assessment))
        assert response.status_code == 200
        assert len(_rows(response)) == skills + 1

    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_json_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        client = client_as(user)

        # Expect 14 queries:
        # * session
        # * user
        # * the assessment with its rung and role and the owner's hours per week (the cache
        #   key: the rest of it is on the assessment's row)
        # * the snapshot
        # * the reviewers' ratings
        # * learning steps of the skills with a gap
        # * the person's submitted assessments of this rung (trend, previous)
        # * the person's ratings submitted in other assessments (fallback, change)
        # * the rung index, built once per framework version: every rung, every requirement
        # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
        # * their requirements, with the skills' slugs and names
        # * the person's plan step states
        # * their goal for the rung
        with django_assert_num_queries(14):
            response = client.get(_json_url(assessment))
        assert response.status_code == 200
        assert len(response.json()["items"]) == skills

    @pytest.mark.parametrize("skills", [10, 60])
    @pytest.mark.parametrize("name", ["csv", "json"])
    def test_a_second_download_costs_the_same_for_10_or_60_skills(
        self, client_as, user, make_rung, name, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        url = _csv_url(assessment) if name == "csv" else _json_url(assessment)
        client = client_as(user)
        client.get(url)

        # Expect 3 queries:
        # * session
        # * user
        # * the assessment with the owner's hours per week (the key; the rest is on the row)
        with django_assert_num_queries(3):
            response = client.get(url)
        assert response.status_code == 200


class TestPlanClosesEveryGap:
    """Issue 23's repro on the shipped framework: Data Scientist with R 1, Statistics 2,
    Regression Models 2 and Data Analysis 3, every other skill at 5."""

    @pytest.fixture
    def data_scientist(self, user):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "careers.json"), verbosity=0)
        rung = Rung.objects.get(slug="data-scientist")
        low = {"R": 1, "Statistics": 2, "Regression Models": 2, "Data Analysis": 3}
        ratings = {
            req.skill_id: (low.get(req.skill.name, 5), "")
            for req in rung.requirements.select_related("skill")
        }
        assessment = services.start_assessment(owner=user, rung=rung)
        services.submit_assessment(assessment=assessment, ratings=ratings)
        return assessment

    def test_each_gap_ends_at_its_required_level_with_practice_for_the_rest(
        self, client_as, user, data_scientist
    ):
        data = client_as(user).get(_json_url(data_scientist)).json()

        last = {step["skill"]: step for step in data["learning_plan"]}
        required = {item["skill"]: item["required"] for item in data["items"] if item["gap"]}
        assert (
            {skill: step["target_level"] for skill, step in last.items()}
            == required
            == {
                "R": 4,
                "Statistics": 5,
                "Regression Models": 5,
                "Data Analysis": 5,
            }
        )
        # The framework's steps stop one level short of each: one level of practice each.
        assert all(step["generic"] and step["hours"] == 10 for step in last.values())

    def test_hours_and_weeks_count_the_practice_steps(self, client_as, user, data_scientist):
        data = client_as(user).get(_json_url(data_scientist)).json()

        # R 30 + 25 + 10, Statistics 20 + 50 + 10, Regression Models 15 + 30 + 10, Data
        # Analysis 30 + 10: 240 hours, all blocking; at 5 hours a week, 48 weeks.
        assert sum(step["hours"] for step in data["learning_plan"]) == 240
        assert data["weeks_to_ready"] == {"blocking": 48, "all": 48}
