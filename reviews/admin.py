"""Review requests and share links, read-only, for superusers.

Framework editors hold no permission on this app, so none of it appears to them. Tokens are
never stored and their digests are left out: nothing in the admin can open, or help guess,
a review or share link.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from careers.admin_lookups import DeclaredLookupsOnly
from reviews.models import ReviewRating, ReviewRequest, ShareLink


class ReadOnlyAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    """Shows what happened; only the owner's own pages change it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReviewRatingInline(admin.TabularInline):
    model = ReviewRating
    fields = ["requirement", "level", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReviewRating]:
        return super().get_queryset(request).select_related("requirement")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "accepted_at", "submitted_at", "revoked_at"]
    date_hierarchy = "created_at"
    fields = [
        "assessment",
        "email",
        "message",
        "created_at",
        "expires_at",
        "reviewer",
        "reviewer_name",
        "accepted_at",
        "submitted_at",
        "revoked_at",
        "hidden_at",
    ]
    readonly_fields = fields
    inlines = [ReviewRatingInline]


@admin.register(ShareLink)
class ShareLinkAdmin(ReadOnlyAdmin):
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
