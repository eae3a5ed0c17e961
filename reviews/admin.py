"""Review requests, read-only, for superusers.

Framework editors hold no permission on this app, so none of it appears to them. The token's
digest is left out: nothing in the admin can open, or help guess, a review link.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from careers.admin_lookups import DeclaredLookupsOnly
from reviews.models import ReviewRating, ReviewRequest


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
class ReviewRequestAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
