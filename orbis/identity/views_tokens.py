"""Preferences, API tokens: create one (its secret shown once), see when each was used, revoke.

A user sees only their own tokens. The revoke view also serves identity managers revoking
someone else's token from the user management pages; anyone else gets a 404, the same answer
as for a token that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from orbis.kernel.errors import ValidationError

from .access import has_permission
from .forms_tokens import SCOPE_CHOICES, TokenForm
from .models import ApiToken
from .tokens import MAX_OPEN_TOKENS, create_token, open_tokens, revoke_token

_FORM_FIELDS = {"name": "name", "scopes": "scopes", "expires_at": "expires_on"}


def token_rows(tokens: Iterable[ApiToken]) -> list[dict[str, Any]]:
    """Each token with its scopes in words and whether it has expired."""
    labels, now = dict(SCOPE_CHOICES), timezone.now()
    return [
        {
            "token": token,
            "scopes": [labels.get(scope, scope) for scope in token.scopes],
            "expired": token.expires_at is not None and token.expires_at <= now,
        }
        for token in tokens
    ]


@never_cache  # the page that shows a new token's secret must never be stored by a cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    created: tuple[ApiToken, str] | None = None
    if request.method == "POST":
        form = TokenForm(request.POST, time_zone=user.time_zone)
        if form.is_valid():
            try:
                created = create_token(
                    user,
                    form.cleaned_data["name"],
                    actor=user,
                    scopes=form.cleaned_data["scopes"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as exc:
                for field, errors in exc.errors.items():
                    form.add_error(_FORM_FIELDS.get(field), errors)
            else:
                form = TokenForm(time_zone=user.time_zone)
    else:
        form = TokenForm(time_zone=user.time_zone)
    context = {
        "form": form,
        "rows": token_rows(open_tokens(user)),
        "created": created,
        "max_tokens": MAX_OPEN_TOKENS,
        "nav_preferences": "tokens",
    }
    return render(request, "identity/tokens.html", context)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    token = ApiToken.objects.select_related("user").filter(pk=pk, revoked_at=None).first()
    if token is None or (token.user_id != user.pk and not has_permission(user, "identity.manage")):
        raise Http404()
    revoke_token(token, actor=user)
    name = format_html("<bdi>{}</bdi>", token.name)
    messages.success(request, format_html(_("The token “{name}” was revoked."), name=name))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("tokens")
