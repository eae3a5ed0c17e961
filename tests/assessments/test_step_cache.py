"""The rating step kept in the shared cache per draft state (assessments/step_cache.py).

A step shown again is read from the cache; whatever a person saves, and whatever an editor
changes in the framework, shows on the very next view; nobody else's draft is served.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services, step_cache
from careers.cache import bump_framework_version
from careers.models import Skill
from tests.factories import AssessmentFactory, SkillLevelFactory


def _url(assessment, step: int | None = None) -> str:
    url = reverse("assessments:rate", args=[assessment.public_id])
    return url if step is None else f"{url}?step={step}"


def _first_skill(draft) -> int:
    return draft.rung.requirements.order_by("skill__name").first().skill_id


def _form_csrf(html: str) -> str:
    """The rating form's own CSRF token (the page's sign-out form has another field)."""
    found = re.search(
        r'data-rating-form novalidate>\s*<input type="hidden" name="csrfmiddlewaretoken" '
        r'value="([^"]+)"',
        html,
    )
    return found[1]


def test_a_saved_rating_note_and_link_show_on_the_step_shown_again(client_as, user, draft):
    client = client_as(user)
    skill_id = _first_skill(draft)
    client.get(_url(draft, 1))  # cached as it was

    client.post(
        _url(draft),
        {
            "step": "1",
            "action": "save",
            f"skill-{skill_id}": "4",
            f"note-{skill_id}": "Daily <work>",
            f"evidence-{skill_id}": "https://x.org/a",
        },
    )
    html = client.get(_url(draft, 1)).content.decode()

    assert f'value="4" class="form-check-input" id="id_skill-{skill_id}_4" checked' in html
    assert "Daily &lt;work&gt;</textarea>" in html
    assert 'value="https://x.org/a"' in html


def test_a_framework_edit_shows_on_a_cached_step_at_once(client_as, user, draft):
    client = client_as(user)
    skill_id = _first_skill(draft)
    client.get(_url(draft, 1))

    Skill.objects.filter(pk=skill_id).update(name="Renamed skill")
    SkillLevelFactory(skill_id=skill_id, level=3, description="Ships it alone")
    bump_framework_version()  # as every framework write does, on commit
    html = client.get(_url(draft, 1)).content.decode()

    assert '<span class="rating-skill">Renamed skill</span>' in html
    assert '<span class="rating-means">Ships it alone</span>' in html


def test_a_framework_edit_moves_a_skill_between_steps_at_once(client_as, user, draft):
    client = client_as(user)
    assert "Skills that can block" not in client.get(_url(draft, 1)).content.decode()

    draft.rung.requirements.filter(skill_id=_first_skill(draft)).update(importance=5)
    bump_framework_version()

    assert "Step 1 of" in client.get(_url(draft, 1)).content.decode()
    assert "Skills that can block" in client.get(_url(draft, 1)).content.decode()


def test_another_persons_draft_is_404_though_its_step_is_cached(client, user, other_user, draft):
    client.force_login(user)
    assert client.get(_url(draft, 1)).status_code == 200

    client.force_login(other_user)

    assert client.get(_url(draft, 1)).status_code == 404


def test_a_step_from_the_cache_carries_the_requests_own_csrf_token(user, draft):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(user)
    second.force_login(user)
    first.get(_url(draft, 1))  # renders and keeps the step

    html = second.get(_url(draft, 1)).content.decode()
    response = second.post(
        _url(draft), {"csrfmiddlewaretoken": _form_csrf(html), "step": "1", "action": "save"}
    )

    assert response.status_code == 302


def test_a_refused_post_shows_its_errors_and_the_next_view_does_not(client_as, user, draft):
    client = client_as(user)
    skill_id = _first_skill(draft)
    client.get(_url(draft, 1))

    refused = client.post(_url(draft), {"step": "1", "action": "save", f"skill-{skill_id}": "9"})
    again = client.get(_url(draft, 1)).content.decode()

    assert refused.status_code == 422
    assert "Nothing was saved" in refused.content.decode()
    assert "Nothing was saved" not in again


@pytest.mark.parametrize("asked", ["0", "999"])
def test_a_step_number_that_names_no_step_opens_the_first_unrated_and_keeps_nothing(
    client_as, user, draft, asked
):
    client = client_as(user)
    services.save_ratings(assessment=draft, ratings={_first_skill(draft): (2, "")})

    html = client.get(f"{_url(draft)}?step={asked}").content.decode()
    key = f"rating-step-v{step_cache.LAYOUT_VERSION}:{draft.pk}:{step_cache._asked_step(asked)}:0"

    assert "Step 1 of" in html
    assert step_cache.read_current(key, draft.updated_at.isoformat())[1] is None


def test_each_draft_has_its_own_step(client_as, user, make_rung):
    client = client_as(user)
    one = AssessmentFactory(owner=user, rung=make_rung(4, title="First rung"))
    two = AssessmentFactory(owner=user, rung=make_rung(4, title="Second rung"))
    client.get(_url(one, 1))

    html = client.get(_url(two, 1)).content.decode()

    assert "Second rung" in html
    assert "First rung" not in html
