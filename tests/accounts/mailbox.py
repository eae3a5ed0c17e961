"""Reading links out of the mails the test outbox holds, as a person would click them."""

from __future__ import annotations

import re

from django.core import mail

_LINK = re.compile(r"https?://\S+")


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def link_in(message, fragment: str) -> str:
    """The first link in `message` whose path contains `fragment`."""
    return next(url for url in _LINK.findall(message.body) if fragment in url)


def confirm_link(address: str) -> str:
    return link_in(mails_to(address)[-1], "/accounts/confirm-email/")


def reset_link(address: str) -> str:
    return link_in(mails_to(address)[-1], "/accounts/password/reset/key/")
