"""A company keeps several addresses from its form, each with a kind and its own country;
an error in the second one is shown next to that row and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orbis.customers.models import Company

from .test_views_companies import company_form

pytestmark = pytest.mark.django_db

SECOND = {
    "addresses-TOTAL_FORMS": "2",
    "addresses-1-kind": "shipping",
    "addresses-1-country": "US",
    "addresses-1-street_address": "1 Main St",
    "addresses-1-city": "Springfield",
    "addresses-1-country_area": "IL",
    "addresses-1-postal_code": "62701",
}


def test_company_saves_several_addresses(client, admin):
    client.force_login(admin)
    response = client.post(reverse("customers:company_create"), company_form(**SECOND))
    assert response.status_code == 302
    company = Company.objects.get()
    assert [(a["kind"], a["country"], a["country_area"]) for a in company.addresses] == [
        ("work", "JP", "東京都"),
        ("shipping", "US", "IL"),
    ]
    form = client.get(reverse("customers:company_edit", args=[company.pk])).content.decode()
    assert '<option value="shipping" selected>' in form
    assert '<option value="IL" selected>Illinois</option>' in form


def test_bad_second_company_address_is_shown_next_to_it(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("customers:company_create"),
        company_form(**{**SECOND, "addresses-1-postal_code": "ABC"}),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="addresses-1-postal_code"' in page
    assert 'data-field="addresses-0-postal_code"' not in page
    assert not Company.objects.exists()
