"""The contact list: scoped to the user's regions, filtered, keyset-paged, htmx partials."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from orbis.customers import services

pytestmark = pytest.mark.django_db
URL = "/contacts/"


def names_on(page: str) -> list[str]:
    return re.findall(r'href="/contacts/[0-9a-f-]+/"><bdi>([^<]+)</bdi></a>', page)


def test_list_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_emea_rep_sees_only_emea_contacts_and_admin_sees_all(
    client, eu_rep, us_rep, admin, make_contact
):
    make_contact(eu_rep, given_name="Anna", family_name="Schmidt", country="DE")
    make_contact(us_rep, given_name="Bob", family_name="Smith", country="US")
    client.force_login(eu_rep)
    assert names_on(client.get(URL).content.decode()) == ["Anna Schmidt"]
    assert names_on(client.get(URL, {"q": "smith"}).content.decode()) == []
    client.force_login(admin)
    assert sorted(names_on(client.get(URL).content.decode())) == ["Anna Schmidt", "Bob Smith"]


def test_filters_narrow_the_list(client, admin, make_contact):
    make_contact(admin, given_name="Anna", family_name="Schmidt", country="DE", tags=["vip"])
    make_contact(
        admin,
        given_name="Hana",
        family_name="Sato",
        country="JP",
        lifecycle_stage="customer",
        owner=str(admin.pk),
    )
    archived = make_contact(admin, given_name="Otto", family_name="Alt", country="DE")
    services.archive_contact(archived, actor=admin)
    client.force_login(admin)
    assert names_on(client.get(URL, {"country": "jp"}).content.decode()) == ["Sato Hana"]
    assert names_on(client.get(URL, {"region": "emea"}).content.decode()) == ["Anna Schmidt"]
    assert names_on(client.get(URL, {"tag": "vip"}).content.decode()) == ["Anna Schmidt"]
    assert names_on(client.get(URL, {"stage": "customer"}).content.decode()) == ["Sato Hana"]
    assert names_on(client.get(URL, {"archived": "only"}).content.decode()) == ["Otto Alt"]
    assert names_on(client.get(URL, {"owner": "me"}).content.decode()) == ["Sato Hana"]
    assert names_on(client.get(URL, {"owner": str(admin.pk)}).content.decode()) == ["Sato Hana"]
    assert names_on(client.get(URL, {"owner": "not-a-uuid"}).content.decode()) == []
    assert names_on(client.get(URL, {"q": "schmidt"}).content.decode()) == ["Anna Schmidt"]


def test_sort_by_recently_updated(client, admin, make_contact):
    first = make_contact(admin, given_name="Anna", family_name="Able")
    make_contact(admin, given_name="Bert", family_name="Berg")
    services.update_contact(first, {"lifecycle_stage": "customer"}, actor=admin)
    client.force_login(admin)
    assert names_on(client.get(URL, {"sort": "updated"}).content.decode()) == [
        "Anna Able",
        "Bert Berg",
    ]
    assert names_on(client.get(URL, {"sort": "name"}).content.decode()) == [
        "Anna Able",
        "Bert Berg",
    ]


@pytest.mark.parametrize("sort", ["name", "updated"])
def test_keyset_pages_walk_forward_and_back(client, admin, make_contact, monkeypatch, sort):
    from orbis.kernel.web import pages as kit_pages

    for index in range(7):
        make_contact(admin, given_name="Anna", family_name=f"Person{index:02d}")
    monkeypatch.setattr(kit_pages, "PAGE_SIZE", 3)
    client.force_login(admin)
    seen: list[str] = []
    page = client.get(URL, {"sort": sort}).content.decode()
    pages = []
    while True:
        rows = names_on(page)
        pages.append(rows)
        seen += rows
        nxt = re.search(r'rel="next" href="\?([^"]+)"', page)
        if not nxt:
            break
        page = client.get(URL + "?" + nxt.group(1).replace("&amp;", "&")).content.decode()
    assert [len(p) for p in pages] == [3, 3, 1]
    assert len(set(seen)) == 7
    back = re.search(r'rel="prev" href="\?([^"]+)"', page)
    assert back is not None
    previous = client.get(URL + "?" + back.group(1).replace("&amp;", "&")).content.decode()
    assert names_on(previous) == pages[1]


def test_htmx_filter_request_returns_only_the_results(client, admin, make_contact):
    make_contact(admin, given_name="Anna", family_name="Schmidt")
    client.force_login(admin)
    response = client.get(
        URL, {"q": "anna"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    page = response.content.decode()
    assert "<html" not in page and "<table" in page
    assert names_on(page) == ["Anna Schmidt"]


def test_query_count_does_not_grow_with_rows(
    client, admin, make_contact, make_company, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    company = make_company(admin)
    client.force_login(admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    make_contact(
        admin,
        emails=["a0@example.com"],
        phones=["030 1234567"],
        companies=[{"company": str(company.pk)}],
        tags=["x"],
    )
    one = count()
    for index in range(29):
        make_contact(
            admin,
            family_name=f"N{index}",
            emails=[f"a{index + 1}@example.com"],
            companies=[{"company": str(company.pk)}],
        )
    assert count() == one


def test_each_row_shows_the_first_email_phone_and_primary_company(
    client, admin, make_contact, make_company
):
    former = make_company(admin, name="Alte Firma")
    current = make_company(admin, name="Zukunft AG")
    make_contact(
        admin,
        given_name="Anna",
        family_name="Schmidt",
        lifecycle_stage="customer",
        emails=[{"value": "anna@zukunft.de"}, {"value": "anna@privat.de"}],
        phones=[{"value": "+49 30 1234567"}, {"value": "+49 89 7654321"}],
        # The first is the primary one, though "Alte Firma" sorts before it.
        companies=[{"company": str(current.pk), "title": "CEO"}, {"company": str(former.pk)}],
    )
    make_contact(admin, given_name="Bert", family_name="Berg")  # no points, no company
    client.force_login(admin)
    page = client.get(URL, headers={"Accept-Language": "de"}).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    (anna,) = [row for row in rows if "Anna Schmidt" in row]
    (bert,) = [row for row in rows if "Bert Berg" in row]
    assert "mailto:anna@zukunft.de" in anna and "privat" not in anna
    assert "tel:+49301234567" in anna and "7654321" not in anna
    assert "Zukunft AG" in anna and "Alte Firma" not in anna
    assert ">Kunde</span>" in anna  # the stage's label in the viewer's language
    assert "mailto:" not in bert and "tel:" not in bert
    assert re.search(r'href="/contacts/[0-9a-f-]{36}/"', anna)
