"""A cache outage slows pages and never breaks them (DESIGN §18).

With REDIS_URL pointing at a Redis that is down, every page answers as it does with Redis
up, the whole sign-in flow works, and sign-in keeps its rate limits (in each process's own
store meanwhile). When Redis returns the app uses it again without a restart, and an edit
made during the outage still shows. The first half runs against a real dead port; the
second against a real Redis server that the tests stop and start.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from careers.cache import FRAMEWORK_VERSION_KEY, bump_framework_version
from reviews.sharing import create_share_link
from teams import services as team_services
from tests.accounts.mailbox import confirm_link, reset_link
from tests.factories import PASSWORD, RequirementFactory, UserFactory
from tests.redis_server import RedisServer, free_port, running_redis
from tests.reviews.share_fixtures import make_rung, submit_with_notes
from tests.test_access_matrix import (  # noqa: F401 (world is a fixture)
    RULES,
    VISITORS,
    _outcome,
    project_urls,
    url_of,
    world,
)

NEW_PASSWORD = "a-long-enough-passphrase"
DASHBOARD = "/assessments/"
OUTAGE_LOGGER = "skillgap.redis_cache"

pytestmark = pytest.mark.django_db


def _redis_cache(location: str, **options) -> dict:
    """The production cache settings on `location`, under a key prefix of this test's own
    (an outage is remembered per process, by address and prefix)."""
    return {
        "default": {
            "BACKEND": "skillgap.redis_cache.FailSoftRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"outage-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **options},
        }
    }


def _submitted(owner):
    return submit_with_notes(owner, make_rung(2))


def _is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def dead_redis(settings) -> None:
    """REDIS_URL at a port where nothing listens: every connection is refused."""
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{free_port()}/0")


# --- Redis down: a dead port ------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_answers_as_with_redis_up(dead_redis, world, visitor):  # noqa: F811
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    wrong = {}
    for name in project_urls():
        rule = RULES[name]
        url = url_of(name, world)
        outcome = _outcome(getattr(client, rule.method)(url))
        # /readyz alone must tell: the load balancer learns the cache is down.
        expected = 503 if name == "readyz" else getattr(rule, visitor)
        if outcome != expected:
            wrong[f"{rule.method.upper()} {url}"] = outcome

    assert wrong == {}


def test_token_links_and_team_pages_answer_while_redis_is_down(dead_redis, client_as, user):
    assessment = _submitted(user)
    _, share_token = create_share_link(assessment=assessment, days=30, include_notes=False)
    team, invite = team_services.create_team(creator=user, name="Platform")
    newcomer = client_as(UserFactory())

    assert Client().get(reverse("shares:shared", args=[share_token])).status_code == 200
    assert newcomer.get(reverse("teams:join", args=[invite])).status_code == 200
    assert client_as(user).get(team.get_absolute_url()).status_code == 200


def test_the_whole_sign_in_flow_works_while_redis_is_down(dead_redis, client):
    signed_up = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    confirmed = client.post(confirm_link("new@example.org"))
    client.post(reverse("account_logout"))
    refused = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": "not-the-password"}
    )
    logged_in = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": NEW_PASSWORD}
    )

    assert signed_up.status_code == 302
    assert confirmed["Location"] == DASHBOARD
    assert refused.status_code == 200
    assert "not correct" in refused.text
    assert logged_in["Location"] == DASHBOARD
    assert _is_logged_in(client)


def test_a_password_reset_works_while_redis_is_down(dead_redis, client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})

    form = client.get(reset_link(user.email), follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_failed_logins_are_still_limited_while_redis_is_down(dead_redis, client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-guess"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.text
    assert not _is_logged_in(client)


@override_settings(ACCOUNT_RATE_LIMITS={"token_guess": "2/m/ip"})
def test_token_guessing_is_still_limited_while_redis_is_down(dead_redis, user):
    _, token = create_share_link(assessment=_submitted(user), days=30, include_notes=False)
    client = Client()
    for guess in ("wrong-1", "wrong-2"):
        client.get(reverse("shares:shared", args=[guess]))

    assert client.get(reverse("shares:shared", args=[token])).status_code == 404


def test_the_outage_is_logged_once_not_per_request(dead_redis, client, caplog):
    for _ in range(20):
        assert client.get(reverse("careers:home")).status_code == 200

    (line,) = [r for r in caplog.records if r.name == OUTAGE_LOGGER]
    assert "is unreachable (ConnectionError)" in line.getMessage()
    assert "pages are built uncached" in line.getMessage()


def test_a_lasting_outage_is_logged_again_each_interval(settings, client, caplog):
    # Redis is asked again at every cache call here, and every interval is over at once.
    port = free_port()
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{port}/0", RETRY_AFTER=0, LOG_EVERY=0)
    for _ in range(3):
        client.get(reverse("careers:home"))

    lines = [r.getMessage() for r in caplog.records if r.name == OUTAGE_LOGGER]
    assert "is unreachable" in lines[0]
    assert len(lines) > 2
    assert all("is still unreachable after" in line for line in lines[1:])
    assert all(f"redis://127.0.0.1:{port}/0" in line for line in lines)


def test_the_log_line_never_holds_the_redis_password(settings, client, caplog):
    settings.CACHES = _redis_cache(f"redis://:s3cret-pass@127.0.0.1:{free_port()}/0")

    client.get(reverse("careers:home"))

    assert caplog.records
    assert all("s3cret-pass" not in r.getMessage() for r in caplog.records)


def test_a_redis_that_answers_nothing_does_not_hang_pages(settings, client):
    """A server that takes connections and never answers, as a Redis whose host vanished."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        settings.CACHES = _redis_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        for _ in range(10):
            assert client.get(reverse("careers:home")).status_code == 200
        elapsed = time.monotonic() - started

    # One read timeout (0.5 s), then Redis is left alone: nowhere near ten timeouts.
    assert elapsed < 4


# --- a real Redis, stopped and started ---------------------------------------------------


@pytest.fixture
def real_redis(settings, tmp_path) -> Iterator[RedisServer]:
    with running_redis(tmp_path) as server:
        settings.CACHES = _redis_cache(server.url, RETRY_AFTER=0)
        yield server


def test_redis_is_used_again_once_it_returns_without_a_restart(real_redis, client, user):
    real_redis.stop()
    assert client.get(reverse("careers:home")).status_code == 200
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-guess"})

    real_redis.start()
    cache.set("after-the-outage", "kept")
    response = client.post(
        reverse("account_login"), {"login": "other@example.org", "password": "wrong"}
    )

    assert response.status_code == 200
    assert cache.get("after-the-outage") == "kept"
    keys = [key.decode() for key in real_redis.client().keys("*")]
    assert any(key.endswith(":after-the-outage") for key in keys)
    assert any(":allauth:rl:" in key for key in keys)  # rate limits count in Redis again


def test_an_edit_made_during_the_outage_shows_once_redis_returns_with_its_old_data(
    real_redis, client
):
    requirement = RequirementFactory(level=4)
    ladder = requirement.rung.role.get_absolute_url()
    assert "Level 4" in client.get(ladder).text  # cached in Redis, under the framework version

    real_redis.stop(keep_data=True)  # Redis saves what it holds, as a persistent Redis does
    requirement.level = 2
    requirement.save()
    bump_framework_version()  # as every admin save does; Redis cannot hear it
    during = client.get(ladder).text
    real_redis.start(keep_data=True)  # back with the old version and the old ladder
    assert real_redis.client().keys(f"*{FRAMEWORK_VERSION_KEY}")

    after = client.get(ladder).text

    assert "Level 2" in during
    assert "Level 2" in after
    assert "Level 4" not in after


def test_the_outage_and_its_end_are_logged(real_redis, client, caplog):
    caplog.set_level(logging.INFO)
    client.get(reverse("careers:home"))
    real_redis.stop()
    client.get(reverse("careers:home"))
    real_redis.start()
    client.get(reverse("careers:home"))

    lines = [r.getMessage() for r in caplog.records if r.name == OUTAGE_LOGGER]
    assert len(lines) == 2
    assert "is unreachable" in lines[0]
    assert "is back after" in lines[1]
