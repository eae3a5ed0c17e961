"""The catalogue on the home page at any size: search, filters, pages, names (DESIGN §15)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careers.cache import bump_framework_version
from careers.forms import QUERY_TOO_LONG, RESULTS_ONLY_HEADER, UNKNOWN_GROUP, UNKNOWN_SOURCE
from careers.models import Role
from careers.search import MAX_QUERY_LENGTH
from tests.factories import EscoRoleFactory, RoleFactory, RungFactory

pytestmark = pytest.mark.django_db
URL = "/"


def _esco_role(name: str, *, alt: str = "", isco: str = "2511") -> Role:
    role = EscoRoleFactory(name=name, alternative_labels=alt, isco_group=isco)
    RungFactory(role=role, order=1, title=name)
    return role


def _hand_made(name: str, *rungs: str) -> Role:
    role = RoleFactory(name=name)
    for order, title in enumerate(rungs or (f"{name} rung",), start=1):
        RungFactory(role=role, order=order, title=title)
    return role


def _card_names(html: str) -> list[str]:
    return re.findall(r'class="h5 card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_catalogue_is_the_home_page():
    assert reverse("careers:home") == URL


def test_the_search_is_a_plain_get_form_on_the_home_page(client):
    html = client.get(URL).text

    assert re.search(r'<form method="get" action="/#roles" role="search"', html)
    assert 'name="q"' in html
    assert 'name="source"' in html
    assert 'name="group"' in html


def test_an_alternative_label_finds_the_role(client):
    _esco_role("software developer", alt="programmer\nsoftware engineer")
    _esco_role("nurse assistant", isco="5321")

    html = client.get(URL, {"q": "programmer"}).text

    assert _card_names(html) == ["Software developer"]
    assert "1 role match \u201cprogrammer\u201d" in html


def test_a_role_found_by_another_name_says_which(client):
    _esco_role("software developer", alt="programmer\nsoftware engineer")

    html = client.get(URL, {"q": "Programmer"}).text

    assert "Also called \u201cprogrammer\u201d" in html


def test_the_best_match_comes_first(client):
    _esco_role("cosmologist", alt="cosmology data scientist", isco="2111")
    _esco_role("data scientist")

    assert _card_names(client.get(URL, {"q": "data scientist"}).text) == [
        "Data scientist",
        "Cosmologist",
    ]


def test_without_a_search_hand_made_roles_come_first_then_the_rest_by_name(client):
    _esco_role("zoo keeper", isco="5164")
    _esco_role("actuary", isco="2120")
    _hand_made("Data Issue Manager", "Data Issue Analyst", "Data Issue Lead")

    html = client.get(URL).text

    assert _card_names(html) == ["Data Issue Manager", "Actuary", "Zoo keeper"]
    assert "Data Issue Analyst" in html  # the hand-made ladder, as before


def test_an_imported_role_is_labelled_esco_and_shown_with_a_capital(client):
    _esco_role("data scientist")
    _hand_made("Data Scientist")

    html = client.get(URL).text

    assert '">Data scientist</a> <span class="badge source-label"' in html
    assert re.search(r'">Data Scientist</a></h3>', html)


def test_a_one_rung_role_named_as_its_rung_does_not_repeat_it(client):
    _esco_role("actuary", isco="2120")

    html = client.get(URL).text

    assert "Rungs of Actuary" not in html
    assert "1 rung" not in html


def test_a_page_lists_at_most_50_roles_with_a_link_to_the_next(client):
    for n in range(55):
        _esco_role(f"occupation {n:02}")

    first = client.get(URL).text
    second = client.get(URL, {"page": "2"}).text

    assert len(_card_names(first)) == 50
    assert 'href="/?page=2#roles" rel="next"' in first
    assert _card_names(second) == [f"Occupation {n}" for n in range(50, 55)]
    assert 'href="/?page=1#roles" rel="prev"' in second
    assert "page 2 of 2" in second


def test_page_links_keep_the_search_and_filters(client):
    for n in range(51):
        _esco_role(f"data occupation {n:02}")

    html = client.get(URL, {"q": "data", "source": "esco", "group": "2"}).text

    assert 'href="/?q=data&amp;source=esco&amp;group=2&amp;page=2#roles"' in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999"])
def test_a_page_that_is_not_a_page_shows_the_first(client, page):
    _esco_role("actuary", isco="2120")

    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert _card_names(response.text) == ["Actuary"]


def test_a_page_past_the_last_shows_the_last(client):
    _esco_role("actuary", isco="2120")

    assert _card_names(client.get(URL, {"page": "7"}).text) == ["Actuary"]


def test_source_keeps_hand_made_or_imported_roles(client):
    _esco_role("actuary", isco="2120")
    _hand_made("Data Issue Manager")

    assert _card_names(client.get(URL, {"source": "seed"}).text) == ["Data Issue Manager"]
    assert _card_names(client.get(URL, {"source": "esco"}).text) == ["Actuary"]


def test_group_keeps_one_isco_major_group(client):
    _esco_role("actuary", isco="2120")
    _esco_role("zoo keeper", isco="5164")

    html = client.get(URL, {"group": "5"}).text

    assert _card_names(html) == ["Zoo keeper"]
    assert '<option value="5" selected>Service and sales workers</option>' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("group", "12", UNKNOWN_GROUP), ("source", "onet", UNKNOWN_SOURCE)],
)
def test_a_filter_that_is_not_offered_is_refused_beside_it_and_ignored(
    client, field, value, message
):
    _esco_role("actuary", isco="2120")

    response = client.get(URL, {field: value, "q": "actuary"})

    assert response.status_code == 200
    assert message in response.text
    assert f'id="error_1_id_{field}"' in response.text
    assert _card_names(response.text) == ["Actuary"]
    assert 'value="actuary"' in response.text


def test_a_search_too_long_is_refused_beside_the_box_and_kept(client):
    text = "x" * (MAX_QUERY_LENGTH + 1)

    response = client.get(URL, {"q": text})

    expected = QUERY_TOO_LONG % {"limit_value": MAX_QUERY_LENGTH, "show_value": len(text)}
    assert expected in response.text
    assert f'value="{text}"' in response.text


def test_a_search_that_finds_nothing_says_so(client):
    _esco_role("actuary", isco="2120")

    html = client.get(URL, {"q": "astronaut"}).text

    assert "No role matches \u201castronaut\u201d" in html


@pytest.mark.parametrize("asked", [{"source": "esco"}, {"q": "actuar"}])
def test_a_page_of_roles_is_kept_until_the_framework_changes(
    client, asked, django_assert_num_queries
):
    _esco_role("actuary", isco="2120")
    client.get(URL, asked)

    # Expect no query: the search form and the results are cached per framework version
    # and criteria (a browsing page's or a search's).
    with django_assert_num_queries(0):
        response = client.get(URL, asked)
    assert _card_names(response.text) == ["Actuary"]

    _esco_role("actuarial assistant", isco="3315")
    bump_framework_version()

    assert _card_names(client.get(URL, asked).text) == ["Actuarial assistant", "Actuary"]


def test_the_search_form_shows_each_search_s_own_words(client):
    client.get(URL, {"q": "nurse"})

    html = client.get(URL, {"q": "  nurse  ", "source": "esco"}).text

    assert 'value="  nurse  "' in html
    assert re.search(r'<option value="esco" selected>', html)


def test_a_refused_search_is_never_kept(client):
    too_long = "x" * (MAX_QUERY_LENGTH + 1)
    client.get(URL, {"q": too_long})

    html = client.get(URL, {"q": "nurse"}).text

    assert 'value="nurse"' in html
    assert "Search for at most" not in html


def test_the_results_alone_answer_a_search_as_you_type(client):
    _esco_role("software developer", alt="programmer")

    response = client.get(URL, {"q": "programmer"}, headers={RESULTS_ONLY_HEADER: "1"})

    assert _card_names(response.text) == ["Software developer"]
    assert "<html" not in response.text
    assert 'role="search"' not in response.text
    assert RESULTS_ONLY_HEADER in response["Vary"]


def test_the_whole_page_names_the_header_it_varies_on(client):
    response = client.get(URL, {"q": "programmer"})

    assert "<html" in response.text
    assert RESULTS_ONLY_HEADER in response["Vary"]


def test_the_page_loads_the_search_as_you_type_script_from_a_file(client):
    html = client.get(URL).text

    assert re.search(r'<script src="[^"]*js/live-search(\.[0-9a-f]+)?\.js" defer>', html)
    assert 'data-live-search="role-results"' in html
    assert 'id="role-results"' in html


def test_the_cached_introduction_tells_a_visitor_from_a_signed_in_person(client, user):
    assert "Sign up free" in client.get(URL).text

    client.force_login(user)
    html = client.get(URL).text

    assert "Start an assessment" in html
    assert "Sign up free" not in html
