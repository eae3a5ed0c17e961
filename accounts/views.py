"""Account pages beside allauth's: reminder choices, one-click unsubscribe, and the admin's
log-in, which goes through the site's own, with its rate limits and lockout."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import reminders

REMINDERS_SAVED = "Your reminder choices are saved."

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


@login_required
@require_http_methods(["GET", "POST"])
def reminder_choices(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = reminders.RemindersForm(data, instance=reminders.reminders_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, REMINDERS_SAVED)
        return redirect("account_reminders")
    return render(request, "account/reminders.html", {"form": form})


# A mail client's one-click POST (RFC 8058) carries no CSRF token; the signed token in the
# address is what authorises it, and all it can do is turn one kind of mail off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    claim = reminders.read_unsubscribe_token(token)
    if claim is None:
        return render(request, "account/unsubscribe.html", {"invalid": True}, status=404)
    user_id, kind = claim
    context = {"kind_name": reminders.KIND_NAMES[kind], "done": request.method == "POST"}
    if request.method == "POST":
        reminders.turn_off(user_id, kind)
    return render(request, "account/unsubscribe.html", context)
