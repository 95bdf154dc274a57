"""Create, read, update, archive and restore a contact through the API; each write audited."""

from orbis.audit.models import AuditEvent
from orbis.customers import services
from orbis.customers.models import Contact
from orbis.customers.schemas import ContactOut
from orbis.customers.tests.api_client import ApiClient


def test_create_read_update_archive_restore(eu_rep, make_company, token_for):
    api = ApiClient(token_for(eu_rep))
    company = make_company(eu_rep, name="Brauerei Köln")
    created = api.post(
        "contacts",
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
            "companies": [{"company": str(company.pk), "title": "CFO"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    ContactOut.model_validate(body)  # the hand-built representation matches the documented one
    assert created["ETag"] and created["Location"] == f"/api/v1/contacts/{body['id']}"
    assert body["emails"] == [{"value": "anna@example.de", "label": "work", "primary": True}]
    assert body["phones"] == [{"value": "+49301234567", "label": "mobile", "primary": True}]
    assert body["addresses"][0]["postal_code"] == "10117"
    assert body["addresses"][0]["country"] == "DE"
    assert body["region"] == "emea" and body["tags"] == ["vip"] and body["source"] == "api"
    assert body["display_name"] == "Anna Schmidt" and body["owner"] is None
    assert body["companies"] == [
        {"company": str(company.pk), "name": "Brauerei Köln", "title": "CFO"}
    ]

    read = api.get(f"contacts/{body['id']}")
    assert read.status_code == 200
    assert read["Content-Type"] == "application/json"
    assert read.json() == body
    assert read["ETag"] == created["ETag"]

    updated = api.patch(
        f"contacts/{body['id']}",
        {"lifecycle_stage": "customer", "owner": str(eu_rep.pk), "tags": ["vip", "fair-2026"]},
        if_match=read["ETag"],
    )
    assert updated.status_code == 200, updated.content
    changed = updated.json()
    assert changed["lifecycle_stage"] == "customer" and changed["owner"] == str(eu_rep.pk)
    assert sorted(changed["tags"]) == ["fair-2026", "vip"]
    assert changed["given_name"] == "Anna" and changed["emails"] == body["emails"]
    assert updated["ETag"] != read["ETag"]
    assert api.get(f"contacts/{body['id']}")["ETag"] == updated["ETag"]

    archived = api.post(f"contacts/{body['id']}/archive")
    assert archived.status_code == 200 and archived.json()["archived_at"]
    restored = api.post(f"contacts/{body['id']}/restore")
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


def test_patch_null_clears_a_field(eu_rep, make_contact, token_for):
    api = ApiClient(token_for(eu_rep))
    contact = make_contact(eu_rep, owner=str(eu_rep.pk), time_zone="Europe/Berlin")
    response = api.patch(
        f"contacts/{contact.pk}", {"owner": None, "time_zone": None}, if_match=contact.etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"] is None and response.json()["time_zone"] == ""


def test_japanese_contact_round_trips(admin, token_for):
    api = ApiClient(token_for(admin))
    created = api.post(
        "contacts",
        {
            "given_name": "太郎",
            "family_name": "山田",
            "latin_given_name": "Taro",
            "latin_family_name": "Yamada",
            "country": "JP",
            "language": "ja",
            "phones": [{"value": "03-1234-5678"}],
        },
    )
    assert created.status_code == 201, created.content
    body = api.get(f"contacts/{created.json()['id']}").json()
    assert body["display_name"] == "山田太郎" and body["region"] == "apac"
    assert body["phones"][0]["value"] == "+81312345678"


def test_unknown_or_malformed_id_is_404(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    for path in ("contacts/00000000-0000-0000-0000-000000000000", "contacts/not-a-uuid"):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"].endswith("/not-found")


def test_single_read_and_list_show_the_same_contact(admin, make_contact, make_company, token_for):
    # GET of one contact has its own precompiled read path; it must equal the list's view
    api = ApiClient(token_for(admin))
    zeta, alpha = make_company(admin, name="Zeta AG"), make_company(admin, name="Alpha AG")
    services.define_custom_field("contact", "seats", "Seats", "integer", actor=admin)
    contact = make_contact(
        admin,
        given_name="太郎",
        family_name="山田",
        latin_given_name="Taro",
        country="JP",
        owner=str(admin.pk),
        tags=["b-tag", "a-tag"],
        custom_fields={"seats": 3},
        emails=[{"value": "x@y.jp"}, {"value": "z@y.jp", "primary": True}],
        phones=[{"value": "03-1234-5678", "label": "home"}],
        addresses=[
            {
                "street_address": "1-1 Chiyoda",
                "city": "Chiyoda-ku",
                "postal_code": "100-0001",
                "country_area": "Tokyo",
            }
        ],
        companies=[{"company": str(zeta.pk), "title": "CTO"}, {"company": str(alpha.pk)}],
    )
    services.archive_contact(contact, actor=admin)
    single = api.get(f"contacts/{contact.pk}")
    listed = api.get("contacts", {"archived": "true"}).json()["items"]
    assert listed == [single.json()]
    assert single.json()["companies"][0]["name"] == "Zeta AG"  # the primary employment first
    assert [e["value"] for e in single.json()["emails"]] == ["x@y.jp", "z@y.jp"]
    contact.refresh_from_db()
    assert single["ETag"] == contact.etag
