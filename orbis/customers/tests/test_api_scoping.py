"""The scoping matrix through the API: an EMEA rep cannot list, read, update, archive or search
North American records (404, like a record that does not exist); an admin can."""

import pytest

from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient


@pytest.fixture
def records(us_rep, eu_rep, make_contact, make_company):
    return {
        "na_contact": make_contact(us_rep, given_name="Cara", family_name="Miller", country="US"),
        "eu_contact": make_contact(eu_rep, given_name="Anna", family_name="Schmidt", country="DE"),
        "na_company": make_company(us_rep, name="Miller Inc", country="US"),
    }


def assert_not_found(response):
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] in {"No such contact.", "No such company."}


def test_eu_rep_cannot_see_or_touch_north_america(eu_rep, records, token_for):
    api = ApiClient(token_for(eu_rep))
    na, na_company = records["na_contact"], records["na_company"]

    listed = api.get("contacts").json()["items"]
    assert [c["family_name"] for c in listed] == ["Schmidt"]
    assert api.get("contacts", {"region": "na"}).json()["items"] == []
    assert api.get("contacts", {"country": "US"}).json()["items"] == []
    assert api.get("contacts", {"q": "miller"}).json()["items"] == []
    assert api.get("companies").json()["items"] == []

    assert_not_found(api.get(f"contacts/{na.pk}"))
    assert_not_found(api.patch(f"contacts/{na.pk}", {"given_name": "X"}, if_match=na.etag))
    assert_not_found(api.post(f"contacts/{na.pk}/archive"))
    assert_not_found(api.post(f"contacts/{na.pk}/restore"))
    assert_not_found(api.get(f"companies/{na_company.pk}"))
    assert_not_found(api.patch(f"companies/{na_company.pk}", {"name": "X"}, if_match="*"))
    assert_not_found(api.post(f"companies/{na_company.pk}/archive"))

    na.refresh_from_db()
    assert na.given_name == "Cara" and na.archived_at is None


def test_eu_rep_cannot_create_in_or_move_to_north_america(eu_rep, records, token_for):
    api = ApiClient(token_for(eu_rep))
    created = api.post("contacts", {"family_name": "Smith", "country": "US"})
    assert created.status_code == 422
    assert created.json()["errors"][0]["field"] == "region"
    eu = records["eu_contact"]
    moved = api.patch(f"contacts/{eu.pk}", {"country": "US"}, if_match=eu.etag)
    assert moved.status_code == 422
    assert Contact.objects.get(pk=eu.pk).country == "DE"
    linked = api.post(
        "contacts",
        {
            "family_name": "X",
            "country": "DE",
            "companies": [{"company": str(records["na_company"].pk)}],
        },
    )
    assert linked.status_code == 422
    assert linked.json()["errors"][0]["field"] == "companies.0.company"


def test_us_rep_sees_only_north_america(us_rep, records, token_for):
    api = ApiClient(token_for(us_rep))
    assert [c["family_name"] for c in api.get("contacts").json()["items"]] == ["Miller"]
    assert_not_found(api.get(f"contacts/{records['eu_contact'].pk}"))


def test_admin_sees_and_changes_everything(admin, records, token_for):
    api = ApiClient(token_for(admin))
    listed = [c["family_name"] for c in api.get("contacts").json()["items"]]
    assert listed == ["Miller", "Schmidt"]
    assert [c["family_name"] for c in api.get("contacts", {"q": "miller"}).json()["items"]] == [
        "Miller"
    ]
    na = records["na_contact"]
    assert api.get(f"contacts/{na.pk}").status_code == 200
    updated = api.patch(f"contacts/{na.pk}", {"given_name": "Carla"}, if_match=na.etag)
    assert updated.status_code == 200 and updated.json()["given_name"] == "Carla"
    assert api.post(f"contacts/{na.pk}/archive").status_code == 200
    assert api.get(f"companies/{records['na_company'].pk}").status_code == 200


def test_read_only_role_cannot_write_even_with_a_write_token(
    apac_agent, admin, make_contact, token_for
):
    contact = make_contact(admin, given_name="太郎", family_name="山田", country="JP")
    api = ApiClient(token_for(apac_agent))
    assert api.get(f"contacts/{contact.pk}").status_code == 200
    response = api.patch(f"contacts/{contact.pk}", {"given_name": "次郎"}, if_match=contact.etag)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert api.post("contacts", {"family_name": "X", "country": "JP"}).status_code == 403
