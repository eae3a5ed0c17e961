"""How framework names are shown (careers.names): pure, no database."""

from __future__ import annotations

import pytest

from careers.names import display_name, matching_label, source_label


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


COSMOLOGY_DATA_SCIENTIST = "cosmology data scientist"


@pytest.mark.parametrize(
    ("name", "labels", "text", "found_as"),
    [
        ("cosmologist", [COSMOLOGY_DATA_SCIENTIST], "DATA  scientist", COSMOLOGY_DATA_SCIENTIST),
        ("data scientist", ["research data scientist"], "data scientist", ""),
        ("software developer", ["programmer"], "nurse", ""),
        ("software developer", ["programmer"], "", ""),
    ],
)  # fmt: skip
def test_a_result_found_by_another_name_says_which(name, labels, text, found_as):
    assert matching_label(name, labels, text) == found_as
