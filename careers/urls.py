from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
]
