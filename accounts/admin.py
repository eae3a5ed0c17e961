"""The admin pages of the apps SkillGap installs (users, groups, e-mail addresses, the mail
outbox, second factors, single sign-on) and of account profiles, with the superuser's reset
of a person's lost second factors and the site's limit on changelist lookups
(careers.admin_lookups)."""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.socialaccount.admin import SocialAccountAdmin, SocialAppAdmin, SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

from accounts.factors import reset_factors
from accounts.models import Profile
from careers.admin_lookups import DeclaredLookupsOnly

User = get_user_model()

admin.site.unregister(
    [User, Group, EmailAddress, Authenticator, SocialApp, SocialAccount, SocialToken]
)


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


# allauth's own pages for second factors and single sign-on, with the same lookup limit.
@admin.register(Authenticator)
class FactorAdmin(DeclaredLookupsOnly, AuthenticatorAdmin):
    pass


@admin.register(SocialApp)
class SignOnAppAdmin(DeclaredLookupsOnly, SocialAppAdmin):
    pass


@admin.register(SocialAccount)
class SignOnLinkAdmin(DeclaredLookupsOnly, SocialAccountAdmin):
    pass


@admin.register(SocialToken)
class SignOnTokenAdmin(DeclaredLookupsOnly, SocialTokenAdmin):
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
