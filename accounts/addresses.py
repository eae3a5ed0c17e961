"""E-mail addresses in one canonical form, so one mailbox can hold only one account.

Pure Python: no Django import. `normalise_email` is what sign-up, log-in and password reset
all compare, so two spellings of one mailbox are one address.
"""

from __future__ import annotations

import unicodedata

INVISIBLE_CHARACTER = (
    "This address contains an invisible character (such as a zero-width space or a soft "
    "hyphen). Type it again without it."
)
QUOTED_LOCAL_PART = "Addresses with quotation marks are not accepted. Use the plain address."
NOT_AN_ADDRESS = "Enter a valid email address."

# Format, control and private-use characters print as nothing (or differently) and mail
# systems drop or map them: "exam\u200bple.com" would reach "example.com".
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


def normalise_email(raw: str) -> str:
    """Return `raw` as NFKC text with a lower-cased, IDNA-encoded (ASCII) domain.

    Raises ValueError, with one of this module's messages, for an address holding an
    invisible or control character or whitespace, a quoted local part, or a domain that is
    not a valid internationalised domain name.
    """
    value = unicodedata.normalize("NFKC", raw.strip())
    if any(unicodedata.category(ch) in _REFUSED_CATEGORIES or ch.isspace() for ch in value):
        raise ValueError(INVISIBLE_CHARACTER)
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(NOT_AN_ADDRESS)
    if '"' in local:
        raise ValueError(QUOTED_LOCAL_PART)
    try:
        ascii_domain = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(NOT_AN_ADDRESS) from None
    return f"{local}@{ascii_domain.lower()}"
