"""Bulk actions on selected contacts or companies: each row through its own service call.

So every row is checked for its own region and action (a rep may archive the EMEA rows of a
selection and be refused the APAC ones), locked, versioned and audited like a single edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from orbis.kernel.errors import DomainError, ValidationError
from orbis.kernel.ids import parse_uuid

from . import services
from .models import Company, Contact

LIMIT = 500  # rows per request: a page or a few pages of a list, never the whole table


@dataclass
class BulkResult:
    done: int = 0
    refused: list[tuple[Any, str]] = field(default_factory=list)  # (pk, why)


_SERVICES = {
    Contact: (services.update_contact, services.archive_contact),
    Company: (services.update_company, services.archive_company),
}


def apply(
    model: type[Model], ids: list[str], action: str, value: str = "", *, actor: Any
) -> BulkResult:
    """Apply `action` ("assign_owner" with a user id, "add_tag" with a tag, "archive") to the
    rows `ids` of `model` the actor can see; rows it cannot see are reported as not found."""
    pks = [pk for pk in (parse_uuid(i) for i in ids) if pk is not None]
    if not pks:
        raise ValidationError({"ids": "Select at least one row."})
    if len(pks) > LIMIT:
        raise ValidationError({"ids": f"At most {LIMIT} rows at a time."})
    if action in {"assign_owner", "add_tag"} and not value.strip():
        raise ValidationError({"value": "Say which owner or tag."})
    if action not in {"assign_owner", "add_tag", "archive"}:
        raise ValidationError({"action": "Not a bulk action."})
    update, archive = _SERVICES[model]  # type: ignore[index]
    visible = {
        row.pk: row
        for row in model.objects.visible_to(actor).filter(pk__in=pks)  # type: ignore[attr-defined]
    }
    result = BulkResult()
    for pk in pks:
        row = visible.get(pk)
        if row is None:
            result.refused.append((pk, "Not found."))
            continue
        try:
            if action == "archive":
                archive(row, actor=actor)
            elif action == "assign_owner":
                update(row, {"owner": value}, actor=actor)
            else:
                tags = sorted({*row.tags.values_list("name", flat=True), value.strip()})
                update(row, {"tags": tags}, actor=actor)
        except DomainError as error:
            result.refused.append((pk, error.detail))
            continue
        result.done += 1
    return result
