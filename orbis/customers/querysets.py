"""Reads of contacts and companies. Every user-facing read starts at visible_to(user)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db.models import Prefetch

from orbis.identity.access import explain_missing
from orbis.identity.querysets import RegionScopedQuerySet
from orbis.kernel.errors import NotFound
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


class CompanyQuerySet(RegionScopedQuerySet):
    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def with_details(self) -> Self:
        return (
            self.select_related("owner", "region").defer("search_document").prefetch_related("tags")
        )


def access_contact(user: Any, contact_id: Any, *, details: bool = True) -> Contact:
    """The contact if `user` may see it; NotFound otherwise (whether or not it exists)."""
    from .models import Contact

    qs = Contact.objects.visible_to(user)
    if details:
        qs = qs.with_details()
    contact = qs.filter(pk=record_id(contact_id)).first()
    if contact is None:
        explain_missing(user, Contact, record_id(contact_id), qs.view_permission)
        raise NotFound("No such contact.")
    return contact


def access_company(user: Any, company_id: Any, *, details: bool = True) -> Company:
    """The company if `user` may see it; NotFound otherwise (whether or not it exists)."""
    from .models import Company

    qs = Company.objects.visible_to(user)
    if details:
        qs = qs.with_details()
    company = qs.filter(pk=record_id(company_id)).first()
    if company is None:
        explain_missing(user, Company, record_id(company_id), qs.view_permission)
        raise NotFound("No such company.")
    return company
