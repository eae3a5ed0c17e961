"""reviews/sharing.py: making, revoking and opening share links."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from accounts.tokens import token_digest
from assessments.models import Assessment
from reviews.models import ShareLink
from reviews.sharing import (
    DAYS_ERROR,
    DRAFT_ERROR,
    ShareRefusedError,
    create_share_link,
    open_share_link,
    revoke_share_link,
)
from tests.factories import AssessmentFactory, ShareLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return AssessmentFactory(status=Assessment.Status.SUBMITTED)


class TestCreate:
    @pytest.mark.parametrize("days", [7, 30, 90])
    def test_the_link_expires_after_the_chosen_days(self, now, submitted, days):
        link, _ = create_share_link(assessment=submitted, days=days, include_notes=False)

        assert link.created_at == now
        assert link.expires_at == now + datetime.timedelta(days=days)

    def test_only_the_tokens_digest_is_stored(self, submitted):
        link, token = create_share_link(assessment=submitted, days=30, include_notes=False)

        stored = ShareLink.objects.get(pk=link.pk)
        assert stored.token_digest == token_digest(token)
        assert token not in {str(value) for value in ShareLink.objects.values_list().get()}

    def test_the_token_carries_192_bits(self, submitted):
        _, token = create_share_link(assessment=submitted, days=30, include_notes=False)

        # 24 random bytes, URL-safe base64: 32 characters.
        assert len(token) == 32

    def test_every_link_gets_its_own_token(self, submitted):
        tokens = {
            create_share_link(assessment=submitted, days=30, include_notes=False)[1]
            for _ in range(5)
        }

        assert len(tokens) == 5

    def test_include_notes_is_stored(self, submitted):
        link, _ = create_share_link(assessment=submitted, days=30, include_notes=True)

        assert ShareLink.objects.get(pk=link.pk).include_notes is True

    def test_a_draft_is_refused(self):
        draft = AssessmentFactory()

        with pytest.raises(ShareRefusedError, match=DRAFT_ERROR):
            create_share_link(assessment=draft, days=30, include_notes=False)
        assert not ShareLink.objects.exists()

    @pytest.mark.parametrize("days", [0, 1, 14, 31, 365, -7])
    def test_other_numbers_of_days_are_refused(self, submitted, days):
        with pytest.raises(ShareRefusedError, match=DAYS_ERROR):
            create_share_link(assessment=submitted, days=days, include_notes=False)
        assert not ShareLink.objects.exists()


class TestRevoke:
    def test_revoking_stamps_the_time(self, now):
        link = ShareLinkFactory()

        assert revoke_share_link(link=link) is True

        assert ShareLink.objects.get(pk=link.pk).revoked_at == now

    def test_revoking_twice_keeps_the_first_time(self, now):
        link = ShareLinkFactory()
        revoke_share_link(link=link)

        with time_machine.travel(now + datetime.timedelta(hours=1), tick=False):
            assert revoke_share_link(link=ShareLink.objects.get(pk=link.pk)) is False

        assert ShareLink.objects.get(pk=link.pk).revoked_at == now


class TestOpen:
    def test_a_live_token_opens_its_link(self):
        link = ShareLinkFactory(token="right")

        assert open_share_link(token="right") == link

    def test_opening_counts_a_view(self):
        link = ShareLinkFactory(token="right")

        open_share_link(token="right")
        opened = open_share_link(token="right")

        assert opened.view_count == 2
        assert ShareLink.objects.get(pk=link.pk).view_count == 2

    def test_an_unknown_token_opens_nothing(self):
        ShareLinkFactory(token="right")

        assert open_share_link(token="wrong") is None

    def test_a_revoked_link_opens_nothing(self):
        link = ShareLinkFactory(token="right")
        revoke_share_link(link=link)

        assert open_share_link(token="right") is None

    def test_an_expired_link_opens_nothing_from_its_expiry_on(self, now):
        link = ShareLinkFactory(token="right")

        with time_machine.travel(link.expires_at, tick=False):
            assert open_share_link(token="right") is None

    def test_a_link_opens_until_just_before_its_expiry(self, now):
        link = ShareLinkFactory(token="right")

        with time_machine.travel(link.expires_at - datetime.timedelta(seconds=1), tick=False):
            assert open_share_link(token="right") == link

    def test_a_closed_link_counts_no_view(self):
        link = ShareLinkFactory(token="right")
        revoke_share_link(link=link)

        open_share_link(token="right")

        assert ShareLink.objects.get(pk=link.pk).view_count == 0


class TestState:
    def test_a_new_link_is_active(self):
        assert ShareLinkFactory.build().state == ShareLink.State.ACTIVE

    def test_a_link_past_its_expiry_is_expired(self, now):
        link = ShareLinkFactory.build(created_at=now - datetime.timedelta(days=31))

        assert link.state == ShareLink.State.EXPIRED

    def test_revoked_wins_over_expired(self, now):
        link = ShareLinkFactory.build(created_at=now - datetime.timedelta(days=31), revoked_at=now)

        assert link.state == ShareLink.State.REVOKED
