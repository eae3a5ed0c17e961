"""The real identity provider (tests/oidc_provider) as a fixture, and the app's link to it.

`identity_provider(redirect_uris)` starts it as its own process on localhost and stops it
afterwards; `connect_app(provider, client_id)` adds the SocialApp an administrator would;
`single_sign_on(client, email)` walks the whole round trip for the test client, the
provider's pages with requests, as a browser would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from allauth.socialaccount.models import SocialApp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client

from tests.oidc_provider.people import CLIENT_SECRET
from tests.oidc_provider.people import PASSWORD as PROVIDER_PASSWORD

PROVIDER_ID = "sso"
PROVIDER_NAME = "Example Corp"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
START = f"/accounts/oidc/{PROVIDER_ID}/login/"
# The app as the test client serves it: where the provider sends the browser back to.
APP = "http://testserver"
START_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Provider:
    url: str  # http://localhost:PORT, its issuer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def identity_provider(
    workdir: Path, redirect_uris: list[str], host: str = "localhost"
) -> Iterator[Provider]:
    """Serve on `host`, a host name other than the app's (cookies ignore ports)."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(workdir / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY": _private_key_pem(),
    }
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", f"{host}:{port}", *redirect_uris],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(url=f"http://{host}:{port}")
    try:
        _wait_until_up(provider, process, workdir)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(provider: Provider, process: subprocess.Popen, workdir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "provider.log").read_text())
        try:
            requests.get(f"{provider.url}/.well-known/openid-configuration", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("The identity provider did not start in time.")


def connect_app(provider: Provider, client_id: str = "skillgap") -> SocialApp:
    """The SocialApp an administrator adds in the admin, PKCE on."""
    SocialApp.objects.filter(provider="openid_connect").delete()
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name=PROVIDER_NAME,
        client_id=client_id,
        secret=CLIENT_SECRET,
        settings={"server_url": provider.url, "oauth_pkce_enabled": True},
    )


def start_sign_on(client: Client, start: str = START) -> str:
    """Press the button: the app answers with the provider's authorisation address."""
    response = client.post(start)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def sign_in_at_provider(authorize_url: str, email: str) -> str:
    """Log in at the provider; return where it sends the browser back to (the callback)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False)
    login_url = urljoin(authorize_url, response.headers["Location"])
    browser.get(login_url)
    response = browser.post(
        login_url,
        {
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "login": email,
            "password": PROVIDER_PASSWORD,
        },
        allow_redirects=False,
    )
    while response.status_code in (301, 302):
        location = urljoin(response.url, response.headers["Location"])
        if location.startswith(APP):
            return location
        response = browser.get(location, allow_redirects=False)
    raise AssertionError(f"The provider did not send the browser back: {response.text[:800]}")


def come_back(client: Client, callback_url: str, **replace: str):
    parts = urlsplit(callback_url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | replace
    return client.get(f"{parts.path}?{urlencode(query)}")


def single_sign_on(client: Client, email: str, **replace: str):
    return come_back(client, sign_in_at_provider(start_sign_on(client), email), **replace)
