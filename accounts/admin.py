"""The admin pages of the apps SkillGap installs (users, groups, e-mail addresses, the mail
outbox) and of account profiles, with the site's limit on changelist lookups
(careers.admin_lookups)."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

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


# The outbox (accounts.outbox): mails and their send log, for staff to see what waits or
# failed. Templates are not used.
for model in (Email, Log, EmailTemplate, Attachment):
    admin.site.unregister(model)


@admin.register(Email)
class OutboxEmailAdmin(DeclaredLookupsOnly, post_office_admin.EmailAdmin):
    pass


@admin.register(Log)
class OutboxLogAdmin(DeclaredLookupsOnly, post_office_admin.LogAdmin):
    pass


@admin.register(Attachment)
class OutboxAttachmentAdmin(DeclaredLookupsOnly, post_office_admin.AttachmentAdmin):
    pass
