"""People's assessments, read-only, for superusers.

Framework editors hold no permission on this app, so none of it appears to them. An
assessment is what a person entered: the admin may view or delete one, never rewrite it.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from assessments.models import Assessment, Profile, Rating, SubmittedRequirement
from careers.admin_lookups import DeclaredLookupsOnly


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return list(self.fields)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class RatingInline(_ReadOnlyInline):
    model = Rating
    fields = ["skill", "level", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rating]:
        return super().get_queryset(request).select_related("skill")


class SubmittedRequirementInline(_ReadOnlyInline):
    model = SubmittedRequirement
    fields = [
        "skill_name",
        "category_name",
        "required_level",
        "importance",
        "rated_level",
        "note",
    ]


@admin.register(Assessment)
class AssessmentAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    list_display = ["public_id", "rung", "status", "submitted_at", "readiness"]
    list_filter = ["status", "rung__role"]
    list_select_related = ["rung"]
    date_hierarchy = "created_at"
    fields = [
        "public_id",
        "owner",
        "rung",
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "readiness",
        "ready",
    ]
    readonly_fields = fields
    inlines = [RatingInline, SubmittedRequirementInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Profile)
class ProfileAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    list_display = ["__str__", "hours_per_week"]
    fields = ["user", "hours_per_week"]
    raw_id_fields = ["user"]
