"""The person's profile page; and the admin signs in through the site's log-in, with its
rate limits and lockout."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import ProfileForm
from accounts.models import Profile
from accounts.services import save_profile

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
