"""Account pages beside allauth's: the person's profile, reminder choices, one-click
unsubscribe, confirming it is them through single sign-on; and the admin signs in through
the site's log-in, with its rate limits and lockout."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.utils import get_next_redirect_url
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts import reauthentication, reminders
from accounts.forms import ProfileForm
from accounts.models import Profile
from accounts.services import save_profile

REMINDERS_SAVED = "Your reminder choices are saved."

ADMIN_INDEX = "/admin/"
INVALID = 422
PROFILE_SAVED = "Profile saved."


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
@require_safe
def reauthenticate_sso(request: HttpRequest) -> HttpResponse:
    """Confirm it is you by signing in again at your provider, then back to `next`.

    Among allauth's reauthentication methods for people linked to a provider
    (accounts.reauthentication); for anyone else, allauth's first method instead."""
    next_url = get_next_redirect_url(request) or reverse("assessments:dashboard")
    providers = reauthentication.linked_providers(request, request.user)
    if not providers:
        return _redirect_to_first_method(request, next_url)
    methods = get_adapter().get_reauthentication_methods(request.user)
    context = {
        "providers": [
            (provider.name, reauthentication.login_url(request, provider, next_url))
            for provider in providers
        ],
        "reauthentication_alternatives": [
            {**method, "url": f"{method['url']}?{urlencode({'next': next_url})}"}
            for method in methods
            if method["id"] != reauthentication.METHOD_ID
        ],
    }
    return render(request, "account/reauthenticate_sso.html", context)


def _redirect_to_first_method(request: HttpRequest, next_url: str) -> HttpResponse:
    methods = get_adapter().get_reauthentication_methods(request.user)
    if not methods:
        raise PermissionDenied
    return HttpResponseRedirect(f"{methods[0]['url']}?{urlencode({'next': next_url})}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The person's display name and mail preferences (DESIGN §16)."""
    current = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=current)
    if form.is_bound and form.is_valid():
        save_profile(user=request.user, **form.cleaned_data)
        messages.success(request, PROFILE_SAVED)
        return redirect("account_profile")
    status = INVALID if form.is_bound else 200
    return render(request, "account/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_choices(request: HttpRequest) -> HttpResponse:
    """Which mails the person wants: the digest, retake reminders, second opinions."""
    data = request.POST if request.method == "POST" else None
    form = reminders.RemindersForm(data, user=request.user)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, REMINDERS_SAVED)
        return redirect("account_reminders")
    status = INVALID if form.is_bound else 200
    return render(request, "account/reminders.html", {"form": form}, status=status)


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
