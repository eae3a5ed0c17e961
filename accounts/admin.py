"""The admin pages of the apps SkillGap installs (users, groups, e-mail addresses), the
superuser's reset of a person's lost second factors, and the
site's limit on changelist lookups (careers.admin_lookups)."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from accounts.factors import reset_factors
from careers.admin_lookups import DeclaredLookupsOnly

User = get_user_model()

admin.site.unregister([User, Group, EmailAddress])


@admin.register(User)
class PersonAdmin(DeclaredLookupsOnly, UserAdmin):
    actions = ["reset_two_factor"]

    @admin.action(
        description="Reset two-factor sign-in (lost phone or key)", permissions=["reset_factors"]
    )
    def reset_two_factor(self, request, queryset):
        removed = sum(reset_factors(person=person, by=request.user) for person in queryset)
        self.message_user(
            request,
            f"Removed {removed} authenticator(s) from {len(queryset)} account(s). "
            "They sign in with their password alone until they enrol again.",
            messages.SUCCESS,
        )

    def has_reset_factors_permission(self, request) -> bool:
        # Only a superuser: an editor could otherwise strip another editor's protection.
        return request.user.is_superuser


@admin.register(Group)
class PersonGroupAdmin(DeclaredLookupsOnly, GroupAdmin):
    pass


@admin.register(EmailAddress)
class AddressAdmin(DeclaredLookupsOnly, EmailAddressAdmin):
    pass
