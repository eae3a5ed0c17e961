"""Search as you type on the catalogue and the rung picker (static/js/live-search.js): the
results follow the words as they are typed, without a page load, and the plain GET form
still works without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import EscoRoleFactory, RungFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def imported(framework):
    role = EscoRoleFactory(name="software developer", alternative_labels="programmer")
    return RungFactory(role=role, order=1, title="software developer")


def _mark_this_page_load(page: Page) -> None:
    page.evaluate("window.sameLoad = true")


def _still_the_same_page_load(page: Page) -> bool:
    return page.evaluate("window.sameLoad === true")


def test_the_catalogue_follows_the_words_as_they_are_typed(page: Page, imported):
    page.goto("/")
    _mark_this_page_load(page)

    page.get_by_role("search", name="Roles").get_by_label("Search roles").type("programmer")

    cards = page.locator("#role-results .role-card")
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("heading")).to_have_text("Software developer ESCO")
    expect(page.locator("#role-results [role=status]")).to_contain_text("1 role match “programmer”")
    expect(page).to_have_url(re.compile(r"/\?q=programmer&source=&group=#roles$"))
    assert _still_the_same_page_load(page)


def test_a_filter_chosen_updates_the_results_too(page: Page, imported):
    page.goto("/")
    _mark_this_page_load(page)

    page.get_by_label("Source").select_option("esco")

    expect(page.locator("#role-results .role-card")).to_have_count(1)
    assert _still_the_same_page_load(page)


def test_the_rung_picker_follows_the_words_and_starts_the_rung_found(
    page: Page, imported, user, sign_in
):
    sign_in(user)
    page.goto("/assessments/new/")
    _mark_this_page_load(page)

    page.get_by_label("Search roles").type("programmer")

    radios = page.locator('#rung-choices input[type="radio"][name="rung"]')
    expect(radios).to_have_count(1)
    assert _still_the_same_page_load(page)
    expect(page.locator("form.rung-picker")).to_have_attribute(
        "action", "/assessments/new/?q=programmer"
    )
    expect(page.locator(".role-picker [aria-current=page]")).to_have_count(0)
    page.get_by_role("radio", name=re.compile("^Software developer")).check()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate yourself: Software developer")


def test_without_javascript_the_search_button_still_finds_the_role(
    new_context, imported, live_server
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/")

    page.get_by_label("Search roles").fill("programmer")
    page.get_by_role("search", name="Roles").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"\?q=programmer"))
    expect(page.locator(".role-card")).to_have_count(1)
