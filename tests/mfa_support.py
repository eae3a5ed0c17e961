"""Second factors for tests: enrol an authenticator app, and compute its codes (RFC 6238).

The codes are computed here with hmac, independently of allauth, so a test checks that
the site accepts what a real authenticator app shows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

# A fixed secret (base32, 20 bytes), so a failing test can be replayed by hand.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PERIOD = 30


def totp_code(secret: str, at: float | None = None) -> str:
    """The six digits an authenticator app shows for `secret` at `at` (default: now)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // PERIOD)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def enrol_totp(user, secret: str = SECRET) -> str:
    """Give `user` an authenticator app and recovery codes, as enrolment does."""
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def code_with_time_to_type(secret: str, seconds: float = 5) -> str:
    """A code that stays valid for at least `seconds`: for browser steps on the real clock,
    which wait for the next period rather than type a code about to expire."""
    left = PERIOD - time.time() % PERIOD
    if left < seconds:
        time.sleep(left)
    return totp_code(secret)
