"""The rating form's steps in Chromium: the first question on a phone's first screen, the
step list folded there and open on a wide screen, the live verdict's five names, and the
way back to the review (DESIGN.md §9)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.rating_page import load_rating_steps
from assessments.services import save_ratings, start_assessment
from careers.models import Rung

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _draft(user) -> Assessment:
    """A fresh draft of Data Scientist: 37 skills, 22 of them able to block."""
    return start_assessment(owner=user, rung=Rung.objects.get(slug="data-scientist"))


def _first_option_is_on_screen(page: Page) -> bool:
    """Whether the first question's first level lies inside the viewport, uncovered by
    anything (the sticky buttons included): the element at its centre is the option."""
    return page.evaluate(
        """() => {
          const option = document.querySelector("[data-rating-item] .rating-option");
          const box = option.getBoundingClientRect();
          if (box.top < 0 || box.bottom > window.innerHeight) return false;
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return option.contains(hit);
        }"""
    )


def test_on_a_phone_the_first_question_is_on_the_first_screen(page: Page, framework, user, sign_in):
    draft = _draft(user)
    sign_in(user)
    page.set_viewport_size(PHONE)

    page.goto(draft.get_absolute_url())

    expect(page.get_by_role("heading", name=re.compile(r"^Step 1 of \d+:"))).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    assert _first_option_is_on_screen(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    steps = page.get_by_role("navigation", name="Steps")
    expect(steps.get_by_role("link", name="Review and submit")).to_be_hidden()
    steps.get_by_text("All steps").click()
    expect(steps.get_by_role("link", name="Review and submit")).to_be_visible()


def test_on_a_phone_a_long_verdict_still_leaves_the_first_question_on_screen(
    page: Page, framework, user, sign_in
):
    draft = _draft(user)
    first = load_rating_steps(draft).skills_of(1)
    save_ratings(assessment=draft, ratings={skill: (0, "") for skill in first})
    sign_in(user)
    page.set_viewport_size(PHONE)

    page.goto(f"{draft.get_absolute_url()}?step=2")

    expect(page.locator("[data-range-verdict]")).to_contain_text("more are blocking.")
    assert _first_option_is_on_screen(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_wide_screen_the_step_list_is_always_open(page: Page, framework, user, sign_in):
    draft = _draft(user)
    sign_in(user)
    page.set_viewport_size(DESKTOP)

    page.goto(draft.get_absolute_url())

    steps = page.get_by_role("navigation", name="Steps")
    expect(steps.get_by_role("link", name="Review and submit")).to_be_visible()
    expect(steps.get_by_text("All steps")).to_be_hidden()
    assert _first_option_is_on_screen(page)


def test_the_live_verdict_names_five_blocking_skills_then_how_many_more(
    page: Page, framework, user, sign_in
):
    draft = _draft(user)
    sign_in(user)
    page.goto(draft.get_absolute_url())
    items = page.locator("[data-rating-item]")

    for index in range(7):
        items.nth(index).locator('input[type="radio"][value="0"]').check()

    verdict = page.locator("[data-range-verdict]")
    expect(verdict).to_have_text(
        re.compile(r"^Not ready for this rung whatever the rest: ([^,]+, ){4}[^,]+ and 2 more")
    )
    expect(verdict).to_have_text(re.compile(r" are blocking\.$"))


def test_from_the_review_not_rated_yet_then_save_and_continue_returns_to_the_review(
    page: Page, framework, user, sign_in
):
    draft = _draft(user)
    steps = load_rating_steps(draft)
    left_out = steps.skills_of(3)[0]
    every = [skill for step in steps.steps for skill in step.skills if skill != left_out]
    save_ratings(assessment=draft, ratings={skill: (3, "") for skill in every})
    review = steps.review_number
    sign_in(user)
    page.goto(f"{draft.get_absolute_url()}?step={review}")

    page.get_by_role("link", name="Not rated yet").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Step 3 of "))).to_be_visible()
    page.locator(f'input[name="skill-{left_out}"][value="2"]').check()
    page.get_by_role("button", name=re.compile("^Save and continue")).click()

    title = f"Step {review} of {review}: Review and submit"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("form").get_by_text("Not rated yet")).to_have_count(0)
