"""Every team page passes axe with no serious or critical violation, at desktop and phone
widths: the list, the new-team form, joining, a member's and a manager's page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from careers.models import Rung
from teams import services
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)


def test_team_pages_have_no_serious_or_critical_axe_violations(
    page: Page, framework, sign_in, submitted
):
    rung = Rung.objects.get(title="Senior AI/ML Engineer")
    manager, member, outsider = UserFactory(), UserFactory(), UserFactory()
    team, token = services.create_team(creator=manager, name="Applied ML")
    services.join_team(team=team, person=member, shares=True)
    submitted(owner=member, rung=rung, level_for=lambda r: r.pk % 6)
    visits = [
        (manager, "/teams/"),
        (manager, "/teams/new/"),
        (manager, f"/teams/{team.slug}/"),
        (manager, f"/teams/{team.slug}/?rung={rung.pk}"),
        (manager, f"/teams/{team.slug}/?rung=nonsense"),
        (manager, f"/teams/{team.slug}/members/"),
        (member, f"/teams/{team.slug}/"),
        (member, "/assessments/"),
        (outsider, f"/teams/join/{token}/"),
    ]
    axe = Axe()
    failing = []

    for who, path in visits:
        page.context.clear_cookies()
        sign_in(who)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            for details in page.locator("details").all():
                details.evaluate("(element) => { element.open = true; }")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = [node["target"] for node in violation["nodes"]]
                    failing.append(f"{path} at {width}px: {violation['id']} {targets}")

    assert not failing, "\n".join(failing)
