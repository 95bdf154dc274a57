"""The password pages: Django's reset views with Orbis's forms and templates, and the signed-in
user's own change of password (through identity.services.change_password)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from orbis.kernel.errors import ValidationError
from orbis.kernel.web.forms import StyledFormMixin, errors_to_form

from . import services
from .password_reset import NewPasswordForm, ResetRequestForm


class ChangePasswordForm(StyledFormMixin, PasswordChangeForm):
    """Django's form: the current password, the new one twice, the validators' messages."""


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_password(
                user,
                form.cleaned_data["old_password"],
                form.cleaned_data["new_password1"],
                actor=user,
            )
        except ValidationError as error:
            errors_to_form(form, error, field_names={"password": "new_password1"})
        else:
            # The session survives the change; every other session of the user ends.
            update_session_auth_hash(request, changed)
            messages.success(request, _("Your password has been changed."))
            return redirect("password_change")
    context = {"form": form, "nav_preferences": "password"}
    status = 422 if form.is_bound else 200
    return render(request, "identity/password_change.html", context, status=status)


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
