"""Create, read, update, archive and restore contacts through the API."""

import json

from orbis.audit.models import AuditEvent
from orbis.customers.models import Contact


def call(client, method, path, token, body=None, **headers):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    kwargs.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    if body is not None:
        kwargs["data"] = json.dumps(body)
        kwargs["content_type"] = "application/json"
    return getattr(client, method)(path, **kwargs)


def test_create_read_update_archive_restore(client, eu_rep, token_for):
    token = token_for(eu_rep)
    created = call(
        client,
        "post",
        "/api/v1/contacts",
        token,
        {
            "given_name": "Anna",
            "family_name": "Schmidt",
            "country": "DE",
            "emails": [{"value": "Anna@Example.de"}],
            "phones": [{"value": "030 1234567", "label": "mobile"}],
            "addresses": [
                {"street_address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117"}
            ],
            "tags": ["VIP"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["ETag"] and created["Location"] == f"/api/v1/contacts/{body['id']}"
    assert body["emails"] == [{"value": "anna@example.de", "label": "work", "primary": True}]
    assert body["phones"][0]["value"] == "+49301234567"
    assert body["region"] == "emea" and body["tags"] == ["vip"] and body["source"] == "api"
    assert body["display_name"] == "Anna Schmidt"

    read = call(client, "get", f"/api/v1/contacts/{body['id']}", token)
    assert read.status_code == 200
    assert read.json() == body
    assert read["ETag"] == created["ETag"]

    updated = call(
        client,
        "patch",
        f"/api/v1/contacts/{body['id']}",
        token,
        {"lifecycle_stage": "customer"},
        if_match=read["ETag"],
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["lifecycle_stage"] == "customer"
    assert updated.json()["given_name"] == "Anna"
    assert updated["ETag"] != read["ETag"]

    archived = call(client, "post", f"/api/v1/contacts/{body['id']}/archive", token)
    assert archived.status_code == 200 and archived.json()["archived_at"]
    restored = call(client, "post", f"/api/v1/contacts/{body['id']}/restore", token)
    assert restored.status_code == 200 and restored.json()["archived_at"] is None

    actions = list(
        AuditEvent.objects.filter(target_id=body["id"]).values_list("action", "actor_label")
    )
    assert actions == [
        ("customers.contact_created", "eu_rep"),
        ("customers.contact_updated", "eu_rep"),
        ("customers.contact_archived", "eu_rep"),
        ("customers.contact_restored", "eu_rep"),
    ]
    assert Contact.objects.count() == 1
