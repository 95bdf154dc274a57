"""The contact page: formatted phones and addresses, viewer's time zone, scoping, query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_contact_page_shows_formatted_details(client, admin, make_contact, make_company):
    company = make_company(admin, name="Acme GmbH")
    contact = make_contact(
        admin,
        emails=["anna@example.de"],
        phones=[{"value": "030 1234567", "label": "mobile"}],
        addresses=[
            {"street_address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117"}
        ],
        companies=[{"company": str(company.pk), "title": "CTO"}],
        tags=["vip"],
        lifecycle_stage="customer",
    )
    client.force_login(admin)
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    assert "Anna Schmidt" in page
    assert 'href="tel:+49-30-1234567"' in page and "+49 30 1234567" in page  # RFC 3966
    assert "mailto:anna@example.de" in page
    assert "10117 BERLIN" in page  # German order: postal code before the city
    assert reverse("customers:company_detail", args=[company.pk]) in page and "CTO" in page
    assert "vip" in page and "text-bg-success" in page


def test_dates_are_shown_in_the_viewers_time_zone(client, admin, make_contact):
    contact = make_contact(admin)
    client.force_login(admin)
    session = client.session
    session["orbis_time_zone"] = "Asia/Tokyo"
    session.save()
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    assert "Asia/Tokyo" in page


def test_contact_in_another_region_is_not_found(client, eu_rep, us_rep, make_contact):
    contact = make_contact(us_rep, country="US", given_name="Bob", family_name="Smith")
    client.force_login(eu_rep)
    assert client.get(reverse("customers:contact_detail", args=[contact.pk])).status_code == 404
    client.force_login(us_rep)
    assert client.get(reverse("customers:contact_detail", args=[contact.pk])).status_code == 200


def test_query_count_does_not_grow_with_contact_points(client, admin, make_contact, make_company):
    company = make_company(admin)
    small = make_contact(admin, emails=["a@example.de"])
    big = make_contact(
        admin,
        emails=[f"a{i}@example.de" for i in range(15)],
        phones=[f"030 12345{i:02d}" for i in range(15)],
        tags=[f"t{i}" for i in range(10)],
        companies=[{"company": str(company.pk)}],
    )
    client.force_login(admin)

    def count(contact) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("customers:contact_detail", args=[contact.pk])).status_code
                == 200
            )
        return len(captured)

    assert count(big) == count(small)
