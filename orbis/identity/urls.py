from django.urls import path

from . import views, views_password, views_tokens

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views_password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/password/", views_password.change_password, name="password_change"),
    path("preferences/tokens/", views_tokens.tokens, name="tokens"),
    path("preferences/tokens/<uuid:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("language/", views.set_language, name="set_language"),
    path("search", views.search, name="search"),
]
