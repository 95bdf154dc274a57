"""Company pages: list, detail, create, edit with field errors, archive; all region-scoped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from orbis.customers.models import Company

pytestmark = pytest.mark.django_db


def company_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "株式会社サンプル",
        "latin_name": "Sample KK",
        "legal_name": "",
        "country": "JP",
        "region": "",
        "website": "https://sample.example.jp",
        "industry": "Software",
        "phone": "03-1234-5678",
        "lifecycle_stage": "lead",
        "source": "manual",
        "owner": "",
        "tags": "",
        "addresses-0-street_address": "千代田区千代田1-1",
        "addresses-0-city": "",
        "addresses-0-postal_code": "100-0001",
        "addresses-0-country_area": "東京都",
        "addresses-0-city_area": "",
        "addresses-0-sorting_code": "",
        "addresses-0-kind": "work",
        "addresses-0-country": "",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_company_list_is_scoped(client, eu_rep, us_rep, make_company):
    make_company(eu_rep, name="Acme GmbH", country="DE")
    make_company(us_rep, name="Acme Inc", country="US")
    client.force_login(eu_rep)
    page = client.get(reverse("customers:company_list")).content.decode()
    assert re.findall(r'href="/companies/[0-9a-f-]+/"><bdi>([^<]+)</bdi></a>', page) == [
        "Acme GmbH"
    ]


def test_create_edit_and_archive_a_company(client, admin):
    client.force_login(admin)
    response = client.post(reverse("customers:company_create"), company_form())
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.phone == "+81312345678"
    page = client.get(response["Location"]).content.decode()
    assert "株式会社サンプル" in page and "+81 3-1234-5678" in page and "東京都" in page

    response = client.post(
        reverse("customers:company_edit", args=[company.pk]),
        company_form(industry="Robotics", lifecycle_stage="customer"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.industry, company.lifecycle_stage) == ("Robotics", "customer")

    client.post(reverse("customers:company_archive", args=[company.pk]))
    company.refresh_from_db()
    assert company.archived_at is not None
    client.post(reverse("customers:company_restore", args=[company.pk]))
    company.refresh_from_db()
    assert company.archived_at is None


def test_company_errors_are_shown_per_field(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("customers:company_create"),
        company_form(website="not a url", phone="12", **{"addresses-0-postal_code": "ABC"}),
    )
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("website", "phone", "addresses-0-postal_code"):
        assert f'data-field="{field}"' in page
    assert not Company.objects.exists()


def test_company_detail_lists_only_visible_people(
    client, admin, eu_rep, make_company, make_contact
):
    company = make_company(admin, name="Global AG", country="DE")
    make_contact(
        admin,
        given_name="Anna",
        family_name="Schmidt",
        companies=[{"company": str(company.pk), "title": "CEO"}],
    )
    make_contact(
        admin,
        given_name="Bob",
        family_name="Smith",
        country="US",
        companies=[{"company": str(company.pk)}],
    )
    client.force_login(eu_rep)
    page = client.get(reverse("customers:company_detail", args=[company.pk])).content.decode()
    assert "Anna Schmidt" in page and "CEO" in page
    assert "Bob Smith" not in page


def test_company_pages_need_permission_and_region(client, apac_agent, eu_rep, us_rep, make_company):
    company = make_company(us_rep, name="Acme Inc", country="US")
    client.force_login(eu_rep)
    assert client.get(reverse("customers:company_detail", args=[company.pk])).status_code == 404
    assert client.get(reverse("customers:company_edit", args=[company.pk])).status_code == 404
    client.force_login(apac_agent)
    assert client.get(reverse("customers:company_create")).status_code == 403
