"""Who signs in at the test provider, and its clients: plain data, importable by the app's
tests without loading the provider's models into their process."""

from __future__ import annotations

FOREIGN_ISSUER = "https://identity.attacker.test"
FOREIGN_ISSUER_CLIENT = "skillgap-foreign-issuer"
EXPIRED_CLIENT = "skillgap-expired"
# Says the person last gave their credentials an hour ago: it did not ask them again.
STALE_LOGIN_CLIENT = "skillgap-stale-login"

PASSWORD = "provider-password-for-tests"
CLIENT_SECRET = "provider-client-secret-for-tests"
CLIENTS = ("skillgap", FOREIGN_ISSUER_CLIENT, EXPIRED_CLIENT, STALE_LOGIN_CLIENT)
# email, first name, last name, verified by the provider
PEOPLE = (
    ("nadia.okafor@example.org", "Nadia", "Okafor", True),
    ("alice@example.org", "Alice", "Smith", True),
    ("unverified@example.org", "Una", "Verified", False),
    ("outsider@elsewhere.test", "Otto", "Side", True),
)
