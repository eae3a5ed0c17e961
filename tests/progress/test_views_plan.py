"""GET /plan/: every open step of the person's latest assessment of each rung, by skill."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from careers.models import LearningStep
from progress import services
from progress.models import StepChange
from tests.factories import RequirementFactory, RungFactory
from tests.progress.conftest import submit

PLAN_URL = "/plan/"


def _keys(page_html: str) -> list[str]:
    return [part.split('"')[0] for part in page_html.split('name="step" value="')[1:]]


def test_the_url_keeps_its_path():
    assert reverse("progress:plan") == PLAN_URL


def test_it_needs_sign_in(client, db):
    assert client.get(PLAN_URL).status_code == 302


def test_without_an_assessment_it_says_how_to_start(client_as, user):
    html = client_as(user).get(PLAN_URL).content.decode()

    assert "No plan yet." in html


def test_it_lists_the_open_steps_by_skill_with_states_and_hours(client_as, user, planned):
    services.set_step_state(owner=user, key=_python_key("Py basics", planned), state="done")
    services.set_step_state(owner=user, key=_python_key("Py project", planned), state="doing")

    html = client_as(user).get(PLAN_URL).content.decode()

    assert "Py basics" not in html  # done: not open
    assert "Python <span" in html
    assert "20 hours left · 1 step done" in html
    project = _python_key("Py project", planned)
    assert 'aria-label="Progress on Py project"' in html
    assert (
        f'form="plan-state-doing" name="step" value="{project}" class="btn" aria-pressed="true"'
        in html
    )
    assert 'data-progress="hours_done">10<' in html
    assert 'data-progress="hours_left">46<' in html


def _python_key(title: str, assessment) -> str:
    return f"step:{LearningStep.objects.get(title=title).pk}"


def test_only_the_latest_assessment_of_each_rung_counts(client_as, user, planned, plan_rung):
    submit(user, plan_rung, level=2)  # Python 2: Py basics is no longer needed

    html = client_as(user).get(PLAN_URL).content.decode()

    assert "Py basics" not in html
    assert "Py project" in html


def test_a_step_two_rungs_share_is_listed_once(client_as, user, planned, skills):
    python, _, _ = skills
    senior = RungFactory(title="Senior Engineer")
    RequirementFactory(rung=senior, skill=python, level=3, importance=4)
    submit(user, senior)

    html = client_as(user).get(PLAN_URL).content.decode()

    assert _keys(html).count(_python_key("Py project", planned)) == 3  # one per state button
    assert "for Mid Engineer, Senior Engineer" in html


def test_another_persons_plan_never_shows(client_as, user, other_user, planned):
    html = client_as(other_user).get(PLAN_URL).content.decode()

    assert "Py project" not in html
    assert "No plan yet." in html


def test_it_charts_hours_left_over_time_with_a_table(client_as, user, planned):
    with time_machine.travel(planned.submitted_at + datetime.timedelta(days=3)):
        services.set_step_state(owner=user, key=_python_key("Py basics", planned), state="done")

    html = client_as(user).get(PLAN_URL).content.decode()

    assert '<svg class="chart-svg"' in html
    assert "Hours left at the end of each day that changed" in html
    assert '<td class="text-end">56</td>' in html
    assert '<td class="text-end">46</td>' in html


def test_a_post_sets_an_open_steps_state(client_as, user, planned):
    key = _python_key("Py project", planned)

    response = client_as(user).post(PLAN_URL, {"step": key, "state": "done"})

    assert response.status_code == 302
    assert StepChange.objects.get(owner=user, key=key).state == "done"


def test_a_post_answers_json_to_javascript(client_as, user, planned):
    key = _python_key("Py project", planned)

    response = client_as(user).post(
        PLAN_URL, {"step": key, "state": "done"}, headers={"Accept": "application/json"}
    )

    assert response.json()["hours_left"] == 36


@pytest.mark.parametrize(("step", "state"), [("step:0", "done"), (None, "finished")])
def test_a_bad_post_is_refused_with_422(client_as, user, planned, step, state):
    step = step or _python_key("Py project", planned)

    response = client_as(user).post(PLAN_URL, {"step": step, "state": state})

    assert response.status_code == 422
    assert not StepChange.objects.exists()


def test_another_persons_step_is_not_on_my_plan(client_as, user, other_user, planned):
    response = client_as(other_user).post(
        PLAN_URL, {"step": _python_key("Py project", planned), "state": "done"}
    )

    assert response.status_code == 422
    assert not StepChange.objects.exists()


@pytest.mark.parametrize("rungs", [1, 8])
def test_it_costs_the_same_queries_however_many_plans_and_changes(
    client_as, user, skills, rungs, django_assert_num_queries
):
    for n in range(rungs):
        rung = RungFactory()
        for skill in skills:
            RequirementFactory(rung=rung, skill=skill, level=3 + n % 2, importance=3)
        submit(user, rung)
        submit(user, rung)
        services.set_step_state(owner=user, key=f"practise:{skills[1].pk}", state="doing")
        services.set_step_state(owner=user, key=f"practise:{skills[1].pk}", state="todo")
    client = client_as(user)

    # Expect 8 queries:
    # * session
    # * user
    # * the page's key: the last submission, the last step change, the hours per week, and
    #   whether they have a calendar feed, in one
    # and, as the body is not cached yet:
    # * the person's latest submitted assessment of each rung
    # * their snapshot rows with a gap
    # * the person's hours per week
    # * the learning steps of the skills with a gap
    # * every step change the person made
    with django_assert_num_queries(8):
        response = client.get(PLAN_URL)
    assert response.status_code == 200


def test_a_second_view_comes_from_the_cache_in_three_queries(
    client_as, user, planned, django_assert_num_queries
):
    client = client_as(user)
    client.get(PLAN_URL)

    # Expect 3 queries: session, user, the page's key.
    with django_assert_num_queries(3):
        html = client.get(PLAN_URL).content.decode()
    assert 'data-progress="hours_left">56<' in html


def test_the_cached_page_follows_a_state_change_a_submission_and_the_hours(
    client_as, user, planned, plan_rung
):
    client = client_as(user)
    client.get(PLAN_URL)

    client.post(PLAN_URL, {"step": _python_key("Py basics", planned), "state": "done"})
    assert 'data-progress="hours_done">10<' in client.get(PLAN_URL).content.decode()
    client.post(
        reverse("assessments:hours_per_week", args=[planned.public_id]), {"hours_per_week": 2}
    )
    assert "Weeks left at 2 h a week" in client.get(PLAN_URL).content.decode()
    with time_machine.travel(planned.submitted_at + datetime.timedelta(days=1)):
        submit(user, plan_rung, level=2)
    assert "Py basics" not in client.get(PLAN_URL).content.decode()


def test_the_cached_page_is_each_persons_own(client_as, user, other_user, planned):
    client_as(user).get(PLAN_URL)

    html = client_as(other_user).get(PLAN_URL).content.decode()

    assert "No plan yet." in html


def test_the_dashboard_links_to_it(client_as, user):
    html = client_as(user).get(reverse("assessments:dashboard")).content.decode()

    assert f'href="{PLAN_URL}"' in html
