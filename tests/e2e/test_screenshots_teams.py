"""Screenshots of the team pages at desktop and phone widths, for the README and review:
the manager's heatmap of a six-person team, the join page and a member's team page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from careers.models import Rung
from teams import services
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, VIEWPORTS, _folder
from tests.factories import AccountProfileFactory, UserFactory

pytestmark = pytest.mark.e2e

TARGET = "Senior AI/ML Engineer"
NAMES = ("Ada", "Ben", "Chloe", "Dev", "Esme", "Femi")


@pytest.fixture
def team_pages(framework, submitted):
    """A team of a manager and six sharing members with varied ratings, and one who does
    not share; returns the manager, a member, and the paths to capture."""
    rung = Rung.objects.get(title=TARGET)
    manager = AccountProfileFactory(user__email="maya@example.org", name="Maya").user
    team, token = services.create_team(creator=manager, name="Applied ML")
    for index, name in enumerate(NAMES):
        person = AccountProfileFactory(user__email=f"{name.lower()}@example.org", name=name).user
        submitted(
            owner=person,
            rung=rung,
            level_for=lambda r, index=index: max(0, min(5, r.level - 3 + (r.pk * (index + 2)) % 5)),
        )
        services.join_team(team=team, person=person, shares=True)
    services.join_team(team=team, person=AccountProfileFactory(name="Quinn").user, shares=False)
    member = team.memberships.get(person__account_profile__name="Ada").person
    return {
        "manager": manager,
        "member": member,
        "team-heatmap": f"/teams/{team.slug}/?rung={rung.pk}",
        "team-member": f"/teams/{team.slug}/",
        "team-join": f"/teams/join/{token}/",
    }


def test_team_pages_are_captured_at_desktop_and_phone_widths(page: Page, sign_in, team_pages):
    folder = _folder()
    shots = {
        "team-heatmap": team_pages["manager"],
        "team-member": team_pages["member"],
        "team-join": UserFactory(),
    }
    for name, who in shots.items():
        page.context.clear_cookies()
        sign_in(who)
        for suffix, (width, height, tallest) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(team_pages[name])
            shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
            page.set_viewport_size({"width": width, "height": shown})
            path = folder / f"{name}{suffix}.png"
            page.screenshot(path=path)
            assert path.stat().st_size > 0
