"""accounts.addresses: one canonical spelling per mailbox (pure, no database)."""

from __future__ import annotations

import pytest

from accounts.addresses import (
    INVISIBLE_CHARACTER,
    NOT_AN_ADDRESS,
    QUOTED_LOCAL_PART,
    normalise_email,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alice@example.com", "alice@example.com"),
        ("alice@EXAMPLE.com", "alice@example.com"),
        ("alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "alice@example.com"),  # fullwidth
        ("\uff41lice@example.com", "alice@example.com"),
        ("  alice@example.com ", "alice@example.com"),
        ("alice@b\u00fccher.de", "alice@xn--bcher-kva.de"),  # IDNA
    ],
)
def test_an_address_is_stored_in_its_canonical_form(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "alice@exam\u200bple.com",  # zero-width space
        "alice@exam\u00adple.com",  # soft hyphen
        "ali\u200dce@example.com",  # zero-width joiner
        "alice@example.com\ufeff",  # byte-order mark
        "alice\u2060@example.com",  # word joiner
        "ali ce@example.com",
    ],
)
def test_an_address_with_an_invisible_character_is_refused(typed):
    with pytest.raises(ValueError, match=INVISIBLE_CHARACTER[:30]):
        normalise_email(typed)


@pytest.mark.parametrize("typed", ['"alice"@example.com', '"a.b"@example.com', 'a"b@example.com'])
def test_a_quoted_local_part_is_refused(typed):
    with pytest.raises(ValueError, match=QUOTED_LOCAL_PART):
        normalise_email(typed)


@pytest.mark.parametrize(
    "typed", ["alice", "@example.com", "alice@", "alice@a..b", "a@" + "x" * 64]
)
def test_something_that_is_not_an_address_is_refused(typed):
    with pytest.raises(ValueError, match=NOT_AN_ADDRESS):
        normalise_email(typed)
