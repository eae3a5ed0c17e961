"""Evidence links name the site they point at, not the bare word "Link"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import evidence_host
from assessments.rating_page import load_rating_steps
from tests.factories import RatingFactory

LINK = "https://www.github.com/ada/notebooks"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (LINK, "github.com"),
        ("http://example.org:8080/a?b=c", "example.org"),
        ("https://docs.example.co.uk", "docs.example.co.uk"),
        ("https://GitHub.com/Ada", "github.com"),
    ],
)
def test_an_evidence_link_is_named_by_its_host_without_www(url, host):
    assert evidence_host(url) == host


def test_a_value_with_no_host_is_shown_whole():
    assert evidence_host("notes.txt") == "notes.txt"


def test_the_review_step_names_each_evidence_links_host(client_as, user, draft):
    skill = draft.rung.requirements.first().skill
    RatingFactory(assessment=draft, skill=skill, level=3, evidence=LINK)
    step = load_rating_steps(draft).review_number

    html = client_as(user).get(reverse("assessments:rate", args=[draft.public_id]), {"step": step})

    assert f'href="{LINK}" rel="noopener noreferrer nofollow">github.com<' in html.content.decode()
    assert ">Link<" not in html.content.decode()


def test_a_submitted_assessments_ratings_name_each_evidence_links_host(client_as, user, draft):
    skill_ids = draft.rung.requirements.values_list("skill_id", flat=True)
    ratings = {skill_id: (2, "", LINK) for skill_id in skill_ids}
    services.submit_assessment(assessment=draft, ratings=ratings)

    html = client_as(user).get(reverse("assessments:rate", args=[draft.public_id])).content.decode()

    assert f'href="{LINK}" rel="noopener noreferrer nofollow">github.com<' in html
    assert ">Link<" not in html
