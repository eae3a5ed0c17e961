"""Share links in the admin: read-only for superusers, hidden from framework editors, and
never a token or its digest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ShareLinkFactory

CHANGELIST = "admin:reviews_sharelink_changelist"
CHANGE = "admin:reviews_sharelink_change"


@pytest.fixture
def link(db):
    return ShareLinkFactory(token="admin-visible-token")


def test_a_superuser_sees_the_list(client_as, staff_user, link):
    response = client_as(staff_user).get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert str(link) in response.content.decode()


def test_a_superuser_sees_a_link_without_its_token_or_digest(client_as, staff_user, link):
    response = client_as(staff_user).get(reverse(CHANGE, args=[link.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "admin-visible-token" not in body
    assert link.token_digest not in body


def test_a_superuser_cannot_change_a_link(client_as, staff_user, link):
    response = client_as(staff_user).post(
        reverse(CHANGE, args=[link.pk]), {"view_count": "1000", "include_notes": "on"}
    )

    link.refresh_from_db()
    assert response.status_code == 403
    assert link.view_count == 0
    assert link.include_notes is False


def test_a_superuser_cannot_add_a_link(client_as, staff_user, db):
    assert client_as(staff_user).get(reverse("admin:reviews_sharelink_add")).status_code == 403


@pytest.mark.parametrize("name", [CHANGELIST, CHANGE])
def test_a_framework_editor_is_refused(client_as, editor, link, name):
    kwargs = {"object_id": link.pk} if name == CHANGE else {}

    assert client_as(editor).get(reverse(name, kwargs=kwargs)).status_code == 403


def test_the_editors_admin_index_does_not_list_share_links(client_as, editor, db):
    body = client_as(editor).get(reverse("admin:index")).content.decode()

    assert "Share links" not in body
