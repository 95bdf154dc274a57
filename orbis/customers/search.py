"""Search providers for the global search box, and the `q` filter of lists and the API.

A query that is a whole email address or phone number is first looked up exactly through the
(kind, value) index of contact points: the trigram index answers such queries slowly, because
their fragments ('exa', 'ple', '.co', '493') occur in a large share of all rows. When the exact
lookup finds nothing, or for any other text, the full-text search (kernel.fulltext) answers.
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet

from orbis.kernel.fulltext import matching
from orbis.localisation.models import Market

from .models import Company, Contact, ContactPoint

_PHONE_LIKE = re.compile(r"\+?\d{6,15}")
# Shared numbers (a switchboard) can belong to many contacts; past this, list pages page anyway.
MAX_EXACT = 1000


def _phone_candidates(compact: str) -> set[str]:
    """E.164 numbers `compact` may stand for: international as typed, or national in a market."""
    attempts: list[tuple[str, str | None]] = [(compact, None)]
    if not compact.startswith("+"):
        countries = Market.objects.values_list("country", flat=True)
        attempts = [("+" + compact, None), *((compact, country) for country in countries)]
    candidates = set()
    for text, region in attempts:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            candidates.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return candidates


def _exact_points(query: str) -> tuple[str, set[str]] | None:
    text = query.strip()
    if "@" in text:
        try:
            validate_email(text)
        except DjangoValidationError:
            return None
        return ContactPoint.Kind.EMAIL, {text.casefold()}
    compact = re.sub(r"[\s\-().]", "", text)
    if _PHONE_LIKE.fullmatch(compact):
        candidates = _phone_candidates(compact)
        return (ContactPoint.Kind.PHONE, candidates) if candidates else None
    return None


def narrow(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """The rows of a contact or company queryset that match `query`."""
    if queryset.model is Contact:
        exact = _exact_points(query)
        if exact is not None:
            kind, values = exact
            # Ids first, then the scoped rows by primary key: given the subquery instead, the
            # planner may walk the region index over half a million rows.
            ids = list(
                ContactPoint.objects.filter(kind=kind, value__in=values).values_list(
                    "contact_id", flat=True
                )[:MAX_EXACT]
            )
            if ids:
                return queryset.filter(pk__in=ids)
    return matching(queryset, query)


def search_contacts(user: Any, query: str, include_archived: bool = False) -> Any:
    qs = Contact.objects.visible_to(user)
    if not include_archived:
        qs = qs.active()
    return narrow(qs, query)


def search_companies(user: Any, query: str, include_archived: bool = False) -> Any:
    qs = Company.objects.visible_to(user)
    if not include_archived:
        qs = qs.active()
    return narrow(qs, query)


class ContactSearch:
    label = "Contacts"

    def search(self, user: Any, query: str, limit: int) -> list[Contact]:
        return list(search_contacts(user, query).order_by("sort_name", "id")[:limit])


class CompanySearch:
    label = "Companies"

    def search(self, user: Any, query: str, limit: int) -> list[Company]:
        return list(search_companies(user, query).order_by("sort_name", "id")[:limit])
