"""The admin pages of the apps SkillGap installs (users, groups, e-mail addresses) and of
account profiles, with the site's limit on changelist lookups (careers.admin_lookups)."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from accounts.models import Profile
from careers.admin_lookups import DeclaredLookupsOnly

User = get_user_model()

admin.site.unregister([User, Group, EmailAddress])


@admin.register(User)
class PersonAdmin(DeclaredLookupsOnly, UserAdmin):
    pass


@admin.register(Group)
class PersonGroupAdmin(DeclaredLookupsOnly, GroupAdmin):
    pass


@admin.register(EmailAddress)
class AddressAdmin(DeclaredLookupsOnly, EmailAddressAdmin):
    pass


@admin.register(Profile)
class AccountProfileAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    list_display = ["user", "name", "notify_review_submitted"]
    list_select_related = ["user"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]
