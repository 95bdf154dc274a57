"""Administration of users, roles and teams, under /settings/ (identity.manage)."""

from django.urls import path

from . import views_manage

app_name = "identity_manage"

urlpatterns = [
    path("users/", views_manage.user_list, name="user_list"),
    path("users/new/", views_manage.user_create, name="user_create"),
    path("users/<uuid:pk>/", views_manage.user_edit, name="user_edit"),
    path("users/<uuid:pk>/unlock/", views_manage.user_unlock, name="user_unlock"),
    path("roles/", views_manage.role_list, name="role_list"),
    path("roles/new/", views_manage.role_create, name="role_create"),
    path("roles/<uuid:pk>/", views_manage.role_edit, name="role_edit"),
    path("teams/", views_manage.team_list, name="team_list"),
]
