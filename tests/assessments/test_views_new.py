from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments import forms
from assessments.models import Assessment
from careers.forms import RESULTS_ONLY_HEADER
from tests.factories import AssessmentFactory, EscoRoleFactory, RoleFactory, RungFactory

URL = "/assessments/new/"


def test_the_url_is_part_of_the_contract():
    assert reverse("assessments:new") == URL


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client, rung, method):
    response = getattr(client, method)(URL, {"rung": rung.pk} if method == "post" else None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Assessment.objects.exists()


def test_it_lists_rungs_grouped_by_role_with_summary_and_skill_count(client_as, user, make_rung):
    role = RoleFactory(name="Data Engineer Azure")
    junior = make_rung(5, role=role, title="Junior Data Engineer", summary="Builds pipelines.")
    make_rung(8, role=role, title="Senior Data Engineer")

    html = client_as(user).get(URL).content.decode()

    assert "<legend" in html
    assert "Data Engineer Azure</legend>" in html
    assert "Junior Data Engineer" in html
    assert "Builds pipelines." in html
    assert "5 skills" in html
    assert "8 skills" in html
    assert f'name="rung" value="{junior.pk}"' in html


def test_a_role_in_the_query_string_shows_only_that_role(client_as, user, make_rung):
    chosen = make_rung(2, title="Chosen rung")
    make_rung(2, title="Other rung")

    html = client_as(user).get(URL, {"role": chosen.role.slug}).content.decode()

    assert "Chosen rung" in html
    assert "Other rung" not in html
    assert f'?role={chosen.role.slug}" aria-current="page"' in html


def test_an_unknown_role_in_the_query_string_shows_every_role(client_as, user, make_rung):
    make_rung(2, title="First rung")
    make_rung(2, title="Second rung")

    html = client_as(user).get(URL, {"role": "no-such-role"}).content.decode()

    assert "First rung" in html
    assert "Second rung" in html


def test_a_rung_with_an_open_draft_says_so(client_as, user, draft):
    html = client_as(user).get(URL).content.decode()

    assert "Draft in progress" in html


def test_starting_creates_a_draft_and_opens_it(client_as, user, rung):
    response = client_as(user).post(URL, {"rung": rung.pk})

    assessment = Assessment.objects.get()
    assert (assessment.owner, assessment.rung, assessment.status) == (user, rung, "draft")
    assert response.status_code == 302
    assert response.url == f"/assessments/{assessment.public_id}/"


def test_starting_again_resumes_the_open_draft(client_as, user, draft):
    response = client_as(user).post(URL, {"rung": draft.rung.pk})

    assert response.url == reverse("assessments:rate", args=[draft.public_id])
    assert Assessment.objects.count() == 1


def test_another_persons_draft_is_never_resumed(client_as, user, other_user, rung):
    theirs = AssessmentFactory(owner=other_user, rung=rung)

    response = client_as(user).post(URL, {"rung": rung.pk})

    assert response.url != reverse("assessments:rate", args=[theirs.public_id])
    assert Assessment.objects.filter(owner=user).count() == 1


@pytest.mark.parametrize("rung_id", ["999999", "abc", "-1", "1.5", ""])
def test_a_rung_that_does_not_exist_is_refused_beside_the_field(client_as, user, rung, rung_id):
    response = client_as(user).post(URL, {"rung": rung_id})

    assert response.status_code == 422
    expected = forms.RUNG_REQUIRED_ERROR if rung_id == "" else forms.RUNG_MISSING_ERROR
    assert response.context["form"].errors["rung"] == [expected]
    assert expected in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_missing_rung_is_refused(client_as, user, rung):
    response = client_as(user).post(URL, {})

    assert response.status_code == 422
    assert forms.RUNG_REQUIRED_ERROR in response.content.decode()


def test_extra_fields_are_ignored(client_as, user, other_user, rung):
    client_as(user).post(URL, {"rung": rung.pk, "owner": other_user.pk, "status": "submitted"})

    assessment = Assessment.objects.get()
    assert (assessment.owner, assessment.status) == (user, "draft")


@pytest.mark.parametrize("rungs", [3, 30])
def test_it_costs_the_same_however_many_rungs(
    client_as, user, make_rung, rungs, django_assert_num_queries
):
    role = RoleFactory()
    for _ in range(rungs):
        RungFactory(role=role)
    make_rung(10, role=role)
    client = client_as(user)

    # Expect 6 queries the first time:
    # * session
    # * user
    # * the person's open drafts
    # * the ids of the roles to list (the hand-made ones, at most 50)
    # * their rungs with role and skill count
    # * the hand-made roles, for the side list
    with django_assert_num_queries(6):
        client.get(URL)
    # Then 3 until the framework changes: the choices and the side list are cached.
    with django_assert_num_queries(3):
        client.get(URL)


@pytest.mark.parametrize("past", [1, 20])
def test_it_costs_the_same_for_1_or_20_past_assessments(
    client_as, user, make_rung, past, django_assert_num_queries
):
    for _ in range(past):
        rung = make_rung(3)
        AssessmentFactory(owner=user, rung=rung, status="submitted")
        AssessmentFactory(owner=user, rung=rung)
    client = client_as(user)

    # Expect 6 queries, as in the test above
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.content.decode().count("You have a draft") == past


# ---------------------------------------------------------------- finding a rung (DESIGN §15)


def _esco_rung(make_rung, name: str, *, alt: str = ""):
    role = EscoRoleFactory(name=name, alternative_labels=alt)
    return make_rung(3, role=role, order=1, title=name)


def test_without_a_search_only_the_hand_made_rungs_are_listed(client_as, user, make_rung):
    hand_made = make_rung(3, title="Junior Data Engineer")
    imported = _esco_rung(make_rung, "software developer")

    html = client_as(user).get(URL).text

    assert f'name="rung" value="{hand_made.pk}"' in html
    assert f'name="rung" value="{imported.pk}"' not in html


def test_a_search_finds_an_imported_rung_by_an_alternative_label(client_as, user, make_rung):
    make_rung(3, title="Junior Data Engineer")
    imported = _esco_rung(make_rung, "software developer", alt="programmer")

    html = client_as(user).get(URL, {"q": "programmer"}).text

    assert f'name="rung" value="{imported.pk}"' in html
    assert "Junior Data Engineer" not in html
    assert 'Software developer <span class="badge source-label"' in html
    assert 'name="q" value="programmer"' in html


def test_the_search_is_a_plain_get_form(client_as, user):
    html = client_as(user).get(URL).text

    assert '<form method="get" action="/assessments/new/" role="search"' in html


def test_a_search_that_finds_nothing_says_so(client_as, user, rung):
    html = client_as(user).get(URL, {"q": "astronaut"}).text

    assert "No role matches \u201castronaut\u201d" in html
    assert 'name="rung"' not in html


def test_an_imported_rung_not_listed_can_still_be_started(client_as, user, make_rung):
    imported = _esco_rung(make_rung, "software developer")

    response = client_as(user).post(URL, {"rung": imported.pk})

    assessment = Assessment.objects.get()
    assert response.url == assessment.get_absolute_url()
    assert assessment.rung == imported


def test_a_refused_choice_keeps_the_search(client_as, user, make_rung):
    imported = _esco_rung(make_rung, "software developer", alt="programmer")

    response = client_as(user).post(f"{URL}?q=programmer", {})

    assert response.status_code == 422
    assert f'name="rung" value="{imported.pk}"' in response.text
    assert 'action="/assessments/new/?q=programmer"' in response.text


def test_a_search_too_long_is_refused_beside_the_box(client_as, user, rung):
    text = "x" * 201

    html = client_as(user).get(URL, {"q": text}).text

    assert "Search for at most 200 characters" in html
    assert f'value="{text}"' in html


# ------------------------------------------------------- cached choices, search as you type


def test_a_draft_started_since_the_last_visit_is_marked(client_as, user, rung):
    client = client_as(user)
    client.get(URL)

    client.post(URL, {"rung": rung.pk})

    assert "Draft in progress" in client.get(URL).text


def test_another_persons_drafts_never_show_in_the_cached_choices(client_as, user, other_user, rung):
    AssessmentFactory(owner=other_user, rung=rung)
    client_as(other_user).get(URL)

    assert "Draft in progress" not in client_as(user).get(URL).text


def test_a_refused_choice_is_never_kept_for_the_next_visit(client_as, user, rung):
    client = client_as(user)
    client.post(URL, {"rung": "999999"})

    html = client.get(URL).text

    assert forms.RUNG_MISSING_ERROR not in html
    assert "checked" not in html


def test_the_choices_alone_answer_a_search_as_you_type(client_as, user, make_rung):
    imported = _esco_rung(make_rung, "software developer", alt="programmer")

    response = client_as(user).get(URL, {"q": "programmer"}, headers={RESULTS_ONLY_HEADER: "1"})

    assert f'name="rung" value="{imported.pk}"' in response.text
    assert "<html" not in response.text
    assert "csrfmiddlewaretoken" not in response.text
    assert RESULTS_ONLY_HEADER in response["Vary"]


def test_the_page_loads_the_search_as_you_type_script_from_a_file(client_as, user, rung):
    html = client_as(user).get(URL).text

    assert re.search(r'<script src="[^"]*js/live-search(\.[0-9a-f]+)?\.js" defer>', html)
    assert 'data-live-search="rung-choices"' in html
    assert 'id="rung-choices"' in html
