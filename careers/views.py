"""The public catalogue: what SkillGap is, the roles, and each role's ladder."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from careers.cache import cached_per_version
from careers.models import Role
from careers.proficiency import SCALE
from careers.selectors import build_ladder, list_role_cards


def home(request: HttpRequest) -> HttpResponse:
    # The catalogue changes only with the framework: render it once per version.
    catalogue = cached_per_version("role-catalogue", _render_role_catalogue)
    context = {"catalogue": catalogue, "proficiency_scale": SCALE}
    return render(request, "careers/home.html", context)


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The ladder is the same for everyone and changes only with the framework: render it
    # once per version. Only the page around it (navigation, messages) is per request.
    ladder = cached_per_version(f"ladder:{slug}", lambda: _render_ladder(slug))
    return render(request, "careers/role_detail.html", ladder)


def _render_role_catalogue() -> str:
    return render_to_string("careers/_role_catalogue.html", {"roles": list_role_cards()})


def _render_ladder(slug: str) -> dict[str, str]:
    role = get_object_or_404(Role, slug=slug)
    body = render_to_string("careers/_ladder.html", {"ladder": build_ladder(role)})
    return {"role_name": role.name, "body": body}


def healthz(request: HttpRequest) -> HttpResponse:
    # One trivial query proves the database answers; the benchmark's baseline page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
