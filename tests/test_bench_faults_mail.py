"""bench/faults_mail.py and bench/faults.py's verdict: every mail the run caused reaches the
sink once (twice only where at-least-once allows it), and no journey step is refused."""

from __future__ import annotations

import json
import mailbox
import os
from email.message import EmailMessage

import pytest
from post_office.models import STATUS, Email

from bench.faults import PHASES, faults_not_survived
from bench.faults_mail import check_mail

pytestmark = pytest.mark.django_db

T = 1_800_000_000.0  # the run's clock, in seconds since the epoch
LEASE = 20
FAULTS = {
    "Redis restarted": (T + 10, T + 15),
    "PostgreSQL restarted": (T + 20, T + 21),
    "PostgreSQL down": (T + 20.5, T + 21),
    "app worker killed": (T + 30, T + 30),
    "Celery worker killed": (T + 40, T + 42),
}
INVITATION = "[SkillGap] A request for your view of someone's skills"


def _caused(n: int, subject: str = INVITATION) -> str:
    message_id = f"<{n}@localhost>"
    Email.objects.create(
        message_id=message_id,
        subject=subject,
        from_email="noreply@localhost",
        to=["a@example.org"],
        status=STATUS.sent,
    )
    return message_id


def _arrived(maildir, message_id: str, at: float) -> None:
    message = EmailMessage()
    message["Message-ID"] = message_id
    message["Subject"] = INVITATION
    key = mailbox.Maildir(maildir).add(message)
    (path,) = (maildir / "new").glob(f"{key}*")
    os.utime(path, (at, at))


@pytest.fixture
def maildir(tmp_path):
    mailbox.Maildir(tmp_path / "maildir", create=True)
    return tmp_path / "maildir"


def _check(maildir, **acknowledged):
    return check_mail(maildir, FAULTS, LEASE, acknowledged)


def test_every_mail_delivered_once_is_counted_by_kind(maildir):
    for n in range(3):
        _arrived(maildir, _caused(n), T + n)

    result = _check(maildir, request=3)

    assert result["caused"] == result["delivered"] == 3
    assert result["kinds"] == {"invitation": 3}
    assert result["lost"] == result["twice"] == 0
    assert result["unexplained"] == result["short"] == []


def test_a_mail_that_never_arrived_is_lost(maildir):
    _caused(1)

    assert _check(maildir)["lost"] == 1


def test_fewer_invitations_than_acknowledged_requests_are_named(maildir):
    _arrived(maildir, _caused(1), T)

    assert _check(maildir, request=2)["short"] == ["1 invitation mail(s) for 2 request(s)"]


def test_a_second_copy_after_a_send_cut_by_the_celery_kill_and_its_lease_is_allowed(maildir):
    message_id = _caused(1)
    _arrived(maildir, message_id, T + 39.5)
    _arrived(maildir, message_id, T + 39.5 + LEASE + 5)

    result = _check(maildir)

    assert (result["twice"], result["unexplained"]) == (1, [])


def test_a_second_copy_far_from_any_fault_is_not_explained(maildir):
    message_id = _caused(1)
    _arrived(maildir, message_id, T + 5)
    _arrived(maildir, message_id, T + 5 + LEASE + 5)

    assert _check(maildir)["unexplained"] == [message_id]


def test_a_second_copy_before_the_lease_ran_out_is_not_explained(maildir):
    message_id = _caused(1)
    _arrived(maildir, message_id, T + 20.5)
    _arrived(maildir, message_id, T + 22)

    assert _check(maildir)["unexplained"] == [message_id]


def _verdict(tmp_path, *requests: dict) -> list[str]:
    (tmp_path / "requests.jsonl").write_text("".join(json.dumps(r) + "\n" for r in requests))
    phases = [(name, T + 10 * n, T + 10 * (n + 1)) for n, name in enumerate(PHASES)]
    figures = [
        {
            "phase": name,
            "errors": sum(1 for r in requests if start <= r["t"] < end and r["status"] >= 500),
        }
        for name, start, end in phases
    ]
    return faults_not_survived(tmp_path, figures, phases, FAULTS)


def test_a_request_in_flight_when_postgresql_went_down_may_fail(tmp_path):
    assert _verdict(tmp_path, {"t": T + 20.6, "name": "save step", "ms": 500, "status": 500}) == []


def test_a_request_that_arrived_while_postgresql_was_down_must_not_fail(tmp_path):
    (broken,) = _verdict(tmp_path, {"t": T + 21, "name": "save step", "ms": 300, "status": 500})

    assert broken == "save step started 0.20 s after PostgreSQL down and failed (500)"


def test_a_refused_step_breaks_the_run(tmp_path):
    request = {"t": T + 5, "name": "accept review", "ms": 50, "status": 404, "title": "Not found"}

    assert _verdict(tmp_path, request) == ["accept review answered 404: Not found"]


def test_an_error_where_no_fault_touches_the_app_servers_breaks_the_run(tmp_path):
    request = {"t": T + 12, "name": "report", "ms": 50, "status": 500}

    assert _verdict(tmp_path, request) == ["1 error(s) while Redis restarted"]
