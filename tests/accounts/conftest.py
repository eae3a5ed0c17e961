"""The real test identity provider (tests/oidc_provider) for the single sign-on tests here."""

from __future__ import annotations

import pytest

from tests.sso_support import APP, CALLBACK_PATH, identity_provider


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """Started once per test module, as its own process on localhost."""
    with identity_provider(tmp_path_factory.mktemp("idp"), [APP + CALLBACK_PATH]) as running:
        yield running
