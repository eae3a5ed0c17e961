"""Reading the SMTP sink's Maildir, for bench/faults.py and its locustfile."""

from __future__ import annotations

import email.message
import mailbox
import re
from pathlib import Path


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
