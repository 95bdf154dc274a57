"""The htmx endpoints behind the forms: a blank row with the next index, a redrawn row,
company suggestions scoped to the user, address rows laid out for their country."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_add_row_returns_the_next_index_and_raises_the_form_count(client, eu_rep):
    client.force_login(eu_rep)
    url = reverse("customers:form_row", args=["phones"])
    page = client.get(url, {"phones-TOTAL_FORMS": "2"}).content.decode()
    assert 'name="phones-2-value"' in page and 'name="phones-2-label"' in page
    assert 'name="phones-primary" value="2"' in page
    assert re.search(r'name="phones-TOTAL_FORMS" value="3"[^>]*hx-swap-oob="true"', page)
    assert 'hx-swap="delete"' in page  # the row can be removed again
    for kind in ("emails", "companies", "addresses"):
        response = client.get(
            reverse("customers:form_row", args=[kind]), {f"{kind}-TOTAL_FORMS": "1"}
        )
        assert response.status_code == 200
        assert f'name="{kind}-TOTAL_FORMS" value="2"' in response.content.decode()


def test_unknown_row_kind_is_404_and_removing_answers_nothing(client, eu_rep):
    client.force_login(eu_rep)
    assert client.get(reverse("customers:form_row", args=["owners"])).status_code == 404
    response = client.get(reverse("customers:form_row_removed"))
    assert response.status_code == 200 and response.content == b""


def test_company_suggestions_only_show_visible_companies(client, eu_rep, us_rep, make_company):
    mine = make_company(eu_rep, name="Acme GmbH", country="DE")
    make_company(us_rep, name="Acme Inc", country="US")
    client.force_login(eu_rep)
    page = client.get(
        reverse("customers:company_suggestions"), {"row": "1", "companies-1-search": "Acme"}
    ).content.decode()
    assert "Acme GmbH" in page and "Acme Inc" not in page
    assert f"companies-1-company={mine.pk}" in page
    empty = client.get(reverse("customers:company_suggestions"), {"row": "1"})
    assert empty.content.decode().strip() == ""


def test_picking_a_company_redraws_the_row_with_it(client, eu_rep, us_rep, make_company):
    mine = make_company(eu_rep, name="Acme GmbH", country="DE")
    theirs = make_company(us_rep, name="Acme Inc", country="US")
    client.force_login(eu_rep)
    url = reverse("customers:form_row", args=["companies"])
    page = client.get(
        url, {"row": "1", "companies-1-company": str(mine.pk), "companies-1-title": "CTO"}
    ).content.decode()
    assert f'name="companies-1-company" value="{mine.pk}"' in page
    assert "Acme GmbH" in page and 'value="CTO"' in page
    assert "TOTAL_FORMS" not in page  # a redraw does not add a row
    assert client.get(url, {"row": "1", "companies-1-company": str(theirs.pk)}).status_code == 404


def test_address_rows_are_laid_out_for_their_country(client, eu_rep):
    client.force_login(eu_rep)
    data = {
        "country": "JP",
        "addresses-TOTAL_FORMS": "2",
        "addresses-INITIAL_FORMS": "0",
        "addresses-0-country": "",
        "addresses-0-postal_code": "100-0001",
        "addresses-1-country": "DE",
        "addresses-1-city": "Berlin",
    }
    page = client.get(reverse("customers:address_rows"), data).content.decode()
    first, second = page.split('id="addresses-row-1"')
    # Japan: a prefecture picked from a list, no city; what was typed is kept.
    assert "Prefecture" in first and '<select name="addresses-0-country_area"' in first
    assert 'name="addresses-0-city"' not in first and 'value="100-0001"' in first
    assert first.index("addresses-0-postal_code") < first.index("addresses-0-street_address")
    # Germany: postal code and city, no state.
    assert 'name="addresses-1-city"' in second and 'value="Berlin"' in second
    assert 'name="addresses-1-country_area"' not in second
    us = client.get(
        reverse("customers:form_row", args=["addresses"]),
        {"addresses-TOTAL_FORMS": "0", "country": "US"},
    ).content.decode()
    assert "ZIP code" in us and "State" in us and '<option value="CA">California</option>' in us
