"""The public catalogue: what SkillGap is, the roles, and each role's ladder."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from assessments.proficiency import SCALE
from careers.models import Role
from careers.selectors import build_ladder, list_role_cards


def home(request: HttpRequest) -> HttpResponse:
    context = {"roles": list_role_cards(), "proficiency_scale": SCALE}
    return render(request, "careers/home.html", context)


def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = get_object_or_404(Role, slug=slug)
    return render(request, "careers/role_detail.html", {"ladder": build_ladder(role)})


def healthz(request: HttpRequest) -> HttpResponse:
    # One trivial query proves the database answers; the benchmark's baseline page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
