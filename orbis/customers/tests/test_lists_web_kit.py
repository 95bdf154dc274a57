"""The contact and company lists through the web kit: sorting, counts, columns, bulk actions,
saved views and pickers (kernel/web/lists.py, customers/lists.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from orbis.conftest import SALES, SETUP, _user
from orbis.customers.models import Company, Contact
from orbis.identity import services as identity_services
from orbis.kernel.models import SavedView
from orbis.kernel.web.pages import count_rows

CONTACTS = reverse("customers:contact_list")
COMPANIES = reverse("customers:company_list")


def names_on(page: str) -> list[str]:
    return re.findall(
        r'class="fw-medium text-decoration-none" href="[^"]+"><bdi>([^<]+)</bdi>', page
    )


def headers_on(page: str) -> list[str]:
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head)
    ]


@pytest.fixture
def two_role_rep(regions):
    """Sales (view, change, archive) in EMEA; viewing only in APAC."""
    sales = identity_services.create_role("EMEA sales", SALES, [regions["emea"]], actor=SETUP)
    viewer = identity_services.create_role(
        "APAC viewer", ["customers.view"], [regions["apac"]], actor=SETUP
    )
    user = _user("two_roles", sales)
    identity_services.assign_roles(user, [sales, viewer], actor=SETUP)
    return user


def test_a_column_header_sorts_and_a_second_click_reverses(client, admin, make_contact):
    for family in ("Bauer", "Zander", "Meier"):
        make_contact(admin, family_name=family)
    client.force_login(admin)
    page = client.get(CONTACTS).content.decode()
    assert [n.split()[-1] for n in names_on(page)] == ["Bauer", "Meier", "Zander"]
    assert 'aria-sort="ascending"' in page
    link = re.search(r'<th aria-sort="ascending"><a class="sort-link" href="([^"]+)"', page)
    assert link is not None
    reversed_page = client.get(CONTACTS + link.group(1).replace("&amp;", "&")).content.decode()
    assert [n.split()[-1] for n in names_on(reversed_page)] == ["Zander", "Meier", "Bauer"]
    assert 'aria-sort="descending"' in reversed_page


def test_an_unknown_sort_falls_back_to_the_default(client, admin, make_contact):
    make_contact(admin, family_name="Bauer")
    client.force_login(admin)
    response = client.get(CONTACTS, {"sort": "password"})
    assert response.status_code == 200
    assert 'aria-sort="ascending"' in response.content.decode()


def test_the_list_says_how_many_rows_match(client, admin, make_contact):
    for family in ("Bauer", "Zander", "Meier"):
        make_contact(admin, family_name=family, country="FR" if family == "Meier" else "DE")
    client.force_login(admin)
    assert "3 results" in client.get(CONTACTS).content.decode()
    assert "2 results" in client.get(CONTACTS, {"country": "DE"}).content.decode()


def test_past_the_cap_the_count_is_an_estimate_never_below_the_cap(admin, make_contact):
    for family in ("Bauer", "Zander", "Meier"):
        make_contact(admin, family_name=family)
    assert count_rows(Contact.objects.all(), cap=5).exact
    counted = count_rows(Contact.objects.all(), cap=2)
    assert not counted.exact and counted.value >= 2
    # No planner estimate on SQLite: "more than 2"; PostgreSQL's estimate is never below the cap.
    assert counted.estimated == (connection.vendor == "postgresql" and counted.value > 2)


def test_past_the_cap_the_page_says_more_than_or_about(client, admin, make_contact, monkeypatch):
    from orbis.kernel.web import pages

    monkeypatch.setattr(pages, "COUNT_CAP", 2)
    monkeypatch.setattr(pages.count_rows, "__defaults__", (2,))
    for family in ("Bauer", "Zander", "Meier"):
        make_contact(admin, family_name=family)
    client.force_login(admin)

    shown = client.get(CONTACTS).content.decode()

    assert re.search(r"(more than 2|about [\d,]+) results", shown)


def test_the_column_chooser_shows_only_the_chosen_columns(client, admin, make_contact):
    make_contact(admin, family_name="Bauer", tags=["vip"])
    client.force_login(admin)
    default = headers_on(client.get(CONTACTS).content.decode())
    assert "Email" in default and "Tags" not in default
    chosen = client.get(CONTACTS, {"columns": ["name", "email", "tags"]}).content.decode()
    assert headers_on(chosen)[1:] == ["Name", "Email", "Tags"]  # [0]: the select-all box
    assert ">vip</span>" in chosen


def test_bulk_actions_change_only_rows_where_a_role_grants_the_action(
    client, regions, admin, two_role_rep, make_contact
):
    berlin = make_contact(admin, family_name="Bauer", country="DE")
    tokyo = make_contact(admin, family_name="Tanaka", country="JP")
    client.force_login(two_role_rep)
    page = client.get(CONTACTS).content.decode()
    shown = " ".join(names_on(page))
    assert "Bauer" in shown and "Tanaka" in shown  # view holds in both regions
    response = client.post(
        reverse("customers:contact_bulk"),
        {"action": "add_tag", "tag": "fair-2027", "ids": [berlin.pk, tokyo.pk], "query": "q=a"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == CONTACTS + "?q=a"
    text = response.content.decode()
    assert "1 row updated." in text and "1 row was not changed" in text
    assert list(berlin.tags.values_list("name", flat=True)) == ["fair-2027"]
    assert not tokyo.tags.exists()
    client.post(
        reverse("customers:contact_bulk"), {"action": "archive", "ids": [berlin.pk, tokyo.pk]}
    )
    berlin.refresh_from_db()
    tokyo.refresh_from_db()
    assert berlin.archived_at is not None and tokyo.archived_at is None


def test_bulk_assign_owner_and_bad_input(client, admin, eu_rep, make_company):
    firm = make_company(admin, name="Müller AG")
    client.force_login(admin)
    url = reverse("customers:company_bulk")
    client.post(url, {"action": "assign_owner", "owner": str(eu_rep.pk), "ids": [firm.pk]})
    assert Company.objects.get(pk=firm.pk).owner == eu_rep
    nothing = client.post(url, {"action": "archive"}, follow=True).content.decode()
    assert "Select at least one row." in nothing
    unknown = client.post(url, {"action": "drop_table", "ids": [firm.pk]}, follow=True)
    assert "Choose an action you may take." in unknown.content.decode()
    assert Company.objects.get(pk=firm.pk).archived_at is None


def test_a_viewer_is_offered_no_bulk_actions(client, apac_agent, admin, make_contact):
    make_contact(admin, family_name="Tanaka", country="JP")
    client.force_login(apac_agent)
    page = client.get(CONTACTS).content.decode()
    assert 'id="bulk"' not in page and "data-select-all" not in page


def test_saved_views_are_the_owners_unless_shared(client, admin, eu_rep, us_rep, make_contact):
    make_contact(admin, family_name="Bauer")
    client.force_login(eu_rep)
    save = reverse("web:save_view")
    query = "country=DE&sort=-updated&columns=name&columns=email&after=xyz&evil=1"
    response = client.post(
        save, {"list": "customers.contacts", "name": "  My  Germans ", "query": query}
    )
    view = SavedView.objects.get(owner=eu_rep)
    assert view.name == "My Germans"
    assert view.query == "country=DE&sort=-updated&columns=name&columns=email"  # no paging, no junk
    assert response["Location"] == CONTACTS + "?" + view.query
    client.post(
        save,
        {"list": "customers.contacts", "name": "Team DE", "query": "country=DE", "shared": "on"},
    )
    assert "My Germans" in client.get(CONTACTS).content.decode()
    client.force_login(us_rep)
    page = client.get(CONTACTS).content.decode()
    assert "Team DE" in page and "My Germans" not in page
    shared = SavedView.objects.get(name="Team DE")
    assert client.post(reverse("web:delete_view", args=[shared.pk])).status_code == 403
    private = SavedView.objects.get(name="My Germans")
    assert client.post(reverse("web:delete_view", args=[private.pk])).status_code == 404
    client.force_login(eu_rep)
    client.post(reverse("web:delete_view", args=[shared.pk]))
    assert not SavedView.objects.filter(pk=shared.pk).exists()


def test_a_saved_view_needs_a_name_and_a_known_list(client, eu_rep):
    client.force_login(eu_rep)
    save = reverse("web:save_view")
    refused = client.post(
        save, {"list": "customers.contacts", "name": " ", "query": "q=x"}, follow=True
    )
    assert "The view was not saved" in refused.content.decode()
    assert client.post(save, {"list": "nope", "name": "x"}).status_code == 404
    assert not SavedView.objects.exists()


def test_pickers_offer_only_what_the_user_may_see(client, eu_rep):
    client.force_login(eu_rep)
    page = client.get(CONTACTS).content.decode()
    region_box = page.split('id="f-region"', 1)[1].split("</select>", 1)[0]
    assert "EMEA" in region_box and "APAC" not in region_box
    country_box = page.split('id="f-country"', 1)[1].split("</select>", 1)[0]
    assert 'value="DE" dir="auto">Germany<' in country_box  # by name, not by code
    assert 'value="JP"' not in country_box


def test_the_search_box_answers_the_slash_shortcut(client, eu_rep):
    client.force_login(eu_rep)
    page = client.get(CONTACTS).content.decode()
    assert re.search(r'id="f-q"[^>]*data-search-shortcut[^>]*aria-keyshortcuts="/"', page)
    assert "orbis/lists.js" in page
