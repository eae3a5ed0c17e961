"""The provider signs every ID token correctly; two test clients get a wrong one on purpose,
so the app's checks meet a real foreign issuer and a real expired token."""

from __future__ import annotations

from allauth.idp.oidc.adapter import DefaultOIDCAdapter

from tests.oidc_provider.people import EXPIRED_CLIENT, FOREIGN_ISSUER, FOREIGN_ISSUER_CLIENT


class MisbehavingClientsAdapter(DefaultOIDCAdapter):
    def populate_id_token(self, id_token, client, scopes, **kwargs) -> None:
        if client.id == FOREIGN_ISSUER_CLIENT:
            id_token["iss"] = FOREIGN_ISSUER
        elif client.id == EXPIRED_CLIENT:
            id_token["exp"] = id_token["iat"] - 60
