"""allauth's sign-in by address, for accounts that hold the address (accounts.claims)."""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.internal.userkit import filter_users_by_email

from accounts import claims


class HeldAddressBackend(AuthenticationBackend):
    def _authenticate_by_email(self, email: str, password: str):
        if not email or app_settings.LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        users = filter_users_by_email(email, prefer_verified=True, for_login=True)
        for user in claims.holders_only(users, email):
            if self._check_password(user, password):
                return user
        return None
