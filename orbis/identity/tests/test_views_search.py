"""The global search box: grouped results from every registered provider, scoped to the user."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_search_finds_contacts_and_companies_by_any_script(
    client, admin, make_contact, make_company
):
    contact = make_contact(
        admin,
        given_name="太郎",
        family_name="山田",
        latin_given_name="Taro",
        latin_family_name="Yamada",
        country="JP",
    )
    company = make_company(admin, name="Yamada Trading", country="JP")
    client.force_login(admin)
    page = client.get(reverse("search"), {"q": "yamada"}).content.decode()
    assert reverse("customers:contact_detail", args=[contact.pk]) in page
    assert reverse("customers:company_detail", args=[company.pk]) in page
    assert 'data-group="contacts"' in page and 'data-group="companies"' in page
    assert reverse("customers:contact_detail", args=[contact.pk]) in (
        client.get(reverse("search"), {"q": "山田"}).content.decode()
    )


def test_htmx_search_returns_a_fragment(client, admin, make_contact):
    make_contact(admin, given_name="Anna", family_name="Schmidt")
    client.force_login(admin)
    response = client.get(reverse("search"), {"q": "schmidt"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Anna Schmidt" in page


def test_search_is_scoped_to_the_users_regions(client, eu_rep, us_rep, make_contact):
    make_contact(us_rep, given_name="Bob", family_name="Smith", country="US")
    client.force_login(eu_rep)
    page = client.get(reverse("search"), {"q": "smith"}).content.decode()
    assert ("Bob Smith" not in page and "Nothing found" in page) or "Nichts gefunden" in page


def test_search_requires_login(client):
    assert client.get(reverse("search"), {"q": "x"}).status_code == 302
