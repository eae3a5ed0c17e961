"""Progress on a plan (DESIGN §17): My plan and the calendar feed; a step's state and the goal
live under an assessment's path."""

from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("assessments/<uuid:public_id>/plan/", views.step_state, name="step_state"),
    path("assessments/<uuid:public_id>/goal/", views.goal, name="goal"),
    path("plan/", views.plan, name="plan"),
    path("plan/calendar/", views.renew_feed, name="renew_feed"),
    path("plan/calendar/revoke/", views.revoke_feed, name="revoke_feed"),
    path("plan/calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
]
