from django.contrib import admin
from django.urls import include, path

from accounts.views import (
    admin_login,
    profile,
    reauthenticate_sso,
    reminder_choices,
    unsubscribe,
)
from assessments import privacy
from skillgap import readiness

urlpatterns = [
    path("", include("careers.urls")),
    path("readyz", readiness.readyz, name="readyz"),
    # Before allauth's include, so these paths under /accounts/ are never shadowed.
    path("accounts/delete/", privacy.delete_my_account, name="delete_account"),
    path("accounts/data.json", privacy.download_my_data, name="download_my_data"),
    path("accounts/profile/", profile, name="account_profile"),
    path("accounts/reauthenticate/sso/", reauthenticate_sso, name="account_reauthenticate_sso"),
    path("accounts/reminders/", reminder_choices, name="account_reminders"),
    path("accounts/unsubscribe/<str:token>/", unsubscribe, name="account_unsubscribe"),
    path("accounts/", include("allauth.urls")),
    # Before assessments' include: requests and share links live under an assessment's path.
    path("", include("reviews.urls")),
    path("", include("reviews.share_urls")),
    path("", include("progress.urls")),
    path("assessments/", include("assessments.urls")),
    path("teams/", include("teams.urls")),
    # Before the admin's own log-in: the admin signs in through /accounts/login/.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
