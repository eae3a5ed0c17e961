"""Production configuration: env-driven settings that are safe by default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skillgap.settings import env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
STRONG_SECRET_KEY = "k3V9-7pQz_Lm2sXw8rTb5nYc1dHf6jGa4uEo0iRq3ZyWvNxMbC"
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "skillgap.example.org",
    "DJANGO_SITE_URL": "https://skillgap.example.org",
}


def _run_python(code_or_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: only what the deployment would set, plus PATH for the venv.
    clean_env = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_env():
    result = _run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_until_the_site_url_is_https():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SITE_URL"}

    result = _run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "accounts.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "site_url", ["skillgap.example.org", "ftp://skillgap.example.org", "https://a.example/app"]
)
def test_settings_refuse_a_site_url_that_is_not_a_scheme_and_host(site_url):
    result = _run_python(["manage.py", "check"], {**PRODUCTION_ENV, "DJANGO_SITE_URL": site_url})

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be a scheme and host" in result.stderr


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}

    result = _run_python(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_DEBUG"}

    result = _run_python(
        ["-c", "import skillgap.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"], env
    )

    assert result.stdout.split() == ["False", "True"], result.stderr


def test_production_settings_secure_cookies_hsts_and_proxy_header():
    code = (
        "import skillgap.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS)"
    )

    result = _run_python(["-c", code], PRODUCTION_ENV)

    assert result.stdout.strip() == (
        "True True True True True True ('HTTP_X_FORWARDED_PROTO', 'https') DENY"
    ), result.stderr


@pytest.mark.parametrize("junk", ["maybe", "2", "yes please", "tru"])
def test_env_bool_rejects_junk(monkeypatch, junk):
    monkeypatch.setenv("SKILLGAP_TEST_FLAG", junk)

    with pytest.raises(ImproperlyConfigured, match="SKILLGAP_TEST_FLAG must be a boolean"):
        env_bool("SKILLGAP_TEST_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("TRUE", True)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SKILLGAP_TEST_FLAG", raw)

    assert env_bool("SKILLGAP_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("junk", ["ten", "1.5", "3600s", "0x10"])
def test_env_int_rejects_junk(monkeypatch, junk):
    monkeypatch.setenv("SKILLGAP_TEST_NUMBER", junk)

    with pytest.raises(ImproperlyConfigured, match="SKILLGAP_TEST_NUMBER must be a whole number"):
        env_int("SKILLGAP_TEST_NUMBER", 1)


def test_env_int_and_env_list_use_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("SKILLGAP_TEST_NUMBER", raising=False)
    monkeypatch.setenv("SKILLGAP_TEST_HOSTS", " a.example, ,b.example ")

    assert env_int("SKILLGAP_TEST_NUMBER", 7) == 7
    assert env_list("SKILLGAP_TEST_HOSTS", []) == ["a.example", "b.example"]


def test_junk_env_value_stops_the_settings_from_loading():
    env = {**PRODUCTION_ENV, "DJANGO_SESSION_AGE": "two weeks"}

    result = _run_python(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "DJANGO_SESSION_AGE must be a whole number" in result.stderr


def test_session_lifetime_is_bounded():
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60 * 24 * 14
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_passwords_need_twelve_characters_and_the_standard_validators():
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}

    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 12
    assert {
        "UserAttributeSimilarityValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= validators.keys()


def test_error_emails_are_not_configured():
    # Django's default AdminEmailHandler would mail request details: logs go to the console.
    assert settings.LOGGING["loggers"]["django"]["handlers"] == []
    assert "mail_admins" not in settings.LOGGING["handlers"]


@pytest.mark.parametrize("filename", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_to_one_version(filename):
    lines = (PROJECT_DIR / filename).read_text().splitlines()
    requirements = [
        line.split("#", 1)[0].strip()
        for line in lines
        if line.split("#", 1)[0].strip() and not line.startswith("-r ")
    ]

    unpinned = [r for r in requirements if "==" not in r or any(c in r for c in "<>~*")]
    assert requirements
    assert unpinned == [], f"pin these with ==: {unpinned}"
