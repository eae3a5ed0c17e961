"""Finding roles: the one search behind the catalogue and the rung pickers.

Every test here runs on the database the suite runs on (SQLite here, PostgreSQL in CI);
the few that only PostgreSQL's full-text and trigram search can pass say so and skip
elsewhere.
"""

from __future__ import annotations

import pytest
from django.db import connection

from careers.cache import bump_framework_version
from careers.models import ESCO_SOURCE, Role
from careers.search import search_roles
from careers.selectors import PICKER_LIMIT, RoleCriteria, find_role_ids, find_roles, pick_rungs
from tests.factories import EscoRoleFactory, RoleFactory, RungFactory

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text ranking and trigram typos are PostgreSQL's; SQLite has the plainer match",
)


def _esco_role(name: str, *, alt: str = "", overview: str = "", isco: str = "2511") -> Role:
    overview = overview or f"What a {name} does."
    role = EscoRoleFactory(name=name, overview=overview, alternative_labels=alt, isco_group=isco)
    RungFactory(role=role, order=1, title=name)
    return role


def _hand_made(name: str, *rung_titles: str, overview: str = "") -> Role:
    role = RoleFactory(name=name, overview=overview or "A hand-made ladder.")
    for order, title in enumerate(rung_titles or (name,), start=1):
        RungFactory(role=role, order=order, title=title)
    return role


def _names(roles) -> list[str]:
    return [role.name for role in roles]


@pytest.fixture
def esco_roles():
    """A few of ESCO's occupations with their real alternative labels."""
    return {
        "software developer": _esco_role(
            "software developer", alt="programmer\napplication developer\nsoftware engineer"
        ),
        "data scientist": _esco_role(
            "data scientist", alt="data research scientist\nresearch data scientist"
        ),
        "cosmologist": _esco_role(
            "cosmologist",
            alt="cosmology data scientist\ntheoretical cosmologist",
            overview="Cosmologists study the universe as a whole.",
            isco="2111",
        ),
        "nurse assistant": _esco_role("nurse assistant", isco="5321"),
        "venue programmer": _esco_role("venue programmer", isco="2655"),
    }


class TestWhatMatches:
    def test_an_alternative_label_finds_the_role(self, esco_roles):
        found = _names(search_roles("programmer"))

        assert "software developer" in found

    def test_a_rung_title_finds_its_role(self, esco_roles):
        _hand_made("Data Engineering Expert", "Junior Data Engineer", "Lead Data Engineer")

        assert _names(search_roles("lead data engineer")) == ["Data Engineering Expert"]

    def test_the_description_finds_the_role(self, esco_roles):
        assert "cosmologist" in _names(search_roles("universe"))

    def test_case_does_not_matter(self, esco_roles):
        assert _names(search_roles("DATA SCIENTIST"))[0] == "data scientist"

    def test_unrelated_roles_are_left_out(self, esco_roles):
        assert "nurse assistant" not in _names(search_roles("data scientist"))

    def test_text_that_matches_nothing_finds_nothing(self, esco_roles):
        assert list(search_roles("zzzqqq")) == []

    def test_blank_text_lists_every_role_hand_made_first_then_by_name(self, esco_roles):
        _hand_made("Data Issue Manager")

        found = _names(search_roles("   "))

        assert found[0] == "Data Issue Manager"
        assert found[1:] == sorted(found[1:])

    def test_characters_like_sql_wildcards_are_plain_text(self, esco_roles):
        assert list(search_roles("%")) == []
        assert list(search_roles("_")) == []


class TestBestMatchFirst:
    def test_the_exact_name_comes_first(self, esco_roles):
        assert _names(search_roles("data scientist"))[0] == "data scientist"

    def test_data_scientist_does_not_rank_cosmologist_alongside_it(self, esco_roles):
        found = _names(search_roles("data scientist"))

        # Cosmologist answers only through "cosmology data scientist": last, not second.
        assert found.index("data scientist") == 0
        assert found[-1] == "cosmologist"

    def test_an_exact_alternative_label_beats_a_name_that_merely_contains_the_text(
        self, esco_roles
    ):
        found = _names(search_roles("programmer"))

        assert found.index("software developer") < found.index("venue programmer")

    def test_a_hand_made_role_comes_before_an_imported_one_on_equal_footing(self, esco_roles):
        _hand_made("AI Engineering", "Data Scientist")

        assert _names(search_roles("data scientist"))[:2] == ["AI Engineering", "data scientist"]


@needs_postgresql
class TestOnPostgresql:
    def test_a_typo_in_the_name_still_finds_the_role(self, esco_roles):
        assert _names(search_roles("sofware developer"))[0] == "software developer"

    def test_a_typo_in_an_alternative_label_still_finds_the_role(self, esco_roles):
        assert "software developer" in _names(search_roles("programer"))

    def test_a_typo_ranks_the_closest_name_first(self, esco_roles):
        assert _names(search_roles("data scientst"))[0] == "data scientist"

    def test_english_stemming_finds_plural_words(self, esco_roles):
        assert "software developer" in _names(search_roles("software developers"))


class TestFilters:
    def test_source_esco_keeps_imported_roles_only(self, esco_roles):
        _hand_made("Data Issue Manager")

        found = _names(find_roles(RoleCriteria(source=ESCO_SOURCE)))

        assert "Data Issue Manager" not in found
        assert len(found) == len(esco_roles)

    def test_source_seed_keeps_hand_made_roles_only(self, esco_roles):
        _hand_made("Data Issue Manager")

        assert _names(find_roles(RoleCriteria(source="seed"))) == ["Data Issue Manager"]

    def test_group_keeps_the_isco_major_group(self, esco_roles):
        found = _names(find_roles(RoleCriteria(group=5)))

        assert found == ["nurse assistant"]

    def test_filters_and_search_combine(self, esco_roles):
        found = _names(find_roles(RoleCriteria(text="scientist", group=2)))

        assert found == ["data scientist", "cosmologist"]


class TestCachedSearches:
    def test_a_search_is_kept_until_the_framework_changes(
        self, esco_roles, django_assert_num_queries
    ):
        criteria = RoleCriteria(text="data scientist")
        first = find_role_ids(criteria)

        # Expect no query: the ids are in the cache for this framework version.
        with django_assert_num_queries(0):
            assert find_role_ids(criteria) == first

    def test_an_edit_of_the_framework_makes_the_search_anew(self, esco_roles):
        criteria = RoleCriteria(text="data scientist")
        find_role_ids(criteria)
        newcomer = _hand_made("Data Scientist Ladder")
        bump_framework_version()  # as every admin save and import does

        assert newcomer.pk in find_role_ids(criteria)


class TestRungPickers:
    def test_a_picker_lists_at_most_the_limit(self, db):
        for n in range(30):
            _hand_made(f"Analyst role {n}", f"Junior analyst {n}", f"Senior analyst {n}")

        assert len(pick_rungs("analyst")) == PICKER_LIMIT

    def test_a_picker_keeps_each_ladder_in_order_best_role_first(self, esco_roles):
        _hand_made("Data Work", "Data Junior", "Data Senior")

        titles = [rung.title for rung in pick_rungs("data scientist")]

        assert titles[0] == "data scientist"
        ladder = [rung.title for rung in pick_rungs("data work")]
        assert ladder == ["Data Junior", "Data Senior"]

    def test_archived_rungs_are_never_offered(self, esco_roles):
        esco_roles["data scientist"].rungs.update(archived=True)

        assert [rung.title for rung in pick_rungs("data scientist")] == ["cosmologist"]

    def test_without_a_search_a_picker_offers_the_hand_made_ladders(self, esco_roles):
        _hand_made("Data Issue Manager", "Data Issue Analyst", "Data Issue Lead")

        titles = [rung.title for rung in pick_rungs("")]

        assert titles == ["Data Issue Analyst", "Data Issue Lead"]

    def test_a_role_asked_for_by_slug_offers_its_rungs_imported_or_not(self, esco_roles):
        slug = esco_roles["nurse assistant"].slug

        assert [rung.title for rung in pick_rungs("", role_slug=slug)] == ["nurse assistant"]

    def test_an_unknown_role_slug_is_as_if_none_was_given(self, esco_roles):
        _hand_made("Data Issue Manager")

        titles = [rung.title for rung in pick_rungs("", role_slug="no-such-role")]

        assert titles == ["Data Issue Manager"]
