"""Share links (DESIGN §11): the owner's links under their assessment, the public read-only page."""

from django.urls import path

from reviews import share_views

app_name = "shares"

urlpatterns = [
    path("assessments/<uuid:public_id>/shares/", share_views.create, name="create"),
    path(
        "assessments/<uuid:public_id>/shares/<int:link_id>/revoke/",
        share_views.revoke,
        name="revoke",
    ),
    path("shared/<str:token>/", share_views.shared, name="shared"),
]
