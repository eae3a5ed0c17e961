"""Someone finds their occupation, imported from ESCO, by the name they use for it, starts
an assessment on it, rates it and reads the report (DESIGN §15).

Real ESCO v1.1.1 occupations, read from the official zips outside the repository; skipped,
saying why, where they are absent (tests/careers/test_esco_real_data.py finds them alike).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from careers.importers import esco
from careers.services import import_occupations
from tests.careers.test_esco_real_data import CLASSIFICATION, ESCO_DIR, RELATIONS
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _describe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (CLASSIFICATION.exists() and RELATIONS.exists()),
        reason=f"ESCO v1.1.1's files are not in {ESCO_DIR} (set SKILLGAP_ESCO_DIR to their folder)",
    ),
]

# "programmer" is one of software developer's alternative labels, not in its name.
OCCUPATIONS = ("software developer", "data scientist", "cosmologist", "nurse assistant")
MAX_STEPS = 40


@pytest.fixture(scope="module")
def classification() -> esco.Classification:
    return esco.load_classification(CLASSIFICATION, RELATIONS)


@pytest.fixture
def imported(framework, classification):
    occupations = [classification.find_occupation(label) for label in OCCUPATIONS]
    import_occupations(classification=classification, occupations=occupations)


def _rate_every_step(page: Page, level: str) -> None:
    """Choose `level` for every skill of each step, then go on, until the last step."""
    for _ in range(MAX_STEPS):
        page.locator(f'input[type="radio"][value="{level}"]').evaluate_all(
            "radios => radios.forEach(r => { r.checked = true; })"
        )
        submit = page.get_by_role("button", name="Submit", exact=True)
        if submit.count():
            submit.click()
            return
        page.get_by_role("button", name=re.compile("^Save and continue")).click()
    pytest.fail(f"no Submit button after {MAX_STEPS} steps")


def test_a_person_finds_an_occupation_by_another_name_assesses_it_and_reads_the_report(
    page: Page, imported, user, sign_in
):
    sign_in(user)

    page.goto("/")
    catalogue = page.get_by_role("search", name="Roles")
    catalogue.get_by_label("Search roles").fill("programmer")
    catalogue.get_by_role("button", name="Search").click()
    card = page.locator(".role-card").filter(has_text="Software developer").first
    expect(card.get_by_role("heading")).to_have_text("Software developer ESCO")

    page.goto("/assessments/new/?q=programmer")
    radios = page.locator('input[type="radio"][name="rung"]')
    assert 0 < radios.count() <= 50
    page.get_by_role("radio", name=re.compile("^Software developer")).check()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate yourself: Software developer")

    _rate_every_step(page, "3")

    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/report/$"))
    header = page.locator(".report-header")
    expect(header.get_by_role("heading", level=1)).to_have_text("Gap report: Software developer")
    expect(header).to_contain_text("ESCO")
    expect(page.get_by_role("region", name="Summary")).to_contain_text("% ready")


@pytest.mark.parametrize(
    "path", ["/?q=programmer", "/?group=12&q=nurse", "/assessments/new/?q=data"]
)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_pages_pass_axe_and_never_scroll_sideways(
    page: Page, imported, user, sign_in, path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(user)

    page.goto(path)

    violations = _axe.run(page).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {path}:\n{_describe(failing)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
