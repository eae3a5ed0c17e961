"""The provider signs every ID token correctly; three test clients get a wrong one on
purpose, so the app's checks meet a real foreign issuer, a real expired token and a log-in
the provider did not ask for again."""

from __future__ import annotations

from allauth.idp.oidc.adapter import DefaultOIDCAdapter

from tests.oidc_provider.people import (
    EXPIRED_CLIENT,
    FOREIGN_ISSUER,
    FOREIGN_ISSUER_CLIENT,
    STALE_LOGIN_CLIENT,
)


class MisbehavingClientsAdapter(DefaultOIDCAdapter):
    def populate_id_token(self, id_token, client, scopes, **kwargs) -> None:
        if client.id == FOREIGN_ISSUER_CLIENT:
            id_token["iss"] = FOREIGN_ISSUER
        elif client.id == EXPIRED_CLIENT:
            id_token["exp"] = id_token["iat"] - 60
        elif client.id == STALE_LOGIN_CLIENT:
            id_token["auth_time"] = id_token["iat"] - 3600
