"""Bad input through the API: problem+json naming each field, and nothing half-written."""

import pytest

from orbis.audit.models import AuditEvent
from orbis.customers import services
from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient


def fields_of(response):
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("https://")
    return {error["field"] for error in body.get("errors", [])}


def assert_nothing_written():
    assert Contact.objects.count() == 0
    assert not AuditEvent.objects.filter(action="customers.contact_created").exists()


def test_service_rules_name_every_bad_field(admin, token_for):
    services.define_custom_field("contact", "tier", "Tier", "choice", choices=["gold"], actor=admin)
    api = ApiClient(token_for(admin))
    response = api.post(
        "contacts",
        {
            "given_name": "Anna",
            "country": "DE",
            "emails": [{"value": "not-an-email"}],
            "phones": [{"value": "12"}],
            "addresses": [{"street_address": "X 1", "city": "Berlin", "postal_code": "ABC"}],
            "custom_fields": {"tier": "bronze", "nope": 1},
        },
    )
    assert response.status_code == 422
    assert {
        "emails.0.value",
        "phones.0.value",
        "addresses.0.postal_code",
        "custom_fields.tier",
        "custom_fields.nope",
    } <= fields_of(response)
    assert_nothing_written()


def test_unknown_country_is_named(eu_rep, token_for):
    response = ApiClient(token_for(eu_rep)).post("contacts", {"family_name": "X", "country": "XX"})
    assert response.status_code == 422 and "country" in fields_of(response)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"family_name": "X", "country": "DE", "favourite_colour": "red"}, "favourite_colour"),
        (
            {"family_name": "X", "country": "DE", "emails": [{"value": "a@b.de", "lable": "x"}]},
            "emails.0.lable",
        ),
        (
            {"family_name": "X", "country": "DE", "addresses": [{"town": "Berlin"}]},
            "addresses.0.town",
        ),
        ({"family_name": "X"}, "country"),
        ({"family_name": 12, "country": "DE"}, "family_name"),
        ({"family_name": "X", "country": "DE", "lifecycle_stage": "king"}, "lifecycle_stage"),
        ({"family_name": "X", "country": "DE", "owner": "nobody"}, "owner"),
        (
            {"family_name": "X", "country": "DE", "companies": [{"company": "no"}]},
            "companies.0.company",
        ),
    ],
)
def test_schema_errors_name_the_field(eu_rep, token_for, body, field):
    response = ApiClient(token_for(eu_rep)).post("contacts", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert_nothing_written()


def test_unknown_field_message(eu_rep, token_for):
    response = ApiClient(token_for(eu_rep)).post(
        "contacts", {"family_name": "X", "country": "DE", "nmae": "Y"}
    )
    assert response.json()["errors"] == [{"field": "nmae", "message": "Unknown field."}]


def test_patch_rejects_unknown_fields_and_bad_values(eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    api = ApiClient(token_for(eu_rep))
    response = api.patch(f"contacts/{contact.pk}", {"emial": "x"}, if_match=contact.etag)
    assert response.status_code == 422 and fields_of(response) == {"emial"}
    response = api.patch(
        f"contacts/{contact.pk}", {"emails": [{"value": "nope"}]}, if_match=contact.etag
    )
    assert response.status_code == 422 and fields_of(response) == {"emails.0.value"}
    contact.refresh_from_db()
    assert not contact.points.exists()


@pytest.mark.parametrize("raw", ['{"family_name": "X", ', "not json", '{"a": NaN'])
def test_malformed_json_is_400(eu_rep, token_for, raw):
    response = ApiClient(token_for(eu_rep)).post("contacts", raw)
    assert response.status_code == 400
    assert fields_of(response) == {"body"}
    assert_nothing_written()


def test_body_that_is_not_an_object_is_422(eu_rep, token_for):
    response = ApiClient(token_for(eu_rep)).post("contacts", "[1, 2]")
    assert response.status_code == 422 and fields_of(response)
    assert_nothing_written()


def test_oversized_body_is_413(eu_rep, token_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"family_name": "X", "country": "DE", "given_name": "A" * 2000}
    response = ApiClient(token_for(eu_rep)).post("contacts", body)
    assert response.status_code == 413
    assert fields_of(response) == {"body"}
    assert_nothing_written()


def test_bad_query_parameters_are_named(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    cases: list[tuple[dict[str, object], str]] = [
        ({"limit": 201}, "limit"),
        ({"limit": 0}, "limit"),
        ({"owner": "x"}, "owner"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "!!"}, "cursor"),
        ({"lifecycle_stage": "king"}, "lifecycle_stage"),
        ({"contry": "DE"}, "contry"),
    ]
    for params, field in cases:
        response = api.get("contacts", params)
        assert response.status_code == 422, params
        assert field in fields_of(response)
