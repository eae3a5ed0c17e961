"""No live link token reaches a log line (finding S1 of the black-box probe).

Every 4xx answer the probe found on a still-valid review, share or team-invitation link,
and on allauth's reset and confirmation keys, is driven here; then no record captured (its
message with its arguments, its raw arguments) and no line the console handler wrote may
hold the token. gunicorn's access log is checked through a real gunicorn.
"""

from __future__ import annotations

import datetime
import logging
import urllib.request
from pathlib import Path

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.test import Client, override_settings
from django.urls import reverse

from accounts.tokens import new_token
from reviews.sharing import create_share_link
from skillgap.logmask import MASK, mask_secrets
from teams import services as team_services
from tests.factories import ReviewRequestFactory, TeamFactory, UserFactory
from tests.reviews.share_fixtures import make_rung, submit_with_notes
from tests.servers import Server, production_env

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def links(user, other_user):
    """Live links of every kind, by name: (path, token)."""
    assessment = submit_with_notes(user, make_rung(2))
    review_token, digest = new_token()
    ReviewRequestFactory(assessment=assessment, token_digest=digest)
    _, share_token = create_share_link(assessment=assessment, days=30, include_notes=False)
    team_token = team_services.renew_invite(team=TeamFactory())
    address = EmailAddress.objects.get(user=other_user)
    confirm_key = EmailConfirmationHMAC(address).key
    reset_key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return {
        "review": (reverse("reviews:review", args=[review_token]), review_token),
        "share": (reverse("shares:shared", args=[share_token]), share_token),
        "invite": (reverse("teams:join", args=[team_token]), team_token),
        "confirm": (f"/accounts/confirm-email/{confirm_key}/", confirm_key),
        "reset": (f"/accounts/password/reset/key/{reset_key}/", reset_key.split("-", 1)[1]),
    }


def _assert_no_token_logged(caplog, console_log, tokens: list[str]) -> None:
    assert caplog.records, "the 4xx answers were expected to be logged"
    written = console_log.getvalue()
    for record in caplog.records:
        seen = f"{record.getMessage()} {record.msg} {record.args!r}"
        for token in tokens:
            assert token not in seen, f"{record.name} logged a live token: {seen}"
    for token in tokens:
        assert token not in written
    assert MASK in written


def test_no_4xx_on_a_live_link_logs_its_token(
    client_as, user, other_user, links, caplog, console_log
):
    caplog.set_level(logging.INFO)
    review, _ = links["review"]
    share, _ = links["share"]

    # The owner opens their own review link: 404.
    assert client_as(user).get(review).status_code == 404
    # Someone else's accept form, invalid: 422.
    assert client_as(other_user).post(review, {"action": "accept"}).status_code == 422
    # An OPTIONS request to a share link: 405.
    assert Client().options(share).status_code == 405
    # A POST without its CSRF token, on every link that takes a POST: 403.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    for name in ("review", "invite", "confirm", "reset"):
        path, _ = links[name]
        assert strict.post(path, {}).status_code == 403, name

    _assert_no_token_logged(caplog, console_log, [token for _, token in links.values()])


@override_settings(ACCOUNT_RATE_LIMITS={"token_guess": "2/m/ip"})
def test_a_rate_limited_guess_does_not_log_the_right_token(links, caplog, console_log):
    caplog.set_level(logging.INFO)
    client = Client()
    share, share_token = links["share"]
    client.get(reverse("shares:shared", args=["wrong-guess-1"]))
    client.get(reverse("shares:shared", args=["wrong-guess-2"]))

    assert client.get(share).status_code == 404

    _assert_no_token_logged(caplog, console_log, [share_token])


def test_an_expired_invitation_does_not_log_its_token(client_as, other_user, caplog, console_log):
    team = TeamFactory()
    token = team_services.renew_invite(team=team)
    team.invite_expires_at = team.invite_expires_at - datetime.timedelta(days=30)
    team.save()

    assert client_as(other_user).get(reverse("teams:join", args=[token])).status_code == 410

    _assert_no_token_logged(caplog, console_log, [token])


def test_any_logger_gets_its_token_urls_masked(caplog):
    # As runserver's request log writes a line, with the request line as an argument.
    logging.getLogger("django.server").warning(
        '"%s" %s %s', "GET /shared/s3cret-share/?code=c0de&state=st4te HTTP/1.1", 404, 179
    )

    (record,) = caplog.records
    assert record.getMessage() == (
        f'"GET /shared/{MASK}/?code={MASK}&state={MASK} HTTP/1.1" 404 179'
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("/reviews/t0ken/", f"/reviews/{MASK}/"),
        ("/reviews/t0ken/?step=2", f"/reviews/{MASK}/?step=2"),
        ("/shared/t0ken/", f"/shared/{MASK}/"),
        ("/teams/join/t0ken/", f"/teams/join/{MASK}/"),
        ("/accounts/confirm-email/MQ:1vX:abc/", f"/accounts/confirm-email/{MASK}/"),
        ("/accounts/password/reset/key/1-set-password/", f"/accounts/password/reset/key/{MASK}/"),
        ("/plan/calendar/t0ken.ics", f"/plan/calendar/{MASK}"),
        (
            "/accounts/login/?next=%2Freviews%2Ft0ken%2F",
            f"/accounts/login/?next=%2Freviews%2F{MASK}",
        ),
        (
            "https://skillgap.example.org/shared/t0ken/",
            f"https://skillgap.example.org/shared/{MASK}/",
        ),
        ("/callback/?state=s&code=c", f"/callback/?state={MASK}&code={MASK}"),
    ],
)
def test_the_secret_part_of_every_token_url_is_masked(text, masked):
    assert mask_secrets(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "/reviews/given/12/",
        "/assessments/4f1c/reviews/12/revoke/",
        "/assessments/4f1c/reviews/",
        "/accounts/password/reset/key/done/",
        "/accounts/confirm-email/",
        "/teams/platform-3f9a1c/",
        "/?q=code",
    ],
)
def test_paths_without_a_secret_are_logged_as_they_are(text):
    assert mask_secrets(text) == text


def test_gunicorns_access_log_masks_tokens(tmp_path):
    """gunicorn as the README runs it (reading gunicorn.conf.py), with an access log."""
    access_log = tmp_path / "access.log"
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL="")
    server = Server(env, "--access-logfile", str(access_log))
    try:
        server.wait_until_up()
        # Anonymous: sent to log in, which needs no database.
        request = urllib.request.Request(
            f"{server.base}/teams/join/inv1te-t0ken/?code=c0de",
            headers={"Referer": f"{server.base}/reviews/rev1ew-t0ken/"},
        )
        with pytest.raises(urllib.error.HTTPError, match="302"):
            urllib.request.build_opener(_NoRedirect).open(request, timeout=10)
    finally:
        server.stop()

    written = access_log.read_text()
    assert "/teams/join/" in written
    for secret in ("inv1te-t0ken", "rev1ew-t0ken", "c0de"):
        assert secret not in written
    assert f"/teams/join/{MASK}/?code={MASK}" in written
    assert f"/reviews/{MASK}/" in written


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
