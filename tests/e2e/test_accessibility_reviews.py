"""Every second opinions page passes axe with no serious or critical violation, at desktop
and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.reviews_support import REVIEW_PAGES
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _describe

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", REVIEW_PAGES)
def test_review_page_has_no_serious_or_critical_axe_violations(
    page: Page, open_review_page, name, width
):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    open_review_page(name)

    violations = _axe.run(page).response["violations"]

    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{name} at {WIDTHS[width]} px:\n{_describe(failing)}"
