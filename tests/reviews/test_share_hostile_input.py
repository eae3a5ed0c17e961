"""Hostile input to the share form, as tests/test_hostile_input.py drives every other form.

Whatever arrives: never a 500; a link is made only for 7, 30 or 90 days (or absent: 30),
with notes only for an explicit "on"; a refusal makes nothing and names its field; fields
the form does not take are ignored; and what was typed is escaped when shown.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from reviews.models import ShareLink
from reviews.share_forms import NOTES_ERROR
from reviews.sharing import DAYS_ERROR
from tests.reviews.share_fixtures import make_rung, submit_with_notes
from tests.test_hostile_input import REFUSED, _post_data, extra_fields, fuzz, maybe_missing

share_extras = st.one_of(
    extra_fields,
    st.dictionaries(
        st.sampled_from(["token", "token_digest", "view_count", "expires_at", "revoked_at"]),
        st.sampled_from(["1", "abc", "2099-01-01", "9" * 30]),
        max_size=3,
    ),
)


@pytest.fixture
def assessment(user):
    return submit_with_notes(user, make_rung(3))


@fuzz
@given(
    days=st.one_of(
        st.sampled_from(["7", "30", "90"]),
        st.integers(min_value=-100, max_value=400).map(str),
        maybe_missing,
        st.just('"><b>x'),
    ),
    include_notes=st.one_of(st.none(), st.just("on"), maybe_missing, st.just('"><b>x')),
    extras=share_extras,
)
def test_the_share_form_survives_anything(client_as, user, assessment, days, include_notes, extras):
    ShareLink.objects.all().delete()
    url = f"/assessments/{assessment.public_id}/shares/"
    fields = {"days": days, "include_notes": include_notes}

    response = client_as(user).post(url, _post_data(fields, extras))
    event(f"share form answered {response.status_code}")

    if response.status_code == 302:
        link = ShareLink.objects.get()
        expected_days = 30 if days in (None, "") else int(days)
        assert expected_days in (7, 30, 90)
        assert link.expires_at - link.created_at == datetime.timedelta(days=expected_days)
        assert link.include_notes is (include_notes == "on")
        assert link.view_count == 0
        assert link.revoked_at is None
        assert link.assessment == assessment
        return
    body = response.content.decode()
    assert response.status_code in REFUSED
    assert not ShareLink.objects.exists()
    assert DAYS_ERROR in body or NOTES_ERROR in body
    assert 'id="share-days-error"' in body or 'id="share-include-notes-error"' in body
    assert "<b>x" not in body
