"""An owner asks a colleague for a second opinion; the colleague signs up from the mailed
link, rates by keyboard and submits; the owner sees the disagreement flagged, shares the
report with someone without an account (second opinions in, notes out), and revokes the
link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.reviews_support import OWNER_NOTE, REVIEWER_NAME, review_journey
from tests.e2e.test_journey_share import create_link

pytestmark = pytest.mark.e2e


def test_a_colleague_reviews_and_the_owner_sees_one_flagged_disagreement(
    page: Page, new_context, framework, user, sign_in, live_server, settings
):
    settings.SITE_URL = live_server.url  # mailed links point at the configured site
    sign_in(user)
    colleague = new_context().new_page()

    journey = review_journey(page, colleague, user)

    section = page.locator("#second-opinions")
    expect(section.get_by_role("heading", name="Second opinions")).to_be_visible()
    expect(section).to_contain_text(f"Reviewed by {REVIEWER_NAME}.")
    expect(section).to_contain_text("1 disagreement")
    first_row = section.get_by_role("row").nth(1)
    expect(first_row.get_by_role("rowheader")).to_contain_text(journey.disagreeing_skill)
    expect(first_row).to_contain_text("Disagreement")
    expect(section).not_to_contain_text("@")
    expect(page.locator("#review-requests")).to_contain_text("Submitted")

    shared_link = create_link(page, days="30", include_notes=False)
    reader = new_context().new_page()
    assert not reader.context.cookies()
    assert reader.goto(shared_link).status == 200
    shared_section = reader.locator("#second-opinions")
    expect(shared_section).to_contain_text(f"Reviewed by {REVIEWER_NAME}.")
    expect(shared_section).to_contain_text("1 disagreement")
    expect(reader.get_by_text(OWNER_NOTE)).to_have_count(0)
    expect(reader.get_by_text(user.email)).to_have_count(0)

    panel = page.get_by_role("region", name="Share this report")
    panel.locator("tbody tr").first.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.get_by_text("Share link revoked: it no longer opens.")).to_be_visible()
    assert reader.goto(shared_link).status == 404
