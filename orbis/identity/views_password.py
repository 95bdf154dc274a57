"""The forgotten-password pages: Django's reset views with Orbis's forms and templates."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .password_reset import NewPasswordForm, ResetRequestForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "identity/password_reset/request.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "identity/password_reset/requested.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "identity/password_reset/confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "identity/password_reset/complete.html"
