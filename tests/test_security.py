"""Security headers, error pages, logs, sign-in limits, sessions and CSRF, over real requests."""

from __future__ import annotations

import logging
import re
import time
import types

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import TemplateDoesNotExist
from django.test import Client
from django.urls import path, reverse

from skillgap.urls import urlpatterns as project_urlpatterns
from tests.factories import PASSWORD, AssessmentFactory, RequirementFactory

SECRET_NOTE = "my-private-note-about-a-bad-manager-7f3a"
GOOD_NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _explode(request):
    request.POST.get("note")
    raise RuntimeError(f"could not save note {request.POST.get('note')}")


def _missing_template(request):
    raise TemplateDoesNotExist("assessments/_nowhere.html")


def _forbidden(request):
    raise PermissionDenied("internal reason that must not be shown")


def _plain(request):
    return HttpResponse("plain")


# For @pytest.mark.urls("tests.test_security"): the project's URLs plus views that fail.
urlpatterns = [
    path("boom/", _explode),
    path("forbidden/", _forbidden),
    path("missing-template/", _missing_template),
    path("plain/", _plain),
    *project_urlpatterns,
]


def _login(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def owned_assessment(user):
    requirement = RequirementFactory()
    return AssessmentFactory(owner=user, rung=requirement.rung)


# --- headers ---------------------------------------------------------------------------


def test_pages_send_a_csp_without_inline_script_or_style(client, db):
    response = client.get(reverse("account_login"))

    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_forbid_framing_and_limit_referrers_and_openers(client, db):
    response = client.get(reverse("account_login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_https_responses_send_hsts(client, db):
    response = client.get(reverse("account_login"), secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_plain_http_is_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("account_login"))

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_proxy_header_marks_the_request_as_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("account_login"), headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200


def test_session_and_csrf_cookies_are_secure_and_http_only(client, user):
    client.get(reverse("account_login"))

    response = _login(client, user.email)

    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True


# --- request ids -----------------------------------------------------------------------


def test_every_response_carries_a_fresh_request_id(client, db):
    first = client.get(reverse("careers:healthz"))
    second = client.get(reverse("careers:healthz"))

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept(client, db):
    response = client.get(reverse("careers:healthz"), headers={"X-Request-ID": "lb-12345678"})

    assert response["X-Request-ID"] == "lb-12345678"


@pytest.mark.parametrize(
    "hostile", ["short", "a" * 65, "abc def 12345", "id\r\nX-Evil: 1", "<script>1234</script>"]
)
def test_an_unsafe_request_id_is_replaced(client, db, hostile):
    response = client.get(reverse("careers:healthz"), headers={"X-Request-ID": hostile})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# --- caching of personal pages ---------------------------------------------------------


def test_account_pages_are_never_stored(client, db):
    response = client.get(reverse("account_login"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_assessment_paths_are_never_stored_even_when_answering_404(client, db):
    response = client.get("/assessments/00000000-0000-0000-0000-000000000000/report/")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["dashboard", "new", "rate", "report", "report_csv", "report_json"]
)
def test_personal_pages_are_never_stored(client_as, user, owned_assessment, name):
    args = [] if name in {"dashboard", "new"} else [owned_assessment.public_id]

    response = client_as(user).get(reverse(f"assessments:{name}", args=args))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.urls("tests.test_security")
def test_any_page_for_a_signed_in_person_is_never_stored(client_as, user):
    response = client_as(user).get("/plain/")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls("tests.test_security")
def test_public_pages_for_anonymous_visitors_may_be_cached(client, db):
    response = client.get("/plain/")

    assert "no-store" not in response.get("Cache-Control", "")


# --- error pages -----------------------------------------------------------------------


def test_404_page_is_friendly_and_leaks_nothing(client, db):
    response = client.get("/no-such-page/?secret=1")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    for leak in ("Traceback", "SECRET_KEY", "DJANGO_", "urlpatterns", "Using the URLconf"):
        assert leak not in body


@pytest.mark.urls("tests.test_security")
def test_500_page_is_friendly_and_shows_no_stack_trace(client_as, user):
    client = client_as(user)
    client.raise_request_exception = False

    response = client.post("/boom/", {"note": SECRET_NOTE})

    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body
    for leak in ("Traceback", "RuntimeError", SECRET_NOTE, "SECRET_KEY", user.email):
        assert leak not in body


@pytest.mark.urls("tests.test_security")
def test_403_page_does_not_show_the_internal_reason(client, db):
    response = client.get("/forbidden/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in body
    assert "internal reason" not in body


def test_400_page_for_a_forged_host_does_not_echo_it(client, db):
    response = client.get(reverse("account_login"), HTTP_HOST="evil.example")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Bad request" in body
    assert "evil.example" not in body


def test_csrf_failure_page_explains_what_to_do(user):
    client = Client(enforce_csrf_checks=True)

    response = _login(client, user.email)

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


@pytest.mark.urls("tests.test_security")
def test_a_server_error_is_logged_with_request_and_user_id_but_not_the_note(
    client_as, user, console_log
):
    client = client_as(user)
    client.raise_request_exception = False

    response = client.post(
        "/boom/", {"note": SECRET_NOTE}, headers={"X-Request-ID": "req-abc12345"}
    )

    logged = console_log.getvalue()
    assert response.status_code == 500
    assert "ERROR django.request request_id=req-abc12345" in logged
    assert f"user_id={user.pk} " in logged
    assert "_explode" in logged  # the frames are there to debug with
    assert "RuntimeError" in logged
    assert SECRET_NOTE not in logged
    assert user.email not in logged


@pytest.mark.urls("tests.test_security")
def test_errors_that_name_code_keep_their_message_in_the_log(client, db, console_log):
    client.raise_request_exception = False

    client.get("/missing-template/")

    assert "TemplateDoesNotExist: assessments/_nowhere.html" in console_log.getvalue()


def test_log_lines_outside_a_request_still_format(console_log):
    logging.getLogger("skillgap.test").warning("no request here")

    assert "request_id=- user_id=- no request here" in console_log.getvalue()


# --- sign-in limits --------------------------------------------------------------------


def test_a_failed_login_limit_per_account_refuses_even_the_right_password(client, user):
    for attempt in range(5):
        _login(client, user.email, "wrong-password-guess", ip=f"10.1.0.{attempt}")

    response = _login(client, user.email, ip="10.1.0.99")

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not _is_signed_in(client)


def test_a_failed_login_limit_per_ip_refuses_other_accounts_from_that_address(client, user):
    for attempt in range(5):
        _login(client, f"guess{attempt}@example.org", "wrong-password-guess", ip="10.2.0.1")

    refused = _login(client, user.email, ip="10.2.0.1")
    assert "Too many failed login attempts" in refused.content.decode()
    assert not _is_signed_in(client)

    allowed = _login(client, user.email, ip="10.2.0.2")
    assert allowed.status_code == 302
    assert _is_signed_in(client)


def test_the_failed_login_limit_lifts_when_the_window_passes(client, user, monkeypatch):
    for attempt in range(5):
        _login(client, user.email, "wrong-password-guess", ip=f"10.3.0.{attempt}")
    later = types.SimpleNamespace(
        time=lambda: time.time() + 5 * 60 + 1, monotonic=time.monotonic, sleep=time.sleep
    )
    monkeypatch.setattr(allauth_ratelimit, "time", later)

    response = _login(client, user.email, ip="10.3.0.99")

    assert response.status_code == 302
    assert _is_signed_in(client)


def test_password_reset_requests_are_limited_per_address(client, user):
    url = reverse("account_reset_password")
    for _ in range(5):
        client.post(url, {"email": user.email}, REMOTE_ADDR="10.4.0.1")

    response = client.post(url, {"email": user.email}, REMOTE_ADDR="10.4.0.2")

    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_signups_are_limited_per_ip(db):
    url = reverse("account_signup")
    for n in range(20):
        data = {"email": f"new{n}@example.org", "password1": GOOD_NEW_PASSWORD}
        data["password2"] = GOOD_NEW_PASSWORD
        assert Client().post(url, data, REMOTE_ADDR="10.5.0.1").status_code == 302

    data = {"email": "one-too-many@example.org", "password1": GOOD_NEW_PASSWORD}
    data["password2"] = GOOD_NEW_PASSWORD
    response = Client().post(url, data, REMOTE_ADDR="10.5.0.1")

    assert response.status_code == 429
    assert not get_user_model().objects.filter(email="one-too-many@example.org").exists()


def test_rate_limited_page_is_friendly(user):
    client = Client()
    url = reverse("account_reset_password")
    for _ in range(6):
        response = client.post(url, {"email": user.email})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_signup_refuses_an_eleven_character_password_next_to_the_field(client, db):
    data = {"email": "short@example.org", "password1": "Zq8!mK2#pL4", "password2": "Zq8!mK2#pL4"}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "at least 12 characters" in " ".join(errors["password1"])
    assert "at least 12 characters" in response.content.decode()
    assert not get_user_model().objects.filter(email="short@example.org").exists()


def test_signup_accepts_a_twelve_character_password(client, db):
    data = {"email": "long@example.org", "password1": "Zq8!mK2#pL4x", "password2": "Zq8!mK2#pL4x"}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="long@example.org").exists()


# --- sessions --------------------------------------------------------------------------


def test_the_session_key_rotates_at_login(client, user):
    anonymous_session = client.session
    anonymous_session["seen_home"] = True
    anonymous_session.save()
    before = client.cookies["sessionid"].value

    _login(client, user.email)

    assert _is_signed_in(client)
    assert client.cookies["sessionid"].value != before


def test_logout_by_get_does_not_sign_out(client_as, user):
    client = client_as(user)

    client.get(reverse("account_logout"))

    assert _is_signed_in(client)


def test_the_old_session_cookie_is_dead_after_logout(client, user):
    _login(client, user.email)
    stolen = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(reverse("assessments:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    data_response = replay.get(reverse("download_my_data"))
    assert data_response.status_code == 302


# --- CSRF ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "signed_in"),
    [
        ("account_login", False),
        ("account_signup", False),
        ("account_reset_password", False),
        ("account_logout", True),
        ("assessments:new", True),
        ("assessments:rate", True),
        ("delete_account", True),
    ],
)
def test_every_post_without_a_csrf_token_is_refused(user, owned_assessment, name, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(user)
    args = [owned_assessment.public_id] if name == "assessments:rate" else []
    data = {
        "login": user.email,
        "password": PASSWORD,
        "email": "csrf@example.org",
        "password1": GOOD_NEW_PASSWORD,
        "password2": GOOD_NEW_PASSWORD,
        "rung": owned_assessment.rung_id,
        "action": "save",
    }

    response = client.post(reverse(name, args=args), data)

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert not get_user_model().objects.filter(email="csrf@example.org").exists()


def test_a_post_with_the_csrf_token_is_accepted(user):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


def test_another_persons_account_is_not_touched_by_failed_logins(client, user, other_user):
    for attempt in range(5):
        _login(client, user.email, "wrong-password-guess", ip=f"10.6.0.{attempt}")

    response = _login(client, other_user.email, ip="10.6.0.99")

    assert response.status_code == 302
