"""Confirming it is you before a sensitive change, as a test client does it: allauth's
password step (accounts.reauthentication), then the change."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

PASSWORD_STEP = "/accounts/reauthenticate/"


def confirm_with_password(client: Client, next_url: str, password: str = PASSWORD):
    """Give the password at the step a stale session is sent to, then go on to `next_url`."""
    return client.post(f"{PASSWORD_STEP}?{urlencode({'next': next_url})}", {"password": password})


def delete_own_account(client: Client, password: str = PASSWORD):
    """Press "Delete my account and data", confirming with the password first."""
    delete_url = reverse("delete_account")
    confirm_with_password(client, delete_url, password)
    return client.post(delete_url)
