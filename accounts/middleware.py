"""Answer a mail failure with a calm page instead of a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.adapter import MailNotSent

# 503: the request was fine; a service it needs is away for now.
MAIL_UNAVAILABLE_STATUS = 503


class MailFailureMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, MailNotSent):
            return render(request, "account/email_not_sent.html", status=MAIL_UNAVAILABLE_STATUS)
        return None
