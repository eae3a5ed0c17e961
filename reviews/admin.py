"""Share links, read-only, for superusers.

Framework editors hold no permission on this app, so none of it appears to them. The token
is never stored, and its digest is not shown either: the admin sees when a link was made,
when it ends, how often it was opened and whether notes go with it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careers.admin_lookups import DeclaredLookupsOnly
from reviews.models import ShareLink


@admin.register(ShareLink)
class ShareLinkAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    list_display = ["__str__", "created_at", "expires_at", "view_count", "include_notes"]
    list_filter = ["include_notes"]
    date_hierarchy = "created_at"
    fields = [
        "assessment",
        "created_at",
        "expires_at",
        "include_notes",
        "view_count",
        "revoked_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
