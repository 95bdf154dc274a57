"""Saved views: the writes (service contract: keyword-only actor, checked and locked here)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from orbis.kernel.errors import NotFound, PermissionDenied, ValidationError
from orbis.kernel.models import SavedView

from .lists import ListSpec, kept_query

NAME_LIMIT = 80


@transaction.atomic
def save_view(spec: ListSpec, params: Any, *, name: str, shared: bool, actor: Any) -> SavedView:
    """Keep the list state in `params` (a QueryDict) under `name`; the actor's view of that
    name is replaced. Only the spec's filters, sort and columns are kept."""
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError({"name": "Give the view a name."})
    if len(name) > NAME_LIMIT:
        raise ValidationError({"name": f"At most {NAME_LIMIT} characters."})
    view, _ = SavedView.objects.select_for_update().update_or_create(
        owner=actor,
        list_key=spec.key,
        name=name,
        defaults={"query": kept_query(spec, params), "shared": bool(shared)},
    )
    return view


@transaction.atomic
def delete_view(view_id: Any, *, actor: Any) -> None:
    """Delete one of the actor's own views; another user's shared view is theirs to delete."""
    view = SavedView.objects.select_for_update().filter(pk=view_id).first()
    if view is None or (view.owner_id != actor.pk and not view.shared):
        raise NotFound("No such saved view.")
    if view.owner_id != actor.pk:
        raise PermissionDenied("Only the person who saved a view may delete it.")
    view.delete()
