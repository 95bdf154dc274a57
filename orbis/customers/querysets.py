"""Reads of contacts and companies. Every user-facing read starts at visible_to(user)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db.models import Prefetch

from orbis.identity.access import explain_missing
from orbis.identity.querysets import RegionScopedQuerySet
from orbis.kernel.errors import NotFound, PermissionDenied
from orbis.kernel.ids import record_id

if TYPE_CHECKING:
    from .models import Company, Contact


class ContactQuerySet(RegionScopedQuerySet):
    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def with_details(self) -> Self:
        """Everything a page or an API representation shows, in a fixed number of queries;
        the search text is never shown, so never loaded."""
        from .models import Employment

        employments = Employment.objects.select_related("company").order_by(
            "-is_primary", "company__name"
        )
        return (
            self.select_related("owner", "region")
            .defer("search_document")
            .prefetch_related("points", "tags", Prefetch("employments", queryset=employments))
        )


class ContactChildQuerySet(RegionScopedQuerySet):
    """Rows that belong to one contact (its emails and phones, its jobs): scoped by the
    contact's region, with the contact's actions."""

    region_field = "contact__region_id"


class CompanyQuerySet(RegionScopedQuerySet):
    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def with_details(self) -> Self:
        return (
            self.select_related("owner", "region").defer("search_document").prefetch_related("tags")
        )


def access_contact(
    user: Any,
    contact_id: Any,
    *,
    action: str = "view",
    for_update: bool = False,
    details: bool = True,
) -> Contact:
    """The contact if `user` may do `action` to it (locked when `for_update`); NotFound
    otherwise, whether or not it exists."""
    from .models import Contact

    return _access(Contact, user, contact_id, action, for_update, details, "No such contact.")


def access_company(
    user: Any,
    company_id: Any,
    *,
    action: str = "view",
    for_update: bool = False,
    details: bool = True,
) -> Company:
    """The company if `user` may do `action` to it (locked when `for_update`); NotFound
    otherwise, whether or not it exists."""
    from .models import Company

    return _access(Company, user, company_id, action, for_update, details, "No such company.")


def _access(
    model: Any, user: Any, pk: Any, action: str, for_update: bool, details: bool, missing: str
) -> Any:
    qs = model.objects.visible_to(user, action)
    if for_update:
        # Lock the row alone: PostgreSQL refuses FOR UPDATE across the nullable owner join.
        qs = qs.select_for_update(of=("self",))
    if details:
        qs = qs.with_details()
    row = qs.filter(pk=record_id(pk)).first()
    if row is None:
        # Seen but not to be changed: say so (403), since the user knows it exists; anything
        # the user may not even see stays a 404.
        if action != "view" and model.objects.visible_to(user).filter(pk=record_id(pk)).exists():
            raise PermissionDenied(f"You may not {action} this record.")
        explain_missing(user, model, record_id(pk), qs.permission_for(action))
        raise NotFound(missing)
    return row
