from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("careers.urls")),
    path("accounts/", include("allauth.urls")),
    path("assessments/", include("assessments.urls")),
    path("admin/", admin.site.urls),
]
