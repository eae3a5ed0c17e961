"""The admin signs in through the site's log-in, with its rate limits and lockout."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

ADMIN_INDEX = "/admin/"


def admin_login(request: HttpRequest) -> HttpResponse:
    """Send /admin/login/ to /accounts/login/: nothing is ever authenticated here.

    Staff already signed in go on to the admin. A signed-in person who is not staff would
    otherwise bounce between the two pages: they get the 403 page instead.
    """
    next_url = request.GET.get("next", ADMIN_INDEX)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = ADMIN_INDEX
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(next_url)
        return render(request, "403.html", status=403)
    query = urlencode({"next": next_url})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
