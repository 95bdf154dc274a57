"""Reads of contacts and companies. Every user-facing read starts at visible_to(user)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db.models import Prefetch

from orbis.identity.querysets import RegionScopedQuerySet, access_record

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
    queryset = model.objects.with_details() if details else model.objects.all()
    return access_record(queryset, user, pk, action=action, for_update=for_update, missing=missing)
