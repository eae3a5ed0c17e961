"""The public catalogue: home page, role ladders and the health check."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from careers.cache import FRAMEWORK_VERSION_KEY, bump_framework_version
from careers.search import MAX_QUERY_LENGTH
from careers.selectors import NO_SALARY_BAND, format_salary_band
from careers.views import HOME_BODY_KEY
from tests.factories import (
    LearningStepFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def _build_role(*, rungs: int, skills: int, slug: str = "ml-engineer"):
    """A role whose every rung requires every skill, each skill with a learning step,
    and each rung linked to the next one and to a rung of another role."""
    role = RoleFactory(slug=slug, name=f"Role {slug}")
    elsewhere = RungFactory(title=f"Elsewhere {slug}", slug=f"elsewhere-{slug}")
    categories = [SkillCategoryFactory(), SkillCategoryFactory()]
    skill_rows = [SkillFactory(category=categories[i % 2]) for i in range(skills)]
    ladder = [RungFactory(role=role, order=order) for order in range(1, rungs + 1)]
    for lower, upper in itertools.pairwise(ladder):
        lower.next_rungs.add(upper, elsewhere)
    for rung in ladder:
        for skill in skill_rows:
            RequirementFactory(rung=rung, skill=skill, level=min(rung.order, 5), importance=4)
    for skill in skill_rows:
        LearningStepFactory(skill=skill)
    return role


class TestHome:
    def test_home_lists_every_role_with_its_rungs_and_ladder_link(self, client):
        role = RoleFactory(name="Data Issue Manager", slug="data-issue-manager")
        RungFactory(role=role, order=1, title="Data Issue Analyst")
        RungFactory(role=role, order=2, title="Data Issue Lead")

        response = client.get("/")

        assert response.status_code == 200
        assert 'id="roles"' in response.text
        assert "Data Issue Manager" in response.text
        assert "2 rungs" in response.text
        assert response.text.index("Data Issue Analyst") < response.text.index("Data Issue Lead")
        assert 'href="/roles/data-issue-manager/"' in response.text

    def test_home_explains_the_proficiency_scale(self, client):
        response = client.get(reverse("careers:home"))

        for name in ("None", "Awareness", "Foundational", "Proficient", "Advanced", "Expert"):
            assert name in response.text
        assert "Sets direction, recognised authority" in response.text

    def test_home_invites_visitors_to_sign_up(self, client):
        response = client.get(reverse("careers:home"))

        assert reverse("account_signup") in response.text

    def test_home_invites_signed_in_people_to_start_an_assessment(self, client_as, user):
        response = client_as(user).get(reverse("careers:home"))

        assert reverse("assessments:new") in response.text
        assert 'href="' + reverse("account_signup") + '"' not in response.text

    def test_home_runs_three_queries_however_many_roles(self, client, django_assert_num_queries):
        _build_role(rungs=3, skills=2, slug="a")
        _build_role(rungs=6, skills=2, slug="b")

        # Expect 3 queries:
        # * how many roles (the pages)
        # * this page's roles
        # * their rungs (prefetch)
        with django_assert_num_queries(3):
            client.get(reverse("careers:home"))

    @pytest.mark.parametrize("roles", [1, 10])
    def test_a_repeat_visit_to_home_runs_no_query(self, client, roles, django_assert_num_queries):
        for _ in range(roles):
            role = RoleFactory()
            for order in range(1, 4):
                RungFactory(role=role, order=order)
        client.get(reverse("careers:home"))

        # Expect no query: the catalogue is kept until the framework changes.
        with django_assert_num_queries(0):
            response = client.get(reverse("careers:home"))
        assert response.text.count('class="card h-100 role-card"') == roles

    def test_home_follows_an_edit_of_the_framework(self, client):
        client.get(reverse("careers:home"))
        RoleFactory(name="Analytics Engineer")
        bump_framework_version()  # as every admin save and import does

        response = client.get(reverse("careers:home"))

        assert "Analytics Engineer" in response.text

    def test_a_kept_home_page_shows_visitors_and_signed_in_people_their_own_invitation(
        self, client_as, user
    ):
        Client().get(reverse("careers:home"))
        signed_in = client_as(user).get(reverse("careers:home")).text
        visitor = Client().get(reverse("careers:home")).text

        assert reverse("assessments:new") in signed_in
        assert 'href="' + reverse("account_signup") + '"' not in signed_in
        assert 'href="' + reverse("account_signup") + '"' in visitor

    def test_a_repeat_visit_to_home_reads_the_cache_once(self, client, monkeypatch):
        client.get(reverse("careers:home"))
        shared = caches["default"]
        many, single = [], []
        monkeypatch.setattr(shared, "get_many", _recorded(shared.get_many, many))
        monkeypatch.setattr(shared, "get", _recorded(shared.get, single))

        client.get(reverse("careers:home"))

        # One read: the body, and the framework version it must have been built from (the
        # in-memory cache of the tests answers it key by key, through `get`).
        assert len(many) == 1
        assert many[0][0][0] == FRAMEWORK_VERSION_KEY
        assert {args[0] for args in single} <= set(many[0][0])

    def test_a_refused_search_is_not_kept_whole(self, client, monkeypatch):
        shared = caches["default"]
        written = []
        monkeypatch.setattr(shared, "set", _recorded(shared.set, written))

        response = client.get(reverse("careers:home"), {"q": "x" * (MAX_QUERY_LENGTH + 1)})

        assert "at most" in response.text
        assert not [args for args in written if args[0].startswith(HOME_BODY_KEY)]


def _recorded(read, calls):
    def recorded(*args, **kwargs):
        calls.append(args)
        return read(*args, **kwargs)

    return recorded


class TestRoleDetail:
    def test_ladder_path_is_roles_slug(self):
        assert reverse("careers:role_detail", args=["ml-engineer"]) == "/roles/ml-engineer/"

    def test_unknown_role_is_404(self, client):
        response = client.get("/roles/no-such-role/")

        assert response.status_code == 404

    def test_ladder_shows_rungs_in_order_with_anchors(self, client):
        role = RoleFactory(slug="ml")
        RungFactory(role=role, order=2, title="Senior ML Engineer", slug="senior-ml")
        RungFactory(role=role, order=1, title="Junior ML Engineer", slug="junior-ml")

        response = client.get(role.get_absolute_url())

        assert response.status_code == 200
        html = response.text
        assert html.index('id="rung-junior-ml"') < html.index('id="rung-senior-ml"')
        assert html.index("Junior ML Engineer") < html.index("Senior ML Engineer")

    def test_ladder_shows_role_overview_and_responsibilities(self, client):
        role = RoleFactory(overview="Builds learning systems.", responsibilities="Ship models")

        response = client.get(role.get_absolute_url())

        assert "Builds learning systems." in response.text
        assert "Ship models" in response.text

    def test_ladder_of_an_imported_role_credits_esco(self, client):
        role = RoleFactory(source="esco", external_id="http://e/o", source_version="1.1.1")

        response = client.get(role.get_absolute_url())

        assert "ESCO classification v1.1.1, © European Union" in response.text

    def test_ladder_of_a_typed_in_role_credits_no_source(self, client):
        response = client.get(RoleFactory().get_absolute_url())

        assert "source-credit" not in response.text

    def test_ladder_shows_rung_summary_and_responsibilities(self, client):
        rung = RungFactory(summary="Owns small models.", responsibilities="Clean data\nTrain")

        response = client.get(rung.role.get_absolute_url())

        assert "Owns small models." in response.text
        assert "<li>Clean data</li>" in response.text
        assert "<li>Train</li>" in response.text

    def test_ladder_shows_salary_band_or_says_none_is_published(self, client):
        role = RoleFactory()
        RungFactory(role=role, order=1, salary_min=113992, salary_max=115458)
        RungFactory(role=role, order=2, salary_min=None, salary_max=None)

        response = client.get(role.get_absolute_url())

        assert "$113,992 \N{EN DASH} $115,458" in response.text
        assert NO_SALARY_BAND in response.text

    def test_matrix_cell_shows_level_and_importance_with_long_form(self, client):
        rung = RungFactory()
        skill = SkillFactory(name="PyTorch")
        RequirementFactory(rung=rung, skill=skill, level=3, importance=5)

        response = client.get(rung.role.get_absolute_url())

        assert "<table" in response.text
        assert '<caption id="matrix-caption">' in response.text
        assert '<th scope="col" class="matrix-rung-col">' in response.text
        assert "L3 \N{MIDDLE DOT} I5" in response.text
        assert "Level 3 (Proficient), importance 5" in response.text
        assert '<th scope="row" class="matrix-skill-col">PyTorch</th>' in response.text

    def test_matrix_groups_skills_by_category(self, client):
        rung = RungFactory()
        maths = SkillCategoryFactory(name="Mathematics", order=2)
        code = SkillCategoryFactory(name="Programming", order=1)
        RequirementFactory(rung=rung, skill=SkillFactory(name="Statistics", category=maths))
        RequirementFactory(rung=rung, skill=SkillFactory(name="Python", category=code))

        html = client.get(rung.role.get_absolute_url()).text

        assert html.index("Programming") < html.index("Python") < html.index("Mathematics")
        assert html.index("Mathematics") < html.index("Statistics")

    def test_matrix_leaves_a_cell_empty_when_a_rung_does_not_require_the_skill(self, client):
        role = RoleFactory()
        junior = RungFactory(role=role, order=1)
        senior = RungFactory(role=role, order=2)
        RequirementFactory(rung=junior, skill=SkillFactory(), level=2, importance=2)
        RequirementFactory(rung=senior, skill=SkillFactory(), level=4, importance=3)

        html = client.get(role.get_absolute_url()).text

        assert html.count("matrix-cell-empty") == 2

    def test_ladder_links_next_rungs_to_their_role_page_anchor(self, client):
        junior = RungFactory(slug="junior-ml")
        senior = RungFactory(role=junior.role, slug="senior-ml", title="Senior ML Engineer")
        scientist = RungFactory(slug="research-scientist", title="AI Research Scientist")
        junior.next_rungs.add(senior, scientist)

        html = client.get(junior.role.get_absolute_url()).text

        assert f'href="{junior.role.get_absolute_url()}#rung-senior-ml"' in html
        assert f'href="{scientist.role.get_absolute_url()}#rung-research-scientist"' in html
        assert f"({scientist.role.name})" in html

    def test_ladder_lists_learning_steps_of_the_roles_skills(self, client):
        requirement = RequirementFactory(skill=SkillFactory(name="Spark"))
        LearningStepFactory(
            skill=requirement.skill,
            title="Spark documentation",
            kind="reading",
            hours=6,
            target_level=2,
            url="https://spark.apache.org/docs/latest/",
        )
        LearningStepFactory(skill=requirement.skill, title="Build a pipeline", url="")
        LearningStepFactory(title="A step of a skill this role does not need")

        html = client.get(requirement.rung.role.get_absolute_url()).text

        assert '<a href="https://spark.apache.org/docs/latest/" rel="noopener">' in html
        assert "Reading \N{MIDDLE DOT} 6 hours \N{MIDDLE DOT} to level 2 (Foundational)" in html
        assert "<span>Build a pipeline</span>" in html
        assert "A step of a skill this role does not need" not in html

    def test_ladder_offers_to_start_an_assessment_for_the_role(self, client):
        role = RoleFactory(slug="data-engineer-azure")

        html = client.get(role.get_absolute_url()).text

        assert f'href="{reverse("assessments:new")}?role=data-engineer-azure"' in html

    def test_ladder_query_count_does_not_grow_with_rungs_or_skills(
        self, client, django_assert_num_queries
    ):
        small = _build_role(rungs=3, skills=10, slug="small")
        large = _build_role(rungs=6, skills=40, slug="large")

        # Expect 6 queries, with 3 rungs and 10 skills as with 6 rungs and 40:
        # * the role by slug
        # * its rungs in ladder order
        # * their next rungs, with roles (prefetch)
        # * their previous rungs, with roles (prefetch)
        # * the requirements, with skill and category
        # * the learning steps of the role's skills
        with django_assert_num_queries(6):
            small_response = client.get(small.get_absolute_url())
        with django_assert_num_queries(6):
            large_response = client.get(large.get_absolute_url())

        assert small_response.text.count('<th scope="row"') == 10
        assert large_response.text.count('<th scope="row"') == 40
        assert large_response.text.count("L5 \N{MIDDLE DOT} I4") == 2 * 40

    @pytest.mark.parametrize("next_rungs", [1, 10])
    def test_ladder_query_count_does_not_grow_with_next_rungs(
        self, client, next_rungs, django_assert_num_queries
    ):
        role = _build_role(rungs=2, skills=10)
        first = role.rungs.order_by("order").first()
        first.next_rungs.add(*(RungFactory() for _ in range(next_rungs)))

        # Expect 6 queries, as in the test above, however many rungs are linked
        with django_assert_num_queries(6):
            response = client.get(role.get_absolute_url())
        assert response.text.count('class="rung-link"') == next_rungs + 1 + 2  # + the pair

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_repeat_visit_to_a_ladder_runs_no_query(
        self, client, skills, django_assert_num_queries
    ):
        role = _build_role(rungs=3, skills=skills)
        client.get(role.get_absolute_url())

        # Expect no query: the ladder, with the role's name, is kept in the cache until the
        # framework changes, and a slug kept under the current version names a live role.
        with django_assert_num_queries(0):
            response = client.get(role.get_absolute_url())
        assert response.text.count('<th scope="row"') == skills

    def test_a_repeat_visit_signed_in_runs_only_the_session_queries(
        self, client_as, user, django_assert_num_queries
    ):
        role = _build_role(rungs=3, skills=10)
        client = client_as(user)
        client.get(role.get_absolute_url())

        # Expect 2 queries:
        # * session
        # * user (the navigation shows who is signed in)
        with django_assert_num_queries(2):
            client.get(role.get_absolute_url())

    def test_a_kept_ladder_shows_each_person_their_own_navigation(
        self, client, client_as, user, other_user
    ):
        role = _build_role(rungs=2, skills=3)
        client.get(role.get_absolute_url())

        alices = client_as(user).get(role.get_absolute_url()).text
        bobs = client_as(other_user).get(role.get_absolute_url()).text

        assert user.email in alices
        assert user.email not in bobs
        assert other_user.email in bobs

    def test_the_ladder_follows_an_edit_of_the_framework(self, client):
        requirement = RequirementFactory(level=2, importance=3)
        url = requirement.rung.role.get_absolute_url()
        client.get(url)
        requirement.level = 4
        requirement.save()
        bump_framework_version()  # as every admin save and import does

        html = client.get(url).text

        assert "L4 \N{MIDDLE DOT} I3" in html
        assert "L2 \N{MIDDLE DOT} I3" not in html


class TestSalaryBand:
    @pytest.mark.parametrize(
        ("salary_min", "salary_max", "expected"),
        [
            (113992, 115458, "$113,992 \N{EN DASH} $115,458"),
            (90000, None, "From $90,000"),
            (None, 150000, "Up to $150,000"),
            (None, None, NO_SALARY_BAND),
        ],
    )
    def test_salary_band_reads_as_dollars(self, salary_min, salary_max, expected):
        assert format_salary_band(salary_min, salary_max) == expected


class TestHealthz:
    def test_healthz_answers_ok_as_plain_text(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        assert response.content == b"ok"

    def test_healthz_runs_one_query(self, client, django_assert_num_queries):
        # Expect 1 query:
        # * SELECT 1
        with django_assert_num_queries(1):
            client.get(reverse("careers:healthz"))


def test_a_deleted_role_is_404_once_the_framework_version_moves(client, db):
    role = _build_role(rungs=2, skills=3, slug="gone")
    client.get(role.get_absolute_url())

    role.delete()
    bump_framework_version()  # as every admin delete does

    assert client.get("/roles/gone/").status_code == 404
