"""Pages of the web kit itself: saving and deleting a list's saved views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.kernel.errors import NotFound, PermissionDenied, ValidationError
from orbis.kernel.models import SavedView

from . import saved_views
from .lists import LISTS, ListSpec
from .requests import AuthenticatedRequest


def _spec(request: AuthenticatedRequest, key: str) -> ListSpec:
    spec = LISTS.get(key)
    if spec is None:
        raise Http404()
    if not request.user.has_perm(spec.permission):
        raise DjangoPermissionDenied(spec.permission)
    return spec


@login_required
@require_POST
def save_view(request: AuthenticatedRequest) -> HttpResponse:
    spec = _spec(request, request.POST.get("list", ""))
    state = request.POST.get("query", "")[:2000]
    params = QueryDict(state)
    try:
        view = saved_views.save_view(
            spec,
            params,
            name=request.POST.get("name", ""),
            shared=request.POST.get("shared") == "on",
            actor=request.user,
        )
    except ValidationError:
        messages.error(request, _("The view was not saved: give it a name of 1 to 80 characters."))
        return redirect(reverse(spec.url_name) + ("?" + state if state else ""))
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return redirect(reverse(spec.url_name) + ("?" + view.query if view.query else ""))


@login_required
@require_POST
def delete_view(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    view = SavedView.objects.filter(pk=pk).first()
    spec = _spec(request, view.list_key if view else "")
    try:
        saved_views.delete_view(pk, actor=request.user)
    except NotFound:
        raise Http404() from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from None
    messages.success(request, _("View deleted."))
    return redirect(spec.url_name)
