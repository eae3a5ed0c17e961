"""From gap to progress in a browser: tick off plan steps without a reload, set a goal, see
hours left and the projection change, subscribe to the calendar, get the weekly digest through
the outbox from a real SMTP server, and unsubscribe in one click; axe on My plan and on a
report with states, at both widths; screenshots of both and of the digest mail."""

from __future__ import annotations

import datetime
import re
from email.message import Message

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from assessments.report import build_report
from careers.models import Rung
from progress import services
from progress.reminders import iso_week
from tests.conftest import FIXED_NOW
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, VIEWPORTS, _folder

pytestmark = pytest.mark.e2e

RUNG = "Senior AI/ML Engineer"
THIS_WEEK = "2026-W25"  # FIXED_NOW's
DIGEST_LABEL = "Send me a weekly digest of my next three plan steps"
FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)
NO_PROJECTION = "\u2013"  # an en dash, until a step is done


@pytest.fixture
def clock():
    """The server's and the test's clock, from FIXED_NOW on: a goal date, the calendar's retake
    date and the reminders' weeks all count from it. It ticks, since the browser's waits do."""
    with time_machine.travel(FIXED_NOW, tick=True):
        yield FIXED_NOW


@pytest.fixture
def assessed(framework, submitted, user):
    """`user`'s submitted assessment of RUNG, two levels short on every skill."""
    rung = Rung.objects.get(title=RUNG)
    return submitted(owner=user, rung=rung, level_for=lambda r: max(0, r.level - 2))


def _figure(page: Page, name: str) -> str:
    return page.locator(f"#progress [data-progress='{name}']").inner_text()


def test_a_person_tracks_a_plan_subscribes_gets_the_digest_and_unsubscribes(
    clock, page: Page, live_server, sign_in, user, assessed, smtp_server, settings, playwright
):
    settings.SITE_URL = live_server.url  # the mails' links lead back to this server
    sign_in(user)
    goal = _tick_off_three_steps_and_set_a_goal(page, live_server, assessed)
    plan = page.request.get(_json_url(live_server, assessed)).json()["learning_plan"]
    assert [item["state"] for item in plan][:3] == ["done"] * 3

    feed_url = _subscribe_to_the_calendar(page, live_server)
    assert _feed(page, feed_url) == {f"Goal: ready for {RUNG}": goal}
    _choose_reminders(page, digest=True, retake="30")
    retake_day = clock.date() + datetime.timedelta(days=30)
    assert _feed(page, feed_url)[f"Retake: {RUNG}"] == retake_day

    call_command("send_reminders", "--period", THIS_WEEK)
    (digest,) = smtp_server.messages
    text, html = _text_and_html(digest)
    open_titles = [item["title"] for item in plan if item["state"] != "done"]
    steps = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert steps == open_titles[:3]  # the next three open steps, not the ones ticked off
    assert f"{live_server.url}/plan/" in text
    _capture_the_mail(page, html, "digest-mail")

    # The mail client's own unsubscribe button (RFC 8058): a POST without a session.
    unsubscribe = digest["List-Unsubscribe"].strip().strip("<>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail_client = playwright.request.new_context()
    response = mail_client.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.ok
    mail_client.dispose()
    page.goto("/accounts/reminders/")
    expect(page.get_by_label(DIGEST_LABEL)).not_to_be_checked()

    # Weeks later the retake reminder comes, and the digest no more; its link stops it.
    call_command("send_reminders", "--period", iso_week(_monday_of(retake_day)))
    (retake,) = smtp_server.messages[1:]
    assert retake["Subject"] == f'[SkillGap] Time to retake "{RUNG}"?'
    link = re.search(r"one click: (\S+)", _text_and_html(retake)[0]).group(1)
    page.goto(link)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    expect(page.get_by_text("You will get no more of retake reminders.")).to_be_visible()
    assert f"Retake: {RUNG}" not in _feed(page, feed_url)


def _tick_off_three_steps_and_set_a_goal(page: Page, live_server, assessed) -> datetime.date:
    page.goto(f"{live_server.url}{assessed.get_report_url()}")
    left_before = float(_figure(page, "hours_left"))
    assert _figure(page, "projected_pct") == NO_PROJECTION

    done_buttons = page.locator(".plan-table .step-state button[form='plan-state-done']")
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
    data = page.request.get(_json_url(live_server, assessed)).json()
    assert data["goal"]["target_date"] == goal.isoformat()
    return goal


def _json_url(live_server, assessment) -> str:
    return f"{live_server.url}{assessment.get_report_url()}".replace("/report/", "/report.json")


def _subscribe_to_the_calendar(page: Page, live_server) -> str:
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Create a calendar address").click()
    return page.locator("#feed-url").input_value()


def _feed(page: Page, feed_url: str) -> dict[str, datetime.date]:
    """Summary -> day of each event, as a calendar that subscribed to `feed_url` reads it."""
    response = page.request.get(feed_url)
    assert response.ok
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    return {str(event["summary"]): event.decoded("dtstart") for event in events}


def _choose_reminders(page: Page, *, digest: bool, retake: str) -> None:
    page.goto("/accounts/reminders/")
    page.get_by_label(DIGEST_LABEL).set_checked(digest)
    page.get_by_label("Remind me to retake an assessment").select_option(retake)
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Your reminder choices are saved.")).to_be_visible()


def _monday_of(day: datetime.date) -> datetime.datetime:
    monday = day - datetime.timedelta(days=day.weekday())
    return datetime.datetime.combine(monday, datetime.time(12), tzinfo=datetime.UTC)


def _text_and_html(message: Message) -> tuple[str, str]:
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in message.walk()
        if not part.is_multipart()
    }
    return parts["text/plain"], parts.get("text/html", "")


def _capture_the_mail(page: Page, html: str, name: str) -> None:
    """The mail's HTML as a mail client shows it, at both widths, never wider than the window.
    On a blank page: the site's Content-Security-Policy would refuse the mail's inline styles."""
    folder = _folder()
    page.goto("about:blank")
    for suffix, (width, height, _tallest) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.set_content(html)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=folder / f"{name}{suffix}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


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
