from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new, name="new"),
    path("<uuid:public_id>/", views.rate, name="rate"),
    path("<uuid:public_id>/range.json", views.readiness_range, name="range_json"),
    path("<uuid:public_id>/retake/", views.retake, name="retake"),
    path("<uuid:public_id>/report/", views.report, name="report"),
    path("<uuid:public_id>/report/full/", views.report_full, name="report_full"),
    path("<uuid:public_id>/hours-per-week/", views.hours_per_week, name="hours_per_week"),
    path("<uuid:public_id>/report.csv", views.report_csv, name="report_csv"),
    path("<uuid:public_id>/report.json", views.report_json, name="report_json"),
]
