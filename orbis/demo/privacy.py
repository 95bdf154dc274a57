"""The demo company's privacy office: residency policies, retention, consents, requests, a breach.

Everything goes through the privacy services, as a real privacy officer's work would, so the
privacy pages of a fresh `make run` show the ledger, the queue and the register in use.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from orbis.customers.models import Contact
from orbis.identity.models import User
from orbis.privacy import links
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.governance import services as governance
from orbis.privacy.requests import services as requests

# Documentation address ranges (RFC 5737): evidence that looks real but names no one.
_IPS = ["192.0.2.", "198.51.100.", "203.0.113."]
_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0"
_WORDING = Evidence(
    wording="Yes, send me news and offers by email. I can unsubscribe at any time.",
    wording_version="newsletter-3",
)


def seed_privacy(seed: int, consent_contacts: int = 200) -> None:
    """Policies and a little history for the first `consent_contacts` (service-made) contacts."""
    officer = User.objects.get(username="dpo")
    rng = random.Random(seed)
    now = timezone.now()
    governance.ensure_default_policies(actor=officer)
    governance.create_retention_policy(
        {
            "name": "Dormant leads",
            "record_type": "inactive_lead",
            "months": 24,
            "action": "anonymise",
            "reason": "Leads no one has worked on for two years (GDPR Art. 5(1)(e)).",
        },
        actor=officer,
    )
    governance.create_retention_policy(
        {
            "name": "Archived contacts",
            "record_type": "archived_contact",
            "months": 36,
            "action": "erase",
            "reason": "Archived people, three years after archiving.",
        },
        actor=officer,
    )
    contacts = list(Contact.objects.order_by("created_at", "id")[:consent_contacts])
    for contact in contacts:
        _consent_history(contact, rng, now)
    _requests(officer, now)
    _breach(officer, now)


def _consent_history(contact: Contact, rng: random.Random, now: datetime.datetime) -> None:
    """A newsletter sign-up for about half the people, confirmed by double opt-in (a form's
    email consent stays pending until then); a few never confirmed, some later withdrew."""
    roll = rng.random()
    if roll > 0.5:
        return
    evidence = Evidence(
        wording=_WORDING.wording,
        wording_version=_WORDING.wording_version,
        ip_address=rng.choice(_IPS) + str(rng.randint(1, 254)),
        user_agent=_BROWSER,
    )
    signed_up = now - datetime.timedelta(days=rng.randint(30, 700))
    pending = consent_services.record_consent(
        contact,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="form",
        evidence=evidence,
        occurred_at=signed_up,
        actor=consent_services.THE_PERSON,
    )
    if roll >= 0.05:
        consent_services.confirm_consent(
            links.confirmation_token(pending), evidence=evidence, actor=consent_services.THE_PERSON
        )
    if 0.05 <= roll < 0.12:
        consent_services.withdraw_consent(
            contact,
            purpose="marketing",
            channel="email",
            source="preference_page",
            evidence=evidence,
            actor=consent_services.THE_PERSON,
        )


def _requests(officer: User, now: datetime.datetime) -> None:
    """An access request under way, a fresh erasure request and an overdue restriction."""
    plans = [
        ("DE", "access", 10, True),
        ("US", "erasure", 2, False),
        ("BR", "restriction", 25, True),
    ]
    for country, kind, days_ago, verified in plans:
        contact = Contact.objects.filter(country=country).order_by("created_at", "id").first()
        if contact is None:
            continue
        request = requests.open_request(
            contact.pk,
            kind=kind,
            channel="email",
            supplied=["name", "email"],
            received_at=now - datetime.timedelta(days=days_ago),
            actor=officer,
        )
        if verified:
            requests.verify_identity(request, "email_on_file", actor=officer)


def _breach(officer: User, now: datetime.datetime) -> None:
    """A contained incident of last month, reported to the authority in time."""
    discovered = now - datetime.timedelta(days=35)
    breach = governance.record_breach(
        {
            "title": "Lost laptop with a CRM export",
            "description": "A sales laptop with an unencrypted CSV export was left on a train.",
            "discovered_at": discovered,
            "countries": ["DE", "FR"],
            "data_categories": ["identifying", "contact"],  # names and email addresses
            "approx_subjects": 120,
            "status": "contained",
            "measures": "Remote wipe issued; exports now need the privacy officer's approval.",
        },
        actor=officer,
    )
    governance.record_notification(
        breach,
        recipient="authority",
        jurisdiction="eu_gdpr",
        notified_at=discovered + datetime.timedelta(hours=40),
        reference="BfDI-2026-0412",
        actor=officer,
    )
