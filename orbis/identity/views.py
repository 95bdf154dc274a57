"""Sign-in, preferences, the language switcher and the global search box."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.kernel.errors import ValidationError
from orbis.kernel.registry import registry

from . import services
from .forms import LanguageForm, LoginForm, PreferencesForm
from .middleware import ui_language

LANGUAGE_SESSION_KEY = "orbis_language"  # read by middleware.UserLanguageMiddleware
TIME_ZONE_SESSION_KEY = "orbis_time_zone"
SEARCH_LIMIT = 8


def remember_preferences(request: HttpRequest, user: Any) -> None:
    """Copy the user's language and time zone into the session, where the middleware reads them
    without a query per request."""
    request.session[LANGUAGE_SESSION_KEY] = user.language
    request.session[TIME_ZONE_SESSION_KEY] = user.time_zone


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        remember_preferences(self.request, form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link cannot sign anyone out."""


def home(request: HttpRequest) -> HttpResponse:
    return redirect("customers:contact_list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.update_preferences(user, **form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.errors.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                remember_preferences(request, user)
                messages.success(request, _("Your preferences were saved."))
                return redirect("preferences")
    else:
        form = PreferencesForm(
            initial={
                "language": ui_language(user.language) or "",
                "time_zone": user.time_zone,
                "reporting_currency": user.reporting_currency,
            }
        )
    return render(request, "identity/preferences.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: works signed out (session only) and signed in (saved too)."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if form.is_valid():
        language = form.cleaned_data["language"]
        request.session[LANGUAGE_SESSION_KEY] = language
        user: Any = request.user
        if user.is_authenticated and ui_language(user.language) != language:
            services.update_preferences(user, language=language, actor=request.user)
    return HttpResponseRedirect(target)


def _result_template(item: Any) -> str:
    """Each app shows its own search hits: `<app>/search/<model>.html`, else a plain line."""
    meta = item._meta
    return select_template(
        [f"{meta.app_label}/search/{meta.model_name}.html", "partials/search_hit.html"]
    ).template.name


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    groups = []
    if query:
        for key, provider in registry.search_providers.items():
            hits = list(provider.search(request.user, query, SEARCH_LIMIT))
            if hits:
                ids = [hit.pk for hit in hits]
                registry.personal_data_read(request.user, hits[0]._meta.label_lower, ids, "search")
                groups.append(
                    {
                        "key": key,
                        "label": provider.label,
                        "hits": [(hit, _result_template(hit)) for hit in hits],
                    }
                )
    context = {"query": query, "groups": groups}
    if getattr(request, "htmx", False):
        return render(request, "search.html#results", context)
    return render(request, "search.html", context)
