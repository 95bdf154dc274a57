"""Signed links sent to a person: the double opt-in confirmation and the preference page.

Each names one record and nothing else, expires, and a refused one (forged, expired, used) is
counted per hour (privacy.LinkRefusal). Following a link is the person acting themself:
services.THE_PERSON.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from orbis.kernel.ids import parse_uuid

from .models import ConsentEvent, ConsentStatus, LinkRefusal

CONFIRM_SALT = "orbis.privacy.consent-confirmation"
PREFERENCES_SALT = "orbis.privacy.preferences"
# How long links stay valid; settings may override (seconds).
CONFIRM_MAX_AGE = timedelta(days=7)
PREFERENCES_MAX_AGE = timedelta(days=180)


class LinkRefused(Exception):
    """A confirmation or preference link that is forged, expired or already used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "forged", "expired", "used"


# --- double opt-in confirmation links ---------------------------------------------------------


def _max_age(name: str, default: timedelta) -> int:
    return int(getattr(settings, name, default.total_seconds()))


def confirmation_token(event: ConsentEvent) -> str:
    """The signed token of a pending event's confirmation link (names the event, nothing else)."""
    return signing.dumps({"e": str(event.pk)}, salt=CONFIRM_SALT, compress=True)


def confirmation_link(event: ConsentEvent) -> str:
    """The link the person follows to confirm a pending email consent (sending is later work)."""
    path = reverse("privacy_public:confirm", args=[confirmation_token(event)])
    return getattr(settings, "ORBIS_PUBLIC_URL", "").rstrip("/") + path


def _refuse(link: str, reason: str, target: Any = None) -> LinkRefused:
    """Count a refused link for its hour (no audit event: anyone may send a forged link, and
    the chain cannot be pruned). The public pages are rate limited per client address too."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        row, _ = LinkRefusal.objects.get_or_create(hour=hour, link=link, reason=reason)
        LinkRefusal.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return LinkRefused(reason)


def _load(token: str, salt: str, max_age: int, link: str) -> Any:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise _refuse(link, "expired") from None
    except signing.BadSignature:
        raise _refuse(link, "forged") from None


def pending_for_token(token: str) -> ConsentEvent:
    """The pending event a confirmation link names; LinkRefused (counted) otherwise."""
    data = _load(
        token, CONFIRM_SALT, _max_age("ORBIS_CONSENT_CONFIRM_MAX_AGE", CONFIRM_MAX_AGE), "confirm"
    )
    event_id = parse_uuid(data.get("e")) if isinstance(data, dict) else None
    if event_id is None:
        raise _refuse("confirm", "forged")
    event = (
        ConsentEvent.objects.select_related("contact", "contact__region")
        .filter(pk=event_id, status=ConsentStatus.PENDING)
        .first()
    )
    if event is None:
        raise _refuse("confirm", "forged")
    if ConsentEvent.objects.filter(confirms=event).exists():
        raise _refuse("confirm", "used", event)
    return event


# --- preference page links ----------------------------------------------------------------------


def preference_token(contact: Any) -> str:
    return signing.dumps({"c": str(contact.pk)}, salt=PREFERENCES_SALT, compress=True)


def preference_link(contact: Any) -> str:
    """The signed link to the contact's own preference page (no login)."""
    path = reverse("privacy_public:preferences", args=[preference_token(contact)])
    return getattr(settings, "ORBIS_PUBLIC_URL", "").rstrip("/") + path


def contact_for_preference_token(token: str) -> Any:
    """The contact a preference link names; LinkRefused (counted) otherwise."""
    from orbis.customers.models import Contact

    data = _load(
        token,
        PREFERENCES_SALT,
        _max_age("ORBIS_PREFERENCE_LINK_MAX_AGE", PREFERENCES_MAX_AGE),
        "preferences",
    )
    contact_id = parse_uuid(data.get("c")) if isinstance(data, dict) else None
    if contact_id is None:
        raise _refuse("preferences", "forged")
    contact = Contact.objects.select_related("region").filter(pk=contact_id).first()
    if contact is None:
        raise _refuse("preferences", "forged")
    return contact
