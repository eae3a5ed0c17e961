"""Share links (DESIGN §11): the owner's links under their assessment, the public read-only page."""

from django.urls import path  # noqa: F401

app_name = "shares"

urlpatterns: list = []
