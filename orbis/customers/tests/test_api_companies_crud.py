"""Create, read, update, archive and restore a company through the API."""

from orbis.audit.models import AuditEvent
from orbis.customers.schemas import CompanyOut
from orbis.customers.tests.api_client import ApiClient


def test_company_lifecycle(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    created = api.post(
        "companies",
        {
            "name": "Acme GmbH",
            "legal_name": "Acme Deutschland GmbH",
            "country": "DE",
            "website": "https://acme.example",
            "industry": "Machinery",
            "phone": "089 123456",
            "addresses": [
                {"street_address": "Marienplatz 1", "city": "München", "postal_code": "80331"}
            ],
            "tags": ["Key Account"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    CompanyOut.model_validate(body)
    assert created["Location"] == f"/api/v1/companies/{body['id']}"
    assert body["phone"] == "+4989123456" and body["region"] == "emea"
    assert body["tags"] == ["key-account"] and body["source"] == "api"

    read = api.get(f"companies/{body['id']}")
    assert read.status_code == 200 and read.json() == body and read["ETag"] == created["ETag"]

    updated = api.patch(f"companies/{body['id']}", {"industry": "Robotics"}, if_match=read["ETag"])
    assert updated.status_code == 200, updated.content
    assert updated.json()["industry"] == "Robotics" and updated.json()["name"] == "Acme GmbH"

    assert api.patch(f"companies/{body['id']}", {"industry": "X"}).status_code == 428
    assert (
        api.patch(f"companies/{body['id']}", {"industry": "X"}, if_match=read["ETag"]).status_code
        == 412
    )

    archived = api.post(f"companies/{body['id']}/archive")
    assert archived.status_code == 200 and archived.json()["archived_at"]
    assert api.get("companies").json()["items"] == []
    assert [c["id"] for c in api.get("companies", {"archived": "true"}).json()["items"]] == [
        body["id"]
    ]
    restored = api.post(f"companies/{body['id']}/restore")
    assert restored.status_code == 200 and restored.json()["archived_at"] is None

    actions = list(AuditEvent.objects.filter(target_id=body["id"]).values_list("action", flat=True))
    assert actions == [
        "customers.company_created",
        "customers.company_updated",
        "customers.company_archived",
        "customers.company_restored",
    ]


def test_company_validation_names_fields(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    response = api.post(
        "companies",
        {
            "name": "",
            "country": "ZZ",
            "website": "ftp://nope",
            "phone": "12",
            "slogan": "x",
        },
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields >= {"slogan"}
    response = api.post(
        "companies",
        {
            "name": "",
            "country": "ZZ",
            "website": "ftp://nope",
            "phone": "12",
        },
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"name", "country", "website"} <= fields
