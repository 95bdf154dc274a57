"""The encrypted birth date in the form, the API and the detail page; sensitive custom fields
are stored sealed and follow their flag when it changes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from orbis.customers import services
from orbis.customers.models import Contact, CustomFieldDefinition
from orbis.customers.tests.api_client import ApiClient
from orbis.customers.tests.test_views_contact_form import form_data

pytestmark = pytest.mark.django_db


def stored_custom_fields(contact: Contact) -> str:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cast = "::text" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"SELECT custom_fields{cast} FROM {q(Contact._meta.db_table)} WHERE id = %s",
            [Contact._meta.pk.get_db_prep_value(contact.pk, connection)],
        )
        return str(cursor.fetchone()[0])


def test_birth_date_through_the_form_and_the_detail_page(client: Any, admin: Any) -> None:
    client.force_login(admin)
    response = client.post(reverse("customers:contact_create"), form_data(birth_date="1984-07-09"))

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.birth_date == datetime.date(1984, 7, 9)
    page = client.get(response["Location"]).content.decode()
    assert 'id="contact-birth-date"' in page
    edit = client.get(reverse("customers:contact_edit", args=[contact.pk])).content.decode()
    assert 'value="1984-07-09"' in edit


def test_birth_date_through_the_api(admin: Any, token_for: Any) -> None:
    api = ApiClient(token_for(admin))
    created = api.post(
        "contacts", {"family_name": "B", "country": "DE", "birth_date": "1990-12-31"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["birth_date"] == "1990-12-31"
    contact_id = created.json()["id"]
    assert api.get(f"contacts/{contact_id}").json()["birth_date"] == "1990-12-31"
    future = api.patch(
        f"contacts/{contact_id}", {"birth_date": "2999-01-01"}, **{"If-Match": created["ETag"]}
    )
    assert future.status_code == 422
    assert [e["field"] for e in future.json()["errors"]] == ["birth_date"]
    cleared = api.patch(
        f"contacts/{contact_id}", {"birth_date": None}, **{"If-Match": created["ETag"]}
    )
    assert cleared.status_code == 200 and cleared.json()["birth_date"] is None


def test_sensitive_values_are_sealed_and_follow_the_flag(admin: Any) -> None:
    services.define_custom_field(
        "contact", "tax_no", "Tax number", "text", sensitive=True, actor=admin
    )
    services.define_custom_field("contact", "tier", "Tier", "text", actor=admin)
    contact = services.create_contact(
        {
            "family_name": "S",
            "country": "DE",
            "custom_fields": {"tax_no": "ZQ-1234", "tier": "gold"},
        },
        actor=admin,
    )

    stored = stored_custom_fields(contact)
    assert "ZQ-1234" not in stored and "enc1$emea-" in stored and "gold" in stored
    assert Contact.objects.get(pk=contact.pk).custom_fields == {"tax_no": "ZQ-1234", "tier": "gold"}

    tier = CustomFieldDefinition.objects.get(key="tier")
    tier.sensitive = True
    tier.save()
    assert services.reseal_custom_field_values(tier, actor=admin) == 1
    stored = stored_custom_fields(contact)
    assert "gold" not in stored
    assert Contact.objects.get(pk=contact.pk).custom_fields == {"tax_no": "ZQ-1234", "tier": "gold"}

    tier.sensitive = False
    tier.save()
    services.reseal_custom_field_values(tier, actor=admin)
    assert "gold" in stored_custom_fields(contact)
    assert Contact.objects.get(pk=contact.pk).custom_fields["tier"] == "gold"


def test_text_that_looks_like_a_token_is_sealed_and_read_back(admin: Any) -> None:
    """An encrypted column seals whatever the user typed, "enc1$..." included."""
    contact = services.create_contact(
        {
            "family_name": "Token",
            "country": "DE",
            "addresses": [
                {"street_address": "enc1$emea-1$AAAA", "postal_code": "10117", "city": "Berlin"}
            ],
        },
        actor=admin,
    )
    again = Contact.objects.get(pk=contact.pk)
    assert again.addresses[0]["street_address"] == "enc1$emea-1$AAAA"


def test_custom_text_may_not_look_like_a_token(admin: Any) -> None:
    from orbis.kernel.errors import ValidationError

    services.define_custom_field("contact", "nickname", "Nickname", "text", actor=admin)
    with pytest.raises(ValidationError) as refused:
        services.create_contact(
            {"family_name": "X", "country": "DE", "custom_fields": {"nickname": "enc1$x$y"}},
            actor=admin,
        )
    assert "custom_fields" in str(refused.value.errors)
    assert not Contact.objects.exists()
