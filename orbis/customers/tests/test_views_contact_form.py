"""Creating and editing contacts in the browser form; service errors land next to their fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from orbis.customers import services
from orbis.customers.models import Contact

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "given_name": "太郎",
        "family_name": "山田",
        "latin_given_name": "Taro",
        "latin_family_name": "Yamada",
        "country": "JP",
        "language": "ja",
        "time_zone": "Asia/Tokyo",
        "lifecycle_stage": "lead",
        "source": "manual",
        "owner": "",
        "region": "",
        "tags": "vip, tokyo",
        "addresses-0-street_address": "千代田1-1",
        "addresses-0-city": "千代田区",
        "addresses-0-postal_code": "100-0001",
        "addresses-0-country_area": "東京都",
        "addresses-0-city_area": "",
        "addresses-0-sorting_code": "",
        "addresses-0-kind": "work",
        "addresses-0-country": "",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
        "emails-TOTAL_FORMS": "2",
        "emails-INITIAL_FORMS": "0",
        "emails-0-value": "taro@example.jp",
        "emails-0-label": "work",
        "emails-1-value": "",
        "emails-1-label": "work",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-0-value": "03-1234-5678",
        "phones-0-label": "work",
        "companies-TOTAL_FORMS": "0",
        "companies-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_create_contact_with_japanese_name_and_address(client, admin):
    client.force_login(admin)
    response = client.post(reverse("customers:contact_create"), form_data())
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:contact_detail", args=[contact.pk])
    assert contact.display_name == "山田太郎"
    assert contact.addresses[0]["postal_code"] == "100-0001"
    assert sorted(contact.points.values_list("value", flat=True)) == [
        "+81312345678",
        "taro@example.jp",
    ]

    page = client.get(response["Location"]).content.decode()
    assert "山田太郎" in page and "Yamada" in page
    assert "tel:+81-3-1234-5678" in page and "+81 3-1234-5678" in page  # RFC 3966
    assert "東京都" in page and "100-0001" in page


def test_bad_input_is_shown_next_to_each_field_and_nothing_is_written(client, admin):
    services.define_custom_field("contact", "seats", "Seats", "integer", actor=admin)
    client.force_login(admin)
    response = client.post(
        reverse("customers:contact_create"),
        form_data(
            **{
                "emails-0-value": "not-an-email",
                "phones-0-value": "12",
                "addresses-0-postal_code": "ABC",
                "cf_seats": "many",
            }
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="emails-0-value"' in page
    assert 'data-field="phones-0-value"' in page
    assert 'data-field="addresses-0-postal_code"' in page
    assert 'data-field="cf_seats"' in page
    assert "is-invalid" in page
    assert 'value="山田"' in page  # what was typed is kept
    assert Contact.objects.count() == 0


def test_edit_changes_the_contact(client, admin, make_contact):
    contact = make_contact(admin, phones=["030 1234567"], emails=["anna@example.de"])
    client.force_login(admin)
    form = client.get(reverse("customers:contact_edit", args=[contact.pk])).content.decode()
    assert 'value="+49301234567"' in form and 'value="anna@example.de"' in form
    data = form_data(
        given_name="Anna",
        family_name="Schmidt",
        latin_given_name="",
        latin_family_name="",
        country="DE",
        language="de",
        time_zone="Europe/Berlin",
        lifecycle_stage="customer",
        **{
            "emails-0-value": "anna@example.de",
            "phones-0-value": "030 7654321",
            "addresses-0-street_address": "",
            "addresses-0-city": "",
            "addresses-0-postal_code": "",
            "addresses-0-country_area": "",
        },
    )
    response = client.post(reverse("customers:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.lifecycle_stage == "customer"
    assert list(contact.points.filter(kind="phone").values_list("value", flat=True)) == [
        "+49307654321"
    ]


def test_view_only_user_may_not_create_or_edit(client, apac_agent, admin, make_contact):
    contact = make_contact(admin, country="JP", given_name="太郎", family_name="山田")
    client.force_login(apac_agent)
    assert client.get(reverse("customers:contact_create")).status_code == 403
    assert client.post(reverse("customers:contact_create"), form_data()).status_code == 403
    assert client.get(reverse("customers:contact_edit", args=[contact.pk])).status_code == 403
    assert Contact.objects.count() == 1


def test_other_regions_contact_cannot_be_edited(client, eu_rep, us_rep, make_contact):
    contact = make_contact(us_rep, country="US", given_name="Bob", family_name="Smith")
    client.force_login(eu_rep)
    assert client.get(reverse("customers:contact_edit", args=[contact.pk])).status_code == 404
    assert (
        client.post(reverse("customers:contact_edit", args=[contact.pk]), form_data()).status_code
        == 404
    )
