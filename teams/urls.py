"""Teams (DESIGN §12), all under /teams/."""

from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.new, name="new"),
    path("join/<str:token>/", views.join, name="join"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/heatmap.csv", views.heatmap_csv, name="heatmap_csv"),
    path("<slug:slug>/sharing/", views.sharing, name="sharing"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/rename/", views.rename, name="rename"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
    path("<slug:slug>/invite/", views.renew_invite, name="renew_invite"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/manager/", views.make_manager, name="make_manager"),
    path("<slug:slug>/members/<int:pk>/member/", views.demote_manager, name="demote_manager"),
    path("<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
]
