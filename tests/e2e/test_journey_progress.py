"""From gap to progress in a browser: tick off plan steps without a reload, set a goal, see
hours left and the projection change, and subscribe to the calendar; axe on My plan and on
a report with states, at both widths; screenshots of both."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from assessments.report import build_report
from careers.models import Rung
from progress import services
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, VIEWPORTS, _folder

pytestmark = pytest.mark.e2e

RUNG = "Senior AI/ML Engineer"
FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)
NO_PROJECTION = "\u2013"  # an en dash, until a step is done


@pytest.fixture
def assessed(framework, submitted, user):
    """`user`'s submitted assessment of RUNG, two levels short on every skill."""
    rung = Rung.objects.get(title=RUNG)
    return submitted(owner=user, rung=rung, level_for=lambda r: max(0, r.level - 2))


def _figure(page: Page, name: str) -> str:
    return page.locator(f"#progress [data-progress='{name}']").inner_text()


def test_a_person_ticks_off_steps_sets_a_goal_and_subscribes(
    page: Page, live_server, sign_in, user, assessed
):
    sign_in(user)
    page.goto(f"{live_server.url}{assessed.get_report_url()}")
    left_before = float(_figure(page, "hours_left"))
    assert _figure(page, "projected_pct") == NO_PROJECTION

    done_buttons = page.locator(".plan-table .step-state button[data-state='done']")
    for index in range(3):
        button = done_buttons.nth(index)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    # No reload happened: the page's own figures changed in place.
    expect(page.locator("[data-progress-status]").first).to_contain_text("is now done")
    left_after = float(_figure(page, "hours_left"))
    assert left_after < left_before
    assert re.fullmatch(r"\d+%", _figure(page, "projected_pct"))

    goal = timezone.localdate() + datetime.timedelta(days=3 * 365)
    page.fill("#id_target_date", goal.isoformat())
    page.get_by_role("button", name="Set the goal").click()
    expect(page.locator("#progress [data-progress='goal']")).to_contain_text(
        re.compile(r"On track|behind")
    )
    assert float(_figure(page, "hours_left")) == left_after  # the states survived the reload
    data = page.request.get(
        f"{live_server.url}{assessed.get_report_url()}".replace("/report/", "/report.json")
    ).json()
    assert data["goal"]["target_date"] == goal.isoformat()
    assert [item["state"] for item in data["learning_plan"]][:3] == ["done"] * 3

    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Create a calendar address").click()
    feed_url = page.locator("#feed-url").input_value()
    feed = page.request.get(f"{live_server.url}{urlsplit(feed_url).path}")
    assert feed.ok
    (event,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert event.decoded("dtstart") == goal
    assert str(event["summary"]) == f"Goal: ready for {RUNG}"


def test_my_plan_and_a_report_with_states_pass_axe_at_both_widths(
    page: Page, live_server, sign_in, user, assessed
):
    for key in ("done", "doing"):
        state_key = _first_keys(assessed)[0 if key == "done" else 1]
        services.set_step_state(owner=user, key=state_key, state=key)
    sign_in(user)
    axe = Axe()
    failing = []

    for path in ("/plan/", assessed.get_report_url()):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in FAILING_IMPACTS:
                    targets = [node["target"] for node in violation["nodes"]]
                    failing.append(f"{path} at {width}px: {violation['id']} {targets}")

    assert not failing, "\n".join(failing)


def test_my_plan_and_the_progress_card_are_captured(
    page: Page, live_server, sign_in, user, assessed
):
    for state_key in _first_keys(assessed)[:3]:
        services.set_step_state(owner=user, key=state_key, state="done")
    services.set_goal(
        owner=user,
        rung=assessed.rung,
        target_date=timezone.localdate() + datetime.timedelta(days=180),
    )
    sign_in(user)
    folder = _folder()
    for name, path in (("plan", "/plan/"), ("report-progress", assessed.get_report_url())):
        for suffix, (width, height, tallest) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
            page.set_viewport_size({"width": width, "height": shown})
            shot = folder / f"{name}{suffix}.png"
            page.screenshot(path=shot)
            assert shot.stat().st_size > 0


def _first_keys(assessment) -> list[str]:
    return [step.key for _, step in build_report(assessment).plan.steps]
