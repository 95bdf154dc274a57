"""The request of a page behind the sign-in: `request.user` is a real user, never anonymous."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:  # for the type only: the kernel imports no app at run time
    from orbis.identity.models import User


class AuthenticatedRequest(HttpRequest):
    """Annotate views behind `login_required`/`permission_required` with this type."""

    user: User
