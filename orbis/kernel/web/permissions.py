"""Page decorators: who may open a page at all. What a record allows is the service's call."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from orbis.kernel.errors import NotFound, PermissionDenied

from .pages import BadPageLink
from .requests import AuthenticatedRequest

View = Callable[..., HttpResponse]


def permission_required(code: str) -> Callable[[View], View]:
    """Signed in (else to the login page) and holding `code` in some region (else 403).

    A domain NotFound becomes a 404 and a domain PermissionDenied a 403, so a view may call
    services and the access helpers without catching their refusals. The permission is asked
    through `user.has_perm`, which identity's RolePermissionBackend answers from the user's
    roles; the kernel imports no app.
    """

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(code):
                raise DjangoPermissionDenied(code)
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from None
            except BadPageLink as exc:  # an edited or made-up page link: say which parameter
                field, messages = next(iter(exc.errors.items()))
                context = {"problem_field": field, "problem": messages[0]}
                return render(request, "400.html", context, status=400)

        return wrapped

    return decorate
