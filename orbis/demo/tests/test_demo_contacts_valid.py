"""Demo contacts: N of them, with valid phones, emails and addresses for their country."""

from __future__ import annotations

from typing import Any

import phonenumbers

from orbis.audit.models import AuditEvent
from orbis.customers.indexing import refresh_contact_search
from orbis.customers.models import Company, Contact, ContactPoint, Employment
from orbis.demo.tests.conftest import SMALL
from orbis.localisation.addresses import normalise_address
from orbis.localisation.models import Market


def test_n_contacts_in_their_markets_region(small_demo: Any) -> None:
    assert Contact.objects.count() == SMALL
    assert Company.objects.count() == SMALL // 5
    regions = dict(Market.objects.values_list("country", "region_id"))
    for contact in Contact.objects.all():
        assert contact.region_id == regions[contact.country]
        assert contact.owner is not None and contact.owner.team is not None
        assert contact.owner.team.region_id == contact.region_id


def test_phones_valid_and_emails_unique(small_demo: Any) -> None:
    phones = ContactPoint.objects.filter(kind="phone").select_related("contact")
    assert phones.count() >= SMALL
    for point in phones:
        number = phonenumbers.parse(point.value)
        assert phonenumbers.is_valid_number(number), point.value
        assert phonenumbers.region_code_for_number(number) == point.contact.country
    emails = list(ContactPoint.objects.filter(kind="email").values_list("value", flat=True))
    assert len(emails) >= SMALL and len(set(emails)) == len(emails)


def test_addresses_valid_for_their_country(small_demo: Any) -> None:
    for contact in Contact.objects.all():
        (address,) = contact.addresses
        assert address["country"] == contact.country
        fields = {k: v for k, v in address.items() if k != "kind"}
        assert normalise_address(fields) == fields


def test_bulk_rows_match_what_the_services_compute(small_demo: Any) -> None:
    for contact in Contact.objects.all():
        sort_name, document = contact.sort_name, contact.search_document
        refresh_contact_search(contact)
        assert (contact.sort_name, contact.search_document) == (sort_name, document)
    assert Employment.objects.exists()
    assert Contact.objects.filter(tags__isnull=False).exists()


def test_cjk_contacts_have_latin_names(db: Any) -> None:
    from orbis.demo.loader import load_demo

    load_demo(300, seed=3, service_contacts=0)
    for country in ("JP", "CN", "KR"):
        contacts = Contact.objects.filter(country=country)
        assert contacts.exists(), country
        assert all(c.latin_family_name and c.latin_given_name for c in contacts), country


def test_load_is_audited_once(small_demo: Any) -> None:
    event = AuditEvent.objects.get(action="demo.loaded")
    assert event.changes["contacts"] == SMALL
