"""SkillGap settings: one file, configured from the environment with safe defaults.

Production is a set of environment values, never a different file. Every variable read
here is listed in README.md with its default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",  # allauth.mfa's passkey list
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "post_office",
    "careers",
    "assessments",
    "accounts",
    "reviews",
    "teams",
    "progress",
]

MIDDLEWARE = [
    "skillgap.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skillgap.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SingleSignOnMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMfaMiddleware",
]

ROOT_URLCONF = "skillgap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # Only the templates in an app's jinja2/ folder: parts of the hot pages (skillgap/jinja2.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "skillgap.jinja2.environment"},
    },
]

WSGI_APPLICATION = "skillgap.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A restarting PostgreSQL refuses new connections for a moment; each connect is tried again
# for this many seconds before the request fails (skillgap/postgresql/base.py).
DATABASE_CONNECT_PATIENCE = env_int("DJANGO_DB_CONNECT_PATIENCE", 3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "skillgap.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache, shared by every app server: rate-limit counters, the framework version and the
# cached parts of pages all live in it. REDIS_URL selects Redis; without it, the database
# cache, whose table a migration creates. Either way the backend bounds its memory (Redis
# with its own maxmemory policy, the database cache by culling past MAX_ENTRIES).
# While Redis is down, pages are built uncached and the keys that guard sign-in are kept per
# process (skillgap/redis_cache.py); the timeouts keep a vanished Redis from hanging requests.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "skillgap.redis_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "skillgap"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 5000)},
        }
    }

# Files the app keeps (the last ESCO upload): outside the code, never committed.
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR") or BASE_DIR / "var")
# The admin's ESCO import refuses bigger uploads, and zips that unpack to more (zip bombs).
ESCO_MAX_UPLOAD_BYTES = env_int("DJANGO_ESCO_MAX_UPLOAD_MB", 50) * 1024 * 1024
ESCO_MAX_UNPACKED_BYTES = env_int("DJANGO_ESCO_MAX_UNPACKED_MB", 300) * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # allauth's, for accounts that hold the address: a pending change signs nobody in.
    "accounts.auth_backends.HeldAddressBackend",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "assessments:dashboard"
LOGOUT_REDIRECT_URL = "careers:home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.NamedSignupForm",
    "reset_password": "accounts.forms.ClaimedResetPasswordForm",
}
# An address counts only once its owner has followed the link mailed to it. Signing up with
# a registered address looks like any sign-up and mails the owner instead. One address per
# account: a change of address waits, as a second row that holds nothing (accounts.claims),
# until its link is followed, and then replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
# The old address is told when the address or the password changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Only in the browser that signed up (allauth keeps the pending log-in in its session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SkillGap] "
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # Lookups of invitation, review and share tokens (accounts/tokens.py).
    "token_guess": "60/m/ip",
}
# Two-factor sign-in (allauth.mfa): authenticator apps, recovery codes, passkeys. Removing
# a factor asks for the password (or an existing factor) again. Codes share the failed-login
# limit above; a passkey log-in has its own per-IP limit.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "SkillGap"
MFA_REAUTHENTICATION_REQUIRED = True
# How a person confirms it is them before such a change, and before deleting the account:
# allauth's password, second factor or mailed code, or, for people linked to a single
# sign-on provider, signing in there again (accounts.reauthentication). It holds for
# ACCOUNT_REAUTHENTICATION_TIMEOUT (allauth's default, 5 minutes).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa", "socialaccount", "code"]
# Changing the account's address, setting a first password (someone who signed up through
# single sign-on) and linking or unlinking a provider ask for it too: with any of them a
# stolen session would become a lasting way in.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_RATE_LIMITS = {"webauthn_login": "10/m/ip"}
# WebAuthn over plain http is only for a developer's own machine (and browser tests).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("DJANGO_WEBAUTHN_INSECURE_ORIGIN", DEBUG)
# Staff (anyone the admin admits) must enrol a second factor before any admin page opens;
# off for a deployment whose identity provider already enforces it.
STAFF_MFA_REQUIRED = env_bool("DJANGO_STAFF_MFA", True)

# Single sign-on through OpenID Connect (allauth.socialaccount), from the environment or as
# a SocialApp ("OpenID Connect") in the admin. PKCE is on for both. The provider's verified
# address creates or links the account; an unverified one never links (accounts.adapter).
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("DJANGO_OIDC_TIMEOUT", 5)
# People whose address is in these domains must sign in through the provider.
OIDC_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("DJANGO_OIDC_DOMAINS", [])]
_oidc = {"OAUTH_PKCE_ENABLED": True}
OIDC_ISSUER = os.environ.get("DJANGO_OIDC_ISSUER", "").strip().rstrip("/")
if OIDC_ISSUER:
    _oidc["APPS"] = [
        {
            "provider_id": "sso",
            "name": os.environ.get("DJANGO_OIDC_NAME", "").strip() or "single sign-on",
            "client_id": os.environ.get("DJANGO_OIDC_CLIENT_ID", ""),
            "secret": os.environ.get("DJANGO_OIDC_CLIENT_SECRET", ""),
            "settings": {"server_url": OIDC_ISSUER, "oauth_pkce_enabled": True},
        }
    ]
SOCIALACCOUNT_PROVIDERS = {"openid_connect": _oidc}

# Rate limits count per client IP: behind N proxies that append to X-Forwarded-For, set
# this to N, or every visitor shares the proxy's address (and its failed-login limit).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic`; debug and tests serve files as they are.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or not env_bool("DJANGO_MANIFEST_STATIC", True)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script or style anywhere: an injected script cannot run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Links in e-mails use this scheme, host and port, never the request's Host header.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.netloc or _site.path or _site.query:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be a scheme and host, such as https://skillgap.example.org, "
        f"not {SITE_URL!r}."
    )

DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "SkillGap <noreply@localhost>")
# Every mail is first a row of post_office's outbox, written in the transaction of the
# action that causes it; accounts.outbox sends it after the commit (a Celery task when a
# broker is configured, else in the request) through the backend named in POST_OFFICE.
EMAIL_BACKEND = "accounts.outbox.QueueBackend"
if DEBUG:
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
# A mail server that does not answer within this many seconds counts as down.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
POST_OFFICE = {
    "BACKENDS": {"default": MAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",  # queued, never sent inside post_office's backend
    "CELERY_ENABLED": False,  # accounts.outbox publishes, and survives a broker that is down
    "LOG_LEVEL": 1,  # a log row for each failed attempt
    "MESSAGE_ID_ENABLED": True,
}

# Celery (skillgap/celery.py). Without CELERY_BROKER_URL nothing is published: mail is sent
# after the commit in the request, and `manage.py send_queued_mail_now` sends what is left.
# In production the broker is a Redis with persistence and noeviction, not the cache's.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged once done, not once received
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # so a killed worker's task is delivered again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a request gives up at once when the broker is away (the sweep re-finds
# the mail); a worker keeps retrying its own connection.
CELERY_TASK_PUBLISH_RETRY = False
# max_retries 0: a publish with the broker away fails in a tenth of a second, not six.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 0,
}
# How long a sender holds an outbox row while sending it (accounts.outbox): a worker killed
# mid-send delays that mail by this much. Longer than any send can take (EMAIL_TIMEOUT).
OUTBOX_LEASE_SECONDS = env_int("DJANGO_OUTBOX_LEASE_SECONDS", 10 * 60)
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {
        "task": "accounts.tasks.sweep_outbox",
        "schedule": float(env_int("DJANGO_OUTBOX_SWEEP_SECONDS", 60)),
    },
    # Hourly: the claims let each reminder out once per week, whichever round finds it.
    "reminders": {
        "task": "progress.tasks.plan_reminders",
        "schedule": float(env_int("DJANGO_REMINDERS_EVERY_SECONDS", 60 * 60)),
    },
}
# Pins the reminders round to one ISO week (2026-W24), instead of the current one: for
# tests with a real beat, or to run a missed week again. Empty in production.
REMINDERS_PERIOD = os.environ.get("DJANGO_REMINDERS_PERIOD", "")

if not DEBUG:
    # Deployed behind a TLS-terminating proxy (nginx, a load balancer) that sets
    # X-Forwarded-Proto to "https" or "http" on every request, overwriting any value the
    # client sent. Without such a proxy, a client could claim HTTPS over plain HTTP.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every log record is masked as it is made: no review, share, invitation, reset or
# confirmation token in a URL reaches a log line (skillgap/logmask.py lists those URLs).
LOGGING_CONFIG = "skillgap.logmask.configure_logging"

# One console handler for everything. Lines carry the request id and user id, never a
# request body: the formatter writes only the message and, for errors, the traceback's
# frames without exception messages (those can quote what a person typed). Django's own
# loggers propagate here instead of to its default handlers (no error emails).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "skillgap.middleware.RequestContextFilter"},
    },
    "formatters": {
        "plain": {
            "()": "skillgap.middleware.SafeFormatter",
            "format": (
                "%(asctime)s %(levelname)s %(name)s "
                "request_id=%(request_id)s user_id=%(user_id)s %(message)s"
            ),
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context"],
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
