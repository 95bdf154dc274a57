"""A contact's honorific and academic title: validated, stored, in the API, form and page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orbis.customers import services
from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient
from orbis.customers.tests.test_views_contact_form import form_data
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db


def test_service_stores_honorific_and_title(eu_rep, make_contact):
    contact = make_contact(eu_rep, family_name="Müller", honorific="ms", academic_title=" Dr. ")
    contact.refresh_from_db()
    assert (contact.honorific, contact.academic_title) == ("ms", "Dr.")
    services.update_contact(contact, {"honorific": None, "academic_title": None}, actor=eu_rep)
    contact.refresh_from_db()
    assert (contact.honorific, contact.academic_title) == ("", "")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"honorific": "sir"}, "honorific"),
        ({"honorific": 1}, "honorific"),
        ({"academic_title": "Dr. " * 20}, "academic_title"),
        ({"academic_title": ["Dr."]}, "academic_title"),
    ],
)
def test_bad_values_name_the_field_and_store_nothing(eu_rep, data, field):
    with pytest.raises(ValidationError) as error:
        services.create_contact({"family_name": "Müller", "country": "DE", **data}, actor=eu_rep)
    assert field in error.value.errors
    assert Contact.objects.count() == 0


def test_api_round_trip_and_the_two_reads_agree(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    created = api.post(
        "contacts",
        {
            "given_name": "Anna",
            "family_name": "Müller",
            "country": "DE",
            "honorific": "ms",
            "academic_title": "Dr.",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["honorific"], body["academic_title"]) == ("ms", "Dr.")
    # The raw-SQL single read and the ORM list representation stay equal.
    listed = api.get("contacts").json()["items"]
    assert listed == [api.get(f"contacts/{body['id']}").json()]

    changed = api.patch(
        f"contacts/{body['id']}",
        {"honorific": "", "academic_title": "Prof."},
        if_match=created["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["honorific"], changed.json()["academic_title"]) == ("", "Prof.")


def test_api_refuses_an_unknown_honorific_naming_the_field(eu_rep, token_for):
    response = ApiClient(token_for(eu_rep)).post(
        "contacts", {"family_name": "Müller", "country": "DE", "honorific": "dr"}
    )
    assert response.status_code == 422
    assert "honorific" in {e["field"] for e in response.json()["errors"]}
    assert Contact.objects.count() == 0


def test_form_round_trip(client, admin):
    client.force_login(admin)
    data = form_data(
        given_name="Anna",
        family_name="Müller",
        latin_given_name="",
        latin_family_name="",
        country="DE",
        language="de",
        time_zone="Europe/Berlin",
        honorific="ms",
        academic_title="Dr.",
        **{
            "addresses-0-street_address": "",
            "addresses-0-city": "",
            "addresses-0-postal_code": "",
            "addresses-0-country_area": "",
            "phones-0-value": "",
        },
    )
    response = client.post(reverse("customers:contact_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert (contact.honorific, contact.academic_title) == ("ms", "Dr.")
    form = client.get(reverse("customers:contact_edit", args=[contact.pk])).content.decode()
    assert '<option value="ms" selected>' in form and 'value="Dr."' in form

    page = client.get(response["Location"]).content.decode()
    assert "Sehr geehrte Frau Dr. Müller" in page and "Liebe Anna" in page


def test_form_refuses_an_unknown_honorific(client, admin):
    client.force_login(admin)
    response = client.post(reverse("customers:contact_create"), form_data(honorific="sir"))
    assert response.status_code == 422
    assert 'data-field="honorific"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_sort_name_follows_spanish_and_portuguese_surnames(admin, make_contact):
    garcia = make_contact(
        admin, given_name="Gabriel", family_name="García Márquez", country="MX", region="latam"
    )
    silva = make_contact(admin, given_name="João", family_name="Silva Santos", country="BR")
    assert garcia.sort_name == "garcia marquez gabriel"
    assert silva.sort_name == "santos joao silva"
