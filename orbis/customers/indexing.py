"""Keeps a contact's sort key and search text in step with what is stored (names, companies).

Called by the services and by erasure after they write; not a service itself: it changes no
fact, only what the fact is found and sorted by.
"""

from __future__ import annotations

from orbis.localisation import names

from . import search_document
from .models import Contact


def refresh_contact_search(contact: Contact) -> None:
    """Rebuild the sort key and search text from what is stored now."""
    companies = list(contact.employments.values_list("company__name", flat=True))
    contact.sort_name = names.sort_key(contact.person_name)[:200]
    contact.search_document = search_document.contact_document(
        contact.given_name,
        contact.family_name,
        contact.latin_given_name,
        contact.latin_family_name,
        companies,
    )
    Contact.objects.filter(pk=contact.pk).update(
        sort_name=contact.sort_name, search_document=contact.search_document
    )
