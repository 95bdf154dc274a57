"""List filters and search through the API: each narrows the list as documented."""

import datetime

import pytest
from django.utils import timezone

from orbis.customers import services
from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient


@pytest.fixture
def people(admin, eu_rep, make_contact, make_company):
    acme = make_company(admin, name="Acme Corp", country="US", tags=["partner"])
    made = {
        "anna": make_contact(
            admin,
            given_name="Anna",
            family_name="Schmidt",
            country="DE",
            tags=["vip"],
            lifecycle_stage="customer",
            emails=[{"value": "anna@schmidt.example"}],
        ),
        "ben": make_contact(
            admin, given_name="Ben", family_name="Brown", country="GB", owner=str(eu_rep.pk)
        ),
        "cara": make_contact(
            admin,
            given_name="Cara",
            family_name="Miller",
            country="US",
            tags=["vip"],
            companies=[{"company": str(acme.pk)}],
        ),
        "taro": make_contact(
            admin,
            given_name="太郎",
            family_name="山田",
            country="JP",
            phones=[{"value": "03-1234-5678"}],
        ),
    }
    services.archive_contact(make_contact(admin, family_name="Gone", country="DE"), actor=admin)
    return made


def names(response):
    assert response.status_code == 200, response.content
    return sorted(item["family_name"] for item in response.json()["items"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Brown", "Miller", "Schmidt", "山田"]),
        ({"country": "de"}, ["Schmidt"]),
        ({"region": "emea"}, ["Brown", "Schmidt"]),
        ({"region": "apac"}, ["山田"]),
        ({"tag": "VIP"}, ["Miller", "Schmidt"]),
        ({"lifecycle_stage": "customer"}, ["Schmidt"]),
        ({"archived": "true"}, ["Gone"]),
        ({"archived": "true", "country": "US"}, []),
        ({"q": "schmidt"}, ["Schmidt"]),
        ({"q": "anna@schmidt.example"}, ["Schmidt"]),
        ({"q": "@schmidt.example"}, ["Schmidt"]),
        ({"q": "anna@schmidt"}, []),  # fragments of encrypted emails are not searchable
        ({"q": "山田"}, ["山田"]),
        ({"q": "+81 3 1234 5678"}, ["山田"]),
        ({"q": "acme"}, ["Miller"]),
        ({"q": "gone"}, []),
        ({"q": "gone", "archived": "true"}, ["Gone"]),
        ({"q": "miller", "tag": "vip", "country": "US"}, ["Miller"]),
    ],
)
def test_filter(admin, people, token_for, params, expected):
    assert names(ApiClient(token_for(admin)).get("contacts", params)) == expected


def test_owner_filter(admin, eu_rep, people, token_for):
    api = ApiClient(token_for(admin))
    assert names(api.get("contacts", {"owner": str(eu_rep.pk)})) == ["Brown"]


def test_updated_since(admin, people, token_for):
    api = ApiClient(token_for(admin))
    cutoff = timezone.now()
    Contact.objects.filter(pk=people["ben"].pk).update(
        updated_at=cutoff + datetime.timedelta(seconds=5)
    )
    Contact.objects.exclude(pk=people["ben"].pk).update(
        updated_at=cutoff - datetime.timedelta(days=1)
    )
    assert names(api.get("contacts", {"updated_since": cutoff.isoformat()})) == ["Brown"]
    naive_utc = cutoff.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    assert names(api.get("contacts", {"updated_since": naive_utc})) == ["Brown"]


def test_company_filters_and_search(admin, make_company, token_for):
    make_company(admin, name="Acme GmbH", country="DE", tags=["partner"])
    make_company(admin, name="Nippon Kogyo", country="JP", lifecycle_stage="customer")
    api = ApiClient(token_for(admin))

    def company_names(params):
        response = api.get("companies", params)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["items"])

    assert company_names({}) == ["Acme GmbH", "Nippon Kogyo"]
    assert company_names({"country": "JP"}) == ["Nippon Kogyo"]
    assert company_names({"region": "emea"}) == ["Acme GmbH"]
    assert company_names({"tag": "partner"}) == ["Acme GmbH"]
    assert company_names({"lifecycle_stage": "customer"}) == ["Nippon Kogyo"]
    assert company_names({"q": "kogyo"}) == ["Nippon Kogyo"]
