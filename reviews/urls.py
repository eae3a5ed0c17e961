"""Second opinions (DESIGN §10): the owner's requests, and the reviewer's link."""

from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("assessments/<uuid:public_id>/reviews/", views.ask, name="ask"),
    path("assessments/<uuid:public_id>/reviews/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("assessments/<uuid:public_id>/reviews/<int:pk>/hide/", views.hide, name="hide"),
    path("reviews/given/<int:pk>/", views.given, name="given"),
    path("reviews/<str:token>/", views.review, name="review"),
]
