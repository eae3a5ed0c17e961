"""The owner shares a submitted report that has notes: a reader without an account opens the
link in a fresh browser, sees no notes (and sees them through a second link made with
"include notes"), and the revoked link answers 404. axe checks the shared page and the
report's share panel at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from assessments.services import start_assessment, submit_assessment
from careers.models import Requirement
from tests.e2e.helpers import clamp, smallest_rung
from tests.e2e.test_accessibility import FAILING_IMPACTS, _describe

pytestmark = pytest.mark.e2e

NOTE = "Shipped the churn model to production"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

_axe = Axe()


@pytest.fixture(autouse=True)
def _links_name_the_live_server(settings, live_server):
    # The link shown takes its site from DJANGO_SITE_URL; here the live server stands in.
    settings.SITE_URL = live_server.url


def _submit_with_notes(owner):
    rung = smallest_rung()
    assessment = start_assessment(owner=owner, rung=rung)
    ratings = {
        r.skill_id: (clamp(r.level - 1), f"{NOTE} ({r.skill_id})")
        for r in Requirement.objects.filter(rung=rung)
    }
    assert submit_assessment(assessment=assessment, ratings=ratings)
    return assessment


def create_link(page: Page, *, days: str, include_notes: bool) -> str:
    panel = page.get_by_role("region", name="Share this report")
    panel.get_by_label(f"{days} days").check()
    notes = panel.get_by_label("Include my notes")
    notes.check() if include_notes else notes.uncheck()
    panel.get_by_role("button", name="Create share link").click()
    new_link = page.get_by_label("Your new share link")
    expect(new_link).to_have_value(re.compile(r"^http://.+/shared/[\w-]{32}/$"))
    return new_link.input_value()


def _assert_no_serious_violations(page: Page, where: str) -> None:
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        violations = _axe.run(page).response["violations"]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert not failing, f"axe on {where} at {width} px:\n{_describe(failing)}"


def test_owner_shares_a_report_with_and_without_notes_then_revokes_a_link(
    page: Page, framework, user, sign_in, new_context
):
    assessment = _submit_with_notes(user)
    sign_in(user)
    page.goto(f"/assessments/{assessment.public_id}/report/")

    without_notes = create_link(page, days="7", include_notes=False)
    expect(page.get_by_text("only time it is shown", exact=False)).to_be_visible()
    _assert_no_serious_violations(page, "the report with its share panel")

    reader = new_context().new_page()
    assert not reader.context.cookies()
    response = reader.goto(without_notes)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        f"Gap report: {assessment.rung.title}"
    )
    expect(reader.get_by_text("Notes written with the ratings are not included.")).to_be_visible()
    expect(reader.get_by_text(NOTE)).to_have_count(0)
    expect(reader.get_by_role("button", name="Retake")).to_have_count(0)
    expect(reader.get_by_role("link", name="My assessments")).to_have_count(0)
    expect(reader.get_by_text(user.email)).to_have_count(0)
    _assert_no_serious_violations(reader, "the shared page")

    page.goto(f"/assessments/{assessment.public_id}/report/")
    with_notes = create_link(page, days="30", include_notes=True)
    reader.goto(with_notes)
    expect(reader.get_by_text(re.compile(f"^Note: {NOTE}")).first).to_be_visible()

    rows = page.get_by_role("region", name="Share this report").locator("tbody tr")
    expect(rows).to_have_count(2)
    first = rows.filter(has_text="Not included")
    expect(first).to_contain_text("1")  # opened once
    first.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.get_by_text("Share link revoked: it no longer opens.")).to_be_visible()
    expect(rows.filter(has_text="Not included")).to_contain_text("Revoked")

    assert reader.goto(without_notes).status == 404
    assert reader.goto(with_notes).status == 200
