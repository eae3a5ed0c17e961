"""POST /assessments/<uuid>/plan/: a plan step's state, kept for the person and the step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from progress.forms import STATE_ERROR, STEP_ERROR
from progress.models import StepChange
from reviews.sharing import create_share_link
from tests.progress.conftest import json_url, keys, report_url, state_url, submit

JSON = {"Accept": "application/json"}


def test_the_url_keeps_its_path(planned):
    assert state_url(planned) == f"/assessments/{planned.public_id}/plan/"


def test_every_plan_item_has_a_stable_key_and_starts_to_do(client_as, user, planned, skills):
    _, sql, _ = skills

    data = client_as(user).get(json_url(planned)).json()

    assert [(item["title"][:10], item["state"]) for item in data["learning_plan"]] == [
        ("Py basics", "todo"),
        ("Py project", "todo"),
        ("Work on “S", "todo"),
        ("Git book", "todo"),
    ]
    assert data["learning_plan"][2]["key"] == f"practise:{sql.pk}"
    assert all(
        item["key"].startswith("step:") for i, item in enumerate(data["learning_plan"]) if i != 2
    )


def test_the_owner_sets_a_state_and_returns_to_the_plan(client_as, user, planned):
    client = client_as(user)
    key = keys(client, planned)["Py basics"]

    response = client.post(state_url(planned), {"step": key, "state": "done"})

    assert response.status_code == 302
    assert response.url == f"{report_url(planned)}#learning-plan"
    assert StepChange.objects.get(owner=user).state == "done"


def test_a_state_set_on_the_full_report_returns_to_the_full_report(client_as, user, planned):
    client = client_as(user)
    key = keys(client, planned)["Py basics"]

    response = client.post(state_url(planned), {"step": key, "state": "done", "return_to": "full"})

    full = reverse("assessments:report_full", args=[planned.public_id])
    assert response.url == f"{full}#learning-plan"


def test_only_the_full_report_asks_its_forms_to_return_to_it(client_as, user, planned):
    client = client_as(user)

    full = client.get(reverse("assessments:report_full", args=[planned.public_id]))
    first_screen = client.get(report_url(planned))

    returns = '<input type="hidden" name="return_to" value="full" form="plan-state-done">'
    assert returns in full.content.decode()
    assert 'name="return_to"' not in first_screen.content.decode()


def test_the_report_json_then_shows_the_state_hours_and_projection(client_as, user, planned):
    client = client_as(user)
    step_keys = keys(client, planned)

    client.post(state_url(planned), {"step": step_keys["Py basics"], "state": "done"})
    client.post(state_url(planned), {"step": step_keys["Py project"], "state": "done"})
    client.post(state_url(planned), {"step": step_keys["Git book"], "state": "doing"})
    data = client.get(json_url(planned)).json()

    assert [item["state"] for item in data["learning_plan"]] == ["done", "done", "todo", "doing"]
    assert data["progress"] == {"hours_done": 30, "hours_left": 26, "projected_readiness": 63}
    assert data["readiness"] == pytest.approx(100 * 9 / 27)  # measured: unchanged


def test_the_report_page_shows_each_state_and_the_labelled_projection(client_as, user, planned):
    client = client_as(user)
    client.get(report_url(planned))  # warms the cached body
    client.post(state_url(planned), {"step": keys(client, planned)["Py basics"], "state": "done"})

    html = client.get(report_url(planned)).content.decode()

    basics = keys(client, planned)["Py basics"]
    assert (
        f'form="plan-state-done" name="step" value="{basics}" class="btn" aria-pressed="true"'
        in html
    )
    assert "Projected readiness" in html
    assert 'data-progress="hours_done">10<' in html
    assert 'data-progress="hours_left">46<' in html


def test_a_later_assessment_of_the_same_skills_shows_the_same_states(
    client_as, user, planned, plan_rung
):
    client = client_as(user)
    client.post(state_url(planned), {"step": keys(client, planned)["Git book"], "state": "done"})

    retaken = submit(user, plan_rung)
    data = client.get(json_url(retaken)).json()

    git = next(item for item in data["learning_plan"] if item["title"] == "Git book")
    assert git["state"] == "done"


def test_with_javascript_it_answers_json_with_the_new_figures(client_as, user, planned):
    client = client_as(user)
    key = keys(client, planned)["Py project"]

    response = client.post(state_url(planned), {"step": key, "state": "done"}, headers=JSON)

    assert response.status_code == 200
    data = response.json()
    assert data["step"] == key
    assert data["state"] == "done"
    assert data["hours_done"] == 20
    assert data["hours_left"] == 36
    assert data["message"] == "Saved: “Py project” is now done."


@pytest.mark.parametrize("state", ["finished", "", "DONE", "todo "])
def test_any_other_state_is_refused_with_a_message(client_as, user, planned, state):
    client = client_as(user)
    key = keys(client, planned)["Py basics"]

    response = client.post(state_url(planned), {"step": key, "state": state})

    assert response.status_code == 422
    assert STATE_ERROR in response.content.decode()
    assert not StepChange.objects.exists()


@pytest.mark.parametrize("step", ["step:999999", "practise:1", "", "x" * 200])
def test_an_unknown_step_is_refused_with_a_message(client_as, user, planned, step):
    response = client_as(user).post(state_url(planned), {"step": step, "state": "done"})

    assert response.status_code == 422
    assert STEP_ERROR in response.content.decode()
    assert not StepChange.objects.exists()


def test_a_refusal_answers_json_to_javascript(client_as, user, planned):
    response = client_as(user).post(
        state_url(planned),
        {"step": "nope", "state": "done"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 422
    assert response.json() == {"errors": [STEP_ERROR]}


def test_another_persons_assessment_is_404(client_as, user, other_user, planned):
    key = keys(client_as(user), planned)["Py basics"]

    response = client_as(other_user).post(state_url(planned), {"step": key, "state": "done"})

    assert response.status_code == 404
    assert not StepChange.objects.exists()


def test_it_needs_sign_in(client, planned):
    response = client.post(state_url(planned), {"step": "step:1", "state": "done"})

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_get_is_not_allowed(client_as, user, planned):
    assert client_as(user).get(state_url(planned)).status_code == 405


def test_setting_the_same_state_twice_records_one_change(client_as, user, planned):
    client = client_as(user)
    key = keys(client, planned)["Py basics"]

    client.post(state_url(planned), {"step": key, "state": "doing"})
    client.post(state_url(planned), {"step": key, "state": "doing"})

    assert StepChange.objects.count() == 1


def test_a_shared_report_shows_no_progress(client, client_as, user, planned):
    owner = client_as(user)
    owner.post(state_url(planned), {"step": keys(owner, planned)["Py basics"], "state": "done"})
    _, token = create_share_link(assessment=planned, days=30, include_notes=False)

    html = client.get(reverse("shares:shared", args=[token])).content.decode()

    assert "Py basics" in html
    assert "Your progress" not in html
    assert "plan-state" not in html
