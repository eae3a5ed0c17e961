from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
]
