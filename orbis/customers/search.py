"""Search providers for the global search box and the API's `q` filter."""

from __future__ import annotations

from typing import Any

from orbis.kernel.fulltext import matching

from .models import Company, Contact


def search_contacts(user: Any, query: str, include_archived: bool = False) -> Any:
    qs = Contact.objects.visible_to(user)
    if not include_archived:
        qs = qs.active()
    return matching(qs, query)


def search_companies(user: Any, query: str, include_archived: bool = False) -> Any:
    qs = Company.objects.visible_to(user)
    if not include_archived:
        qs = qs.active()
    return matching(qs, query)


class ContactSearch:
    label = "Contacts"

    def search(self, user: Any, query: str, limit: int) -> list[Contact]:
        return list(search_contacts(user, query).order_by("sort_name", "id")[:limit])


class CompanySearch:
    label = "Companies"

    def search(self, user: Any, query: str, limit: int) -> list[Company]:
        return list(search_companies(user, query).order_by("sort_name", "id")[:limit])
