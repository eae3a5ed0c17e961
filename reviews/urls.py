"""Second opinions (DESIGN §10): the owner's requests, and the reviewer's link."""

from django.urls import path  # noqa: F401

app_name = "reviews"

urlpatterns: list = []
