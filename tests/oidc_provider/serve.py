"""Start the test identity provider:
`python -m tests.oidc_provider.serve HOST:PORT REDIRECT_URI...`.

Creates its database, the people who sign in there and the clients the app uses, then
serves on HOST:PORT until stopped.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.idp.oidc.models import Client  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tests.oidc_provider.people import CLIENT_SECRET, CLIENTS, PASSWORD, PEOPLE  # noqa: E402


def populate(redirect_uris: list[str]) -> None:
    users = get_user_model().objects
    for email, first, last, verified in PEOPLE:
        person = users.create_user(
            username=email.split("@")[0],
            email=email,
            password=PASSWORD,
            first_name=first,
            last_name=last,
        )
        EmailAddress.objects.create(user=person, email=email, primary=True, verified=verified)
    for client_id in CLIENTS:
        client = Client(id=client_id, name=client_id, skip_consent=True)
        client.set_secret(CLIENT_SECRET)
        client.set_scopes(["openid", "profile", "email"])
        client.set_default_scopes(["openid", "profile", "email"])
        client.set_redirect_uris(redirect_uris)
        client.save()


def main() -> None:
    address, *redirect_uris = sys.argv[1:]
    call_command("migrate", verbosity=0, interactive=False)
    populate(redirect_uris)
    call_command("runserver", address, use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main()
