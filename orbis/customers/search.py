"""Search providers for the global search box, and the `q` filter of lists and the API.

Emails and phone numbers are encrypted at rest and kept out of the search text, so a query that
is a whole email address, an email domain ('@acme.com') or a whole phone number (international,
or national in one of the organisation's markets) is looked up through the keyed blind indexes
of contact points (kernel.crypto.blind_index). Anything else goes to the full-text search
(kernel.fulltext) over names and companies; a fragment of an email or a number finds nothing.
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet

from orbis.kernel.crypto import blind_index
from orbis.kernel.fulltext import matching
from orbis.localisation.models import Market

from .models import Company, Contact, ContactPoint, email_domain_index

_PHONE_LIKE = re.compile(r"\+?\d{6,15}")
_DOMAIN = re.compile(r"@?[^\s@]+\.[^\s@]+")
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


def _exact_points(query: str) -> dict[str, Any] | None:
    """The blind-index filter of contact points that `query` asks for, if it is one."""
    text = query.strip()
    if text.startswith("@") and _DOMAIN.fullmatch(text):
        return {"domain_index": email_domain_index(text[1:].casefold())}
    if "@" in text:
        try:
            validate_email(text)
        except DjangoValidationError:
            return None
        return {"kind": ContactPoint.Kind.EMAIL, "value_index": blind_index("email", text)}
    compact = re.sub(r"[\s\-().]", "", text)
    if _PHONE_LIKE.fullmatch(compact):
        candidates = _phone_candidates(compact)
        if not candidates:
            return None
        indexes = {blind_index("phone", number) for number in candidates}
        return {"kind": ContactPoint.Kind.PHONE, "value_index__in": indexes}
    return None


def narrow(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """The rows of a contact or company queryset that match `query`."""
    if queryset.model is Contact:
        exact = _exact_points(query)
        if exact is not None:
            # Ids first, then the scoped rows by primary key: given the subquery instead, the
            # planner may walk the region index over half a million rows.
            ids = list(
                ContactPoint.objects.filter(**exact).values_list("contact_id", flat=True)[
                    :MAX_EXACT
                ]
            )
            # An email or a number is never in the search text: no match is no contact.
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


def possible_duplicates(
    user: Any, contact: Contact, points: list[ContactPoint], limit: int = 5
) -> list[Contact]:
    """Other active contacts `user` may see that share an email address or a phone number with
    `contact`; matched on the blind indexes, since the values themselves are encrypted."""
    shared = Q()
    for point in points:
        if point.value_index:
            shared |= Q(points__kind=point.kind, points__value_index=point.value_index)
    if not shared:
        return []
    return list(
        Contact.objects.visible_to(user)
        .active()
        .filter(shared)
        .exclude(pk=contact.pk)
        .distinct()
        .order_by("sort_name", "id")[:limit]
    )
