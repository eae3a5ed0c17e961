"""Second opinions in the browser: the pages to check and capture, and the journey of a
review from the owner's request to the flagged disagreement on their report.

`review_journey()` is a plain function so later journeys (share links) can run it and go
on from where it ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db.models import F
from playwright.sync_api import Page, expect

from accounts.tokens import new_token
from assessments.models import Assessment
from assessments.services import start_assessment, submit_assessment
from careers.models import Requirement
from reviews import services
from reviews.models import ReviewRequest
from reviews.review_page import load_review_steps
from tests.e2e.helpers import clamp, smallest_rung
from tests.factories import AccountProfileFactory, ReviewRequestFactory

REVIEW_PAGES = (
    "report-reviewed",
    "review-accept",
    "review-step",
    "review-summary",
    "review-submitted",
    "dashboard-reviews",
    "review-expired",
)
REVIEWER_EMAIL = "colleague@example.org"
REVIEWER_PASSWORD = "a colleague's long passphrase"
REVIEWER_NAME = "Sam Colleague"
OWNER_NOTE = "Led this on the data platform"
MAX_TABS = 80
MAX_STEPS = 20


def owner_submission(owner) -> Assessment:
    """The owner's submitted assessment of the smallest rung: every skill rated at its
    required level, each with a note and an evidence link."""
    rung = smallest_rung()
    assessment = start_assessment(owner=owner, rung=rung)
    ratings = {
        r.skill_id: (clamp(r.level), OWNER_NOTE, f"https://example.org/work/{r.skill.slug}")
        for r in Requirement.objects.filter(rung=rung).select_related("skill")
    }
    assert submit_assessment(assessment=assessment, ratings=ratings)
    return Assessment.objects.with_rung().get(pk=assessment.pk)


def _request(assessment: Assessment, email: str) -> tuple[ReviewRequest, str]:
    token, digest = new_token()
    review = ReviewRequestFactory(
        assessment=assessment,
        email=email,
        message="You saw most of my work on the data platform this year.",
        token_digest=digest,
    )
    return review, token


@dataclass(frozen=True)
class ReviewWorld:
    assessment: Assessment
    reviewer: object
    links: dict[str, str]  # page name -> path


def build_review_world(owner) -> ReviewWorld:
    """An assessment with a submitted review (one disagreement), a review in progress, a
    pending, a revoked and an expired request."""
    assessment = owner_submission(owner)
    reviewer = AccountProfileFactory(user__email="carol@example.org", name="Carol Jones").user
    snapshot = list(assessment.snapshot.order_by("-importance", "skill_name"))
    done, done_token = _request(assessment, "carol@example.org")
    services.accept_review(review=done, reviewer=reviewer, name="Carol Jones")
    ratings = {row.skill_id: (row.rated_level, "") for row in snapshot}
    first = snapshot[0]
    ratings[first.skill_id] = (_disagreeing(first.rated_level), "I have seen this less often.")
    ratings[snapshot[1].skill_id] = (snapshot[1].rated_level, "Consistently strong.")
    services.submit_review(review=done, ratings=ratings)
    ongoing, ongoing_token = _request(assessment, "carol@example.org")
    services.accept_review(review=ongoing, reviewer=reviewer, name="Carol Jones")
    services.save_review(review=ongoing, ratings={first.skill_id: (3, "")})
    _, pending_token = _request(assessment, "manager@example.org")
    revoked, _ = _request(assessment, "old-manager@example.org")
    services.revoke_request(review=revoked)
    _, expired_token = _request(assessment, "late@example.org")
    # Expired the moment it was made.
    ReviewRequest.objects.filter(email="late@example.org").update(expires_at=F("created_at"))
    summary = load_review_steps(ongoing).summary_number
    links = {
        "report-reviewed": assessment.get_report_url(),
        "review-accept": f"/reviews/{pending_token}/",
        "review-step": f"/reviews/{ongoing_token}/?step=1",
        "review-summary": f"/reviews/{ongoing_token}/?step={summary}",
        "review-submitted": f"/reviews/{done_token}/",
        "dashboard-reviews": "/assessments/",
        "review-expired": f"/reviews/{expired_token}/",
    }
    return ReviewWorld(assessment=assessment, reviewer=reviewer, links=links)


def _disagreeing(level: int) -> int:
    """Two levels from `level`, inside 0-5."""
    return level + 2 if level <= 3 else level - 2


@pytest.fixture
def open_review_page(page: Page, framework, user, other_user, sign_in) -> Callable[[str], None]:
    """Open one of REVIEW_PAGES on `page`, as the person who would see it."""
    worlds: list[ReviewWorld] = []

    def _open(name: str) -> None:
        if not worlds:
            worlds.append(build_review_world(user))
        world = worlds[0]
        page.context.clear_cookies()
        if name == "report-reviewed":
            sign_in(user)
        elif name == "review-accept":
            sign_in(other_user)
        elif name != "review-expired":
            sign_in(world.reviewer)
        page.goto(world.links[name])

    return _open


# ---------------------------------------------------------------- the journey


@dataclass(frozen=True)
class ReviewJourney:
    assessment: Assessment
    owner_page: Page
    reviewer_page: Page
    review_link: str
    disagreeing_skill: str


def _focused(page: Page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.tagName")


def _tab_to(page: Page, name: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if _focused(page) == name:
            return
    pytest.fail(f"{MAX_TABS} Tab presses never reached {name}")


def _step_skills(page: Page) -> list[int]:
    return page.locator('input[type="radio"][value="0"]').evaluate_all(
        "radios => radios.map(r => Number(r.name.replace('skill-', '')))"
    )


def _rate_step_by_keyboard(page: Page, levels: dict[int, int]) -> None:
    """Rate the step's skills with the keyboard alone, then press Enter to go on."""
    for skill_id in _step_skills(page):
        _tab_to(page, f"skill-{skill_id}")
        page.keyboard.press("Space")  # checks level 0
        for _ in range(levels[skill_id]):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        assert _focused(page) == f"comment-{skill_id}"
    page.keyboard.press("Tab")  # out of the last comment, onto "Save and continue"
    assert _focused(page) == "action"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def ask_for_review(owner_page: Page, assessment: Assessment) -> str:
    """The owner asks a colleague from the report; returns the link mailed to them."""
    owner_page.goto(assessment.get_report_url())
    owner_page.get_by_label("Their e-mail address").fill(REVIEWER_EMAIL)
    owner_page.get_by_label("A message for them (optional)").fill("Thanks for your time!")
    owner_page.get_by_role("button", name="Send the request").click()
    expect(owner_page.get_by_text(f"We e-mailed {REVIEWER_EMAIL}")).to_be_visible()
    (message,) = [m for m in mail.outbox if REVIEWER_EMAIL in m.to]
    return next(word for word in message.body.split() if "/reviews/" in word)


def sign_up_from_link(page: Page, link: str) -> None:
    """The colleague follows the link, signs up, confirms the address and lands back on it."""
    page.goto(link)
    expect(
        page.get_by_role("heading", name="asks for your second opinion", level=1)
    ).to_be_visible()
    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label(re.compile(r"^\s*Email")).fill(REVIEWER_EMAIL)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(REVIEWER_PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password \(again\)")).fill(REVIEWER_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    confirm = [m for m in mail.outbox if REVIEWER_EMAIL in m.to][-1]
    page.goto(next(w for w in confirm.body.split() if "/accounts/confirm-email/" in w))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(link)  # sign-up and confirmation kept the way back


def review_journey(owner_page: Page, reviewer_page: Page, owner) -> ReviewJourney:
    """Ask, sign up, accept, rate every step by keyboard (one skill two levels from the
    owner's rating, the rest equal) and submit; the owner's report then shows the section."""
    assessment = owner_submission(owner)
    link = ask_for_review(owner_page, assessment)
    sign_up_from_link(reviewer_page, link)
    reviewer_page.get_by_label(re.compile(r"^\s*Your name")).fill(REVIEWER_NAME)
    reviewer_page.get_by_role("button", name="Accept and start").click()
    snapshot = list(assessment.snapshot.all())
    levels = {row.skill_id: row.rated_level for row in snapshot}
    first = reviewer_page.locator('input[type="radio"][value="0"]').first.get_attribute("name")
    skill_id = int(first.removeprefix("skill-"))
    levels[skill_id] = _disagreeing(levels[skill_id])
    heading = reviewer_page.locator("h2.step-title")
    for _ in range(MAX_STEPS):
        if "Review and submit" in heading.inner_text():
            break
        _rate_step_by_keyboard(reviewer_page, levels)
    else:
        pytest.fail(f"No summary step after {MAX_STEPS} steps")
    reviewer_page.get_by_role("button", name="Submit review").focus()
    with reviewer_page.expect_navigation():
        reviewer_page.keyboard.press("Enter")
    expect(reviewer_page.get_by_text("Review submitted.")).to_be_visible()
    name = next(row.skill_name for row in snapshot if row.skill_id == skill_id)
    owner_page.goto(assessment.get_report_url())
    return ReviewJourney(assessment, owner_page, reviewer_page, link, name)
