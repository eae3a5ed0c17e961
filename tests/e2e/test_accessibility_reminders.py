"""The reminders page and an unsubscribe link pass axe with no serious or critical
violation at desktop and phone widths (screenshots of both), and keep their forms usable on
a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from accounts.reminders import DIGEST, unsubscribe_token
from tests.e2e.test_screenshots import _folder
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)


def test_reminder_pages_have_no_serious_or_critical_axe_violations(page: Page, sign_in):
    person = UserFactory()
    sign_in(person)
    token = unsubscribe_token(person.pk, DIGEST)
    axe = Axe()
    failing = []

    for path in ("/accounts/reminders/", f"/accounts/unsubscribe/{token}/"):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            name = "reminders" if path == "/accounts/reminders/" else "unsubscribe"
            page.screenshot(path=_folder() / f"{name}-{width}.png", full_page=True)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = [node["target"] for node in violation["nodes"]]
                    failing.append(f"{path} at {width}px: {violation['id']} {targets}")

    assert not failing, "\n".join(failing)


def test_reminders_are_chosen_and_stopped_with_one_click(page: Page, sign_in):
    person = UserFactory()
    sign_in(person)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/reminders/")

    page.get_by_label("Send me a weekly digest of my next three plan steps").check()
    page.get_by_label("Remind me to retake an assessment").select_option("60")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()

    page.goto(f"/accounts/unsubscribe/{unsubscribe_token(person.pk, DIGEST)}/")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    page.goto("/accounts/reminders/")
    expect(
        page.get_by_label("Send me a weekly digest of my next three plan steps")
    ).not_to_be_checked()
    expect(page.get_by_label("Remind me to retake an assessment")).to_have_value("60")
