"""Leads through the API and the pages: capture reuses the contact an email already names,
qualification needs If-Match, conversion makes the deal and the company in one step and offers
the existing company and contact first; a lead of another region is a 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from orbis.audit.models import AuditEvent, ReadEvent
from orbis.conftest import SETUP
from orbis.customers import services as customer_services
from orbis.customers.models import Company, Contact
from orbis.identity.tests.signing_in import signs_in
from orbis.sales.models import Deal, Lead
from orbis.sales.services.leads import capture_lead, create_web_form

PASSWORD = "correct horse battery staple"
PERSON = {
    "given_name": "Lena",
    "family_name": "Vogel",
    "email": "lena.vogel@example.de",
    "company_name": "Vogel Maschinenbau GmbH",
    "country": "DE",
}


def _post(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.patch(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def eu_api(eu_seller: Any, token_for: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(eu_seller, ['read', 'write'])}")


@pytest.fixture
def us_api(us_seller: Any, token_for: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(us_seller, ['read', 'write'])}")


def _page_client(user: Any) -> Client:
    client = Client()
    assert signs_in(user.username, PASSWORD, client)
    return client


# --- API ---------------------------------------------------------------------------------------


def test_the_api_captures_reads_qualifies_and_converts_a_lead(
    eu_api: Client, eu_seller: Any, german_pipeline: Any
) -> None:
    made = _post(eu_api, "/api/v1/leads", PERSON, **{"Idempotency-Key": "lead-1"})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["source"], body["region"]) == ("new", "api", "emea")
    assert body["score"] > 0 and body["owner"] == str(eu_seller.pk)
    assert made["Location"] == f"/api/v1/leads/{body['id']}"
    again = _post(eu_api, "/api/v1/leads", PERSON, **{"Idempotency-Key": "lead-1"})
    assert again.json()["id"] == body["id"] and Lead.objects.count() == 1

    read = eu_api.get(f"/api/v1/leads/{body['id']}")
    assert ReadEvent.objects.filter(target_type="sales.lead").exists()
    path = f"/api/v1/leads/{body['id']}"
    assert _patch(eu_api, path, {"status": "qualified"}).status_code == 428
    stale = _patch(eu_api, path, {"status": "qualified"}, **{"If-Match": '"stale"'})
    assert stale.status_code == 412
    done = _patch(eu_api, path, {"status": "qualified", "score": 80}, **{"If-Match": read["ETag"]})
    assert done.status_code == 200 and done.json()["score"] == 80

    deal = {"pipeline": str(german_pipeline.pk), "amount": "9000", "close_date": "2026-09-30"}
    converted = _post(eu_api, f"{path}/convert", {"deal": deal})
    assert converted.status_code == 200, converted.content
    out = converted.json()
    assert out["status"] == "converted" and out["deal"] and out["company"]
    made_deal = Deal.objects.get(pk=out["deal"])
    assert made_deal.company is not None and made_deal.company.name == PERSON["company_name"]
    assert made_deal.contact_roles.get().contact_id == Lead.objects.get().contact_id
    assert Contact.objects.get().lifecycle_stage == "opportunity"
    assert AuditEvent.objects.filter(action="sales.lead_converted").count() == 1
    twice = _post(eu_api, f"{path}/convert", {"deal": deal})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "status"


def test_conversion_refuses_to_duplicate_an_existing_company_unless_told(
    eu_api: Client, eu_seller: Any, german_pipeline: Any
) -> None:
    existing = customer_services.create_company(
        {"name": PERSON["company_name"], "country": "DE"}, actor=eu_seller
    )
    lead = capture_lead(PERSON, actor=eu_seller)
    path = f"/api/v1/leads/{lead.pk}/convert"
    deal = {"pipeline": str(german_pipeline.pk), "close_date": "2026-09-30"}
    refused = _post(eu_api, path, {"deal": deal})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "company"
    assert Company.objects.count() == 1 and not Deal.objects.exists()
    chosen = _post(eu_api, path, {"deal": deal, "company": str(existing.pk)})
    assert chosen.status_code == 200 and chosen.json()["company"] == str(existing.pk)
    assert Company.objects.count() == 1


def test_capture_reuses_the_contact_an_email_names(eu_api: Client, eu_seller: Any) -> None:
    person = customer_services.create_contact(
        {"family_name": "Vogel", "country": "DE", "emails": [{"value": PERSON["email"]}]},
        actor=eu_seller,
    )
    made = _post(eu_api, "/api/v1/leads", PERSON)
    assert made.json()["contact"] == str(person.pk)
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**PERSON, "email": "", "phone": ""}, "email"),
        ({**PERSON, "given_name": "", "family_name": ""}, "family_name"),
        ({**PERSON, "country": "ZZ"}, "country"),
        ({**PERSON, "source": "carrier_pigeon"}, "source"),
        ({**PERSON, "colour": "blue"}, "colour"),
    ],
)
def test_bad_leads_are_refused_naming_the_field(eu_api: Client, body: Any, field: str) -> None:
    refused = _post(eu_api, "/api/v1/leads", body)
    assert refused.status_code == 422, refused.content
    assert field in {e["field"].split(".")[-1] for e in refused.json()["errors"]}
    assert not Lead.objects.exists()


def test_leads_are_scoped_to_the_callers_regions(
    eu_api: Client, us_api: Client, eu_seller: Any, us_seller: Any
) -> None:
    german = capture_lead(PERSON, actor=eu_seller)
    american = capture_lead(
        {**PERSON, "email": "sam@example.com", "country": "US"}, actor=us_seller
    )
    seen = [item["id"] for item in eu_api.get("/api/v1/leads").json()["items"]]
    assert seen == [str(german.pk)]
    assert eu_api.get(f"/api/v1/leads/{american.pk}").status_code == 404
    elsewhere = _patch(us_api, f"/api/v1/leads/{german.pk}", {"score": 1}, **{"If-Match": "x"})
    assert elsewhere.status_code == 404


def test_the_lead_list_pages_with_a_cursor_and_refuses_unknown_parameters(
    eu_api: Client, eu_seller: Any
) -> None:
    for n in range(3):
        capture_lead({**PERSON, "email": f"p{n}@example.de"}, actor=eu_seller)
    first = eu_api.get("/api/v1/leads?limit=2").json()
    rest = eu_api.get(f"/api/v1/leads?limit=2&cursor={first['next_cursor']}").json()
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert len(ids) == 3 == len(set(ids)) and rest["next_cursor"] is None
    assert eu_api.get("/api/v1/leads?colour=blue").status_code == 422
    assert eu_api.get("/api/v1/leads?status=won").status_code == 422


# --- pages -------------------------------------------------------------------------------------


def test_the_lead_list_counts_sorts_and_filters(eu_seller: Any) -> None:
    capture_lead(PERSON, actor=eu_seller)
    capture_lead(
        {**PERSON, "email": "max@example.de", "family_name": "Roth", "job_title": "CTO"},
        actor=eu_seller,
    )
    client = _page_client(eu_seller)
    page = client.get("/sales/leads/?sort=score")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vogel" in html and "Roth" in html and 'name="ids"' in html
    filtered = client.get("/sales/leads/?q=roth").content.decode()
    assert "Lena Roth" in filtered and "Lena Vogel" not in filtered


def test_bulk_actions_assign_and_restatus_each_lead(eu_seller: Any, us_seller: Any) -> None:
    mine = capture_lead(PERSON, actor=eu_seller)
    other = capture_lead({**PERSON, "email": "sam@example.com", "country": "US"}, actor=us_seller)
    client = _page_client(eu_seller)
    done = client.post(
        "/sales/leads/bulk/",
        {"action": "mark_unqualified", "ids": [str(mine.pk), str(other.pk)]},
        follow=True,
    )
    assert done.status_code == 200
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == "unqualified" and other.status == "new"  # the US lead is out of reach


def test_the_lead_page_qualifies_and_converts_offering_the_existing_company(
    eu_seller: Any, german_pipeline: Any
) -> None:
    existing = customer_services.create_company(
        {"name": PERSON["company_name"], "country": "DE"}, actor=eu_seller
    )
    lead = capture_lead(PERSON, actor=eu_seller)
    client = _page_client(eu_seller)
    page = client.get(f"/sales/leads/{lead.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{existing.pk}"' in html and 'value="new"' in html

    saved = client.post(
        f"/sales/leads/{lead.pk}/",
        {"status": "qualified", "score": "70", "owner": str(eu_seller.pk), "version": lead.etag},
    )
    assert saved.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.score) == ("qualified", 70)

    form = {
        "name": "Vogel rollout",
        "pipeline": str(german_pipeline.pk),
        "market": "DE",
        "amount": "12000",
        "currency": "EUR",
        "close_date": "2026-10-31",
        "company": str(existing.pk),
    }
    bad = client.post(f"/sales/leads/{lead.pk}/convert/", {**form, "amount": "lots"})
    assert bad.status_code == 400 and "Vogel rollout" in bad.content.decode()
    assert not Deal.objects.exists()
    converted = client.post(f"/sales/leads/{lead.pk}/convert/", form)
    assert converted.status_code == 302
    deal = Deal.objects.get()
    assert converted["Location"] == f"/sales/deals/{deal.pk}/"
    assert deal.company == existing and Company.objects.count() == 1


def test_a_lead_of_another_region_is_not_found(eu_seller: Any, us_seller: Any) -> None:
    other = capture_lead({**PERSON, "email": "sam@example.com", "country": "US"}, actor=us_seller)
    client = _page_client(eu_seller)
    assert client.get(f"/sales/leads/{other.pk}/").status_code == 404
    assert client.post(f"/sales/leads/{other.pk}/convert/", {}).status_code == 404


def test_the_web_forms_page_creates_a_form_and_shows_its_snippets(admin: Any) -> None:
    client = _page_client(admin)
    refused = client.post(
        "/sales/web-forms/",
        {"name": "Demo", "slug": "demo", "allowed_origins": "http://insecure.example"},
    )
    assert refused.status_code == 400 and "https://www.example.com" in refused.content.decode()
    made = client.post(
        "/sales/web-forms/",
        {
            "name": "Demo request",
            "slug": "demo",
            "default_country": "JP",
            "ask_marketing": "on",
            "allowed_origins": "https://www.example.com\nhttps://shop.example.com",
        },
    )
    assert made.status_code == 302
    page = client.get("/sales/web-forms/").content.decode()
    assert "/forms/demo/embed.js" in page and "&lt;iframe src=" in page
    create_web_form("Second", "second", actor=SETUP)
    assert "Second" in client.get("/sales/web-forms/").content.decode()


def test_web_forms_need_the_catalogue_permission(eu_seller: Any) -> None:
    assert _page_client(eu_seller).get("/sales/web-forms/").status_code == 403
