"""The SMTP sink's Maildir, for bench/faults.py and its locustfile: the links mailed to a
person, and every mail the run caused counted against the copies the sink received."""

from __future__ import annotations

import email.message
import mailbox
import re
import time
from collections import Counter
from pathlib import Path

# Seconds between a sender's SMTP handover and its record that the mail went, at most.
CUT = 2.0


def links_to(maildir: str | Path, address: str, pattern: re.Pattern[str]) -> list[str]:
    """The paths that `pattern`'s first group finds in the mails sent to `address`."""
    found = []
    for message in mailbox.Maildir(maildir, factory=None, create=False):
        if address in str(message.get("To", "")):
            found += pattern.findall(text_of(message))
    return found


def text_of(message: email.message.Message) -> str:
    """The plain-text parts of `message`, decoded."""
    parts = message.walk() if message.is_multipart() else [message]
    texts = []
    for part in parts:
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(texts)


def arrivals(maildir: str | Path) -> dict[str, list[float]]:
    """When the sink received each Message-ID (each copy's file time), oldest first."""
    found: dict[str, list[float]] = {}
    for message in mailbox.Maildir(maildir, factory=None, create=False):
        found.setdefault(str(message["Message-ID"]).strip(), []).append(message.get_date())
    return {key: sorted(times) for key, times in found.items()}


def wait_for_outbox(timeout: float) -> int:
    """Wait (Django set up, the app servers stopped) until every outbox row is sent, or
    `timeout` seconds; the number of rows still unsent."""
    from post_office.models import STATUS, Email

    deadline = time.monotonic() + timeout
    while (unsent := Email.objects.exclude(status=STATUS.sent).count()) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.5)
    return unsent


# What each mail the run causes is, by its subject, and the acknowledged action behind it.
KINDS = {
    "confirmation": ("Confirm your e-mail address", "person"),
    "invitation": ("A request for your view", "request"),
    "second opinion": ("sent a second opinion", "review"),
}


def kind_of(subject: str) -> str:
    return next((kind for kind, (words, _) in KINDS.items() if words in subject), "other")


def check_mail(
    maildir: Path, faults: dict[str, tuple[float, float]], lease: float, acknowledged: dict
) -> dict:
    """Every mail the run caused (a row of the outbox) against the sink's copies.

    The outbox must hold a mail for every acknowledged action that sends one (a sign-up's
    confirmation, a review request's invitation, a submitted second opinion's notice to the
    owner); `short` names each kind with fewer. (It may hold more: an action whose answer
    was lost in a fault may still have committed.)

    Each must arrive, none twice, but for what at-least-once delivery allows: a sender cut
    between the SMTP server's "250 accepted" and its record that the mail went (the Celery
    worker killed, or PostgreSQL gone, at that moment) leaves the mail leased, and it is
    sent again once the lease runs out. So a second copy is explained only if the first
    arrived within CUT seconds before the Celery worker's kill or during the PostgreSQL
    restart, and the second at least `lease` seconds after it.
    """
    from post_office.models import Email

    rows = dict(Email.objects.values_list("message_id", "subject"))
    caused = set(rows)
    kinds = Counter(kind_of(subject) for subject in rows.values())
    short = [
        f"{kinds[kind]} {kind} mail(s) for {acknowledged.get(action, 0)} {action}(s)"
        for kind, (_, action) in KINDS.items()
        if kinds[kind] < acknowledged.get(action, 0)
    ]
    copies = arrivals(maildir)
    twice = {key: times for key, times in copies.items() if len(times) > 1}
    killed = faults["Celery worker killed"][0]
    restart_began, restarted = faults["PostgreSQL restarted"]

    def explained(times: list[float]) -> bool:
        cut = killed - CUT <= times[0] <= killed or restart_began - CUT <= times[0] <= restarted
        return cut and len(times) == 2 and times[1] - times[0] >= lease - 1

    unexplained = [key for key, times in twice.items() if not explained(times)]
    return {
        "caused": len(caused),
        "kinds": dict(kinds),
        "short": short,
        "delivered": len(caused & copies.keys()),
        "lost": len(caused - copies.keys()),
        "twice": len(twice),
        "unexplained": unexplained,
        "strangers": len(copies.keys() - caused),
    }
