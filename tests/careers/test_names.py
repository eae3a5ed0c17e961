"""How framework names are shown (careers.names): pure, no database."""

from __future__ import annotations

import pytest

from careers.names import display_name, source_label


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("data scientist", "Data scientist"),
        ("Data Scientist", "Data Scientist"),
        ("ICT business analyst", "ICT business analyst"),
        ("eBusiness manager", "eBusiness manager"),
        ("3D animator", "3D animator"),
        ("  cook", "  Cook"),
        ("", ""),
        ("élagueur", "Élagueur"),
    ],
)
def test_a_name_is_shown_with_a_capital_first_letter_unless_already_cased(stored, shown):
    assert display_name(stored) == shown


def test_an_esco_role_is_labelled_esco_and_a_hand_made_one_not_at_all():
    assert source_label("esco") == "ESCO"
    assert source_label("") == ""
