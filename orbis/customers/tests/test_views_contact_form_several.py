"""Saving a contact with several emails, phones, addresses and jobs from the form; a bad
second row is shown next to that row, with everything typed kept and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orbis.customers.models import Contact

from .test_views_contact_form import form_data

pytestmark = pytest.mark.django_db


def several(company_ids: list[str], **overrides: Any) -> dict[str, Any]:
    data = form_data(
        **{
            "emails-TOTAL_FORMS": "3",
            "emails-0-value": "taro@example.jp",
            "emails-1-value": "",  # left empty: skipped
            "emails-2-value": "taro@home.example.jp",
            "emails-2-label": "home",
            "emails-primary": "2",
            "phones-TOTAL_FORMS": "3",
            # row 1 was removed in the browser: its keys are simply missing
            "phones-2-value": "090-1234-5678",
            "phones-2-label": "mobile",
            "addresses-TOTAL_FORMS": "2",
            "addresses-1-kind": "billing",
            "addresses-1-country": "DE",
            "addresses-1-street_address": "Unter den Linden 1",
            "addresses-1-postal_code": "10117",
            "addresses-1-city": "Berlin",
            "companies-TOTAL_FORMS": str(len(company_ids)),
        }
    )
    for index, company_id in enumerate(company_ids):
        data[f"companies-{index}-company"] = company_id
        data[f"companies-{index}-title"] = f"Title {index}"
    data.update(overrides)
    return data


def test_several_points_addresses_and_jobs_are_saved(client, admin, make_company):
    first = make_company(admin, name="株式会社サンプル", country="JP")
    second = make_company(admin, name="Acme GmbH", country="DE")
    client.force_login(admin)
    response = client.post(
        reverse("customers:contact_create"), several([str(first.pk), str(second.pk)])
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    emails = contact.points.filter(kind="email").order_by("position")
    assert [(p.value, p.label, p.is_primary) for p in emails] == [
        ("taro@example.jp", "work", False),
        ("taro@home.example.jp", "home", True),
    ]
    assert sorted(contact.points.filter(kind="phone").values_list("value", "label")) == [
        ("+81312345678", "work"),
        ("+819012345678", "mobile"),
    ]
    assert [(a["kind"], a["country"], a["postal_code"]) for a in contact.addresses] == [
        ("work", "JP", "100-0001"),
        ("billing", "DE", "10117"),
    ]
    assert sorted(contact.employments.values_list("company__name", "title")) == [
        ("Acme GmbH", "Title 1"),
        ("株式会社サンプル", "Title 0"),
    ]

    page = client.get(response["Location"]).content.decode()
    assert "Acme GmbH" in page and "Title 1" in page and "10117 BERLIN" in page.upper()

    form = client.get(reverse("customers:contact_edit", args=[contact.pk])).content.decode()
    assert 'value="taro@home.example.jp"' in form and "Acme GmbH" in form
    assert 'name="addresses-1-city" value="BERLIN"' in form


def test_a_bad_second_row_is_shown_next_to_it(client, admin, us_rep, make_company):
    mine = make_company(admin, name="Acme GmbH", country="DE")
    hidden = make_company(us_rep, name="Acme Inc", country="US")
    client.force_login(admin)
    data = several(
        [str(mine.pk), "not-an-id"],
        **{
            "emails-2-value": "not-an-email",
            "phones-2-value": "12",
            "addresses-1-postal_code": "ABC",
        },
    )
    response = client.post(reverse("customers:contact_create"), data)
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("emails-2-value", "phones-2-value", "addresses-1-postal_code"):
        assert f'data-field="{field}"' in page, field
    assert 'data-field="companies-1-company"' in page
    assert 'value="not-an-email"' in page and "Unter den Linden 1</textarea>" in page
    assert 'name="phones-1-value"' not in page  # a removed row stays removed
    assert Contact.objects.count() == 0

    # A company outside the user's regions is refused the same way.
    client.force_login(us_rep)
    response = client.post(reverse("customers:contact_create"), several([str(mine.pk)]))
    assert response.status_code == 422
    assert 'data-field="companies-0-company"' in response.content.decode()
    assert Contact.objects.count() == 0
    assert hidden.pk


def test_job_title_without_a_company_is_an_error(client, admin):
    client.force_login(admin)
    data = several([], **{"companies-TOTAL_FORMS": "1", "companies-0-title": "CEO"})
    response = client.post(reverse("customers:contact_create"), data)
    assert response.status_code == 422
    assert 'data-field="companies-0-company"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_edit_form_queries_do_not_grow_with_rows(client, admin, make_company, make_contact):
    companies = [make_company(admin, name=f"Firm {i}", country="DE") for i in range(4)]

    def contact_with(n: int) -> Contact:
        return make_contact(
            admin,
            emails=[f"a{i}@example.de" for i in range(n)],
            phones=[f"030 123456{i}" for i in range(n)],
            addresses=[
                {"street_address": f"Straße {i}", "postal_code": "10117", "city": "Berlin"}
                for i in range(n)
            ],
            companies=[{"company": str(c.pk), "title": "X"} for c in companies[:n]],
        )

    client.force_login(admin)
    counts = []
    for contact in (contact_with(1), contact_with(4)):
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("customers:contact_edit", args=[contact.pk])).status_code == 200
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]
