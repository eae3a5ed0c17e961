"""The public catalogue: what SkillGap is, the roles, and each role's ladder."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from careers import names
from careers.cache import framework_version, read_current, write_current
from careers.forms import RESULTS_ONLY_HEADER, CatalogueForm, wants_results_only
from careers.models import Role
from careers.proficiency import SCALE
from careers.selectors import build_catalogue, build_ladder
from careers.templatetags.compact import drop_indentation

LADDER_KEY = "skillgap:ladder"


HOME_BODY_KEY = "skillgap:home-body"
# The query's fields the home page's body is drawn from, as the form reads them.
HOME_FIELDS = ("q", "source", "group", "page")


def home(request: HttpRequest) -> HttpResponse:
    # The catalogue is the same for everyone and changes only with the framework: the whole
    # body under the navigation (introduction, search form, a page of results) is kept per
    # framework version, signed in or not, and query as sent, and read with the version in
    # one call to the cache. A hit builds no form and runs no query; live-search.js asks for
    # the results alone, which the templates cache on their own.
    if wants_results_only(request):
        response = render(request, "careers/_role_results.html", _catalogue_context(request))
    else:
        response = render(request, "careers/home.html", {"body": _home_body(request)})
    patch_vary_headers(response, [RESULTS_ONLY_HEADER])
    return response


def _catalogue_context(request: HttpRequest) -> dict[str, object]:
    form = CatalogueForm(request.GET)
    criteria = form.criteria(request.GET.get("page"))
    return {
        "form": form,
        "criteria": criteria,
        "catalogue": SimpleLazyObject(lambda: build_catalogue(criteria)),
        "framework_version": framework_version(),
        "proficiency_scale": SCALE,
    }


def _home_body(request: HttpRequest) -> str:
    asked = repr([request.user.is_authenticated, *(request.GET.get(f) for f in HOME_FIELDS)])
    key = f"{HOME_BODY_KEY}:{hashlib.sha256(asked.encode()).hexdigest()}"
    version, body = read_current(key)
    if body is None:
        context = _catalogue_context(request)
        body = drop_indentation(render_to_string("careers/_home_body.html", context, request))
        form, criteria = context["form"], context["criteria"]
        # As the parts are: a refused search, or a page past the cached ones, is drawn
        # afresh each time (no unbounded keys).
        if form.cache_key and criteria.is_cached:
            write_current(key, str(body), version=version, timeout=criteria.cache_seconds)
    return mark_safe(body)


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The ladder is the same for everyone and changes only with the framework: its title
    # and body are cached per role and framework version. A hit runs no query of its own:
    # a slug kept under the current version names a role that exists in it.
    key = f"{LADDER_KEY}:{slug}:{framework_version()}"
    ladder = cache.get(key)
    if ladder is None:
        ladder = _ladder_page(get_object_or_404(Role, slug=slug))
        cache.set(key, ladder, timeout=None)
    context = {"title": ladder["title"], "body": mark_safe(ladder["body"])}
    return render(request, "careers/role_detail.html", context)


def _ladder_page(role: Role) -> dict[str, str]:
    ladder = build_ladder(role)
    body = render_to_string("careers/_ladder.html", {"ladder": ladder})
    return {"title": names.display_name(role.name), "body": str(drop_indentation(body))}


def healthz(request: HttpRequest) -> HttpResponse:
    # One trivial query proves the database answers; the benchmark's baseline page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that link no icon (the admin's own, a PDF).
    # Temporary: the static URL changes with the file's hash in production.
    return redirect(static("favicon.svg"))
