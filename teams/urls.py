"""Teams (DESIGN §12), all under /teams/."""

from django.urls import path  # noqa: F401

app_name = "teams"

urlpatterns: list = []
