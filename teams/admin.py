"""Teams, read-only, for superusers.

Framework editors hold no permission on this app, so none of it appears to them. The invite
token's digest is never shown: it opens nothing, but it is nobody's business either.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from careers.admin_lookups import DeclaredLookupsOnly
from teams.models import Membership, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["person", "is_manager", "shares", "joined_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("person")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    list_display = ["name", "slug", "created_at", "invite_expires_at"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "created_at", "invite_expires_at"]
    readonly_fields = fields
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
