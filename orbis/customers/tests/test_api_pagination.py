"""Cursor pagination: every row exactly once, in (sort_name, id) order, at any page size."""

import pytest

from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient


def walk(api, path, **params):
    seen: list[str] = []
    cursor, pages = None, 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        response = api.get(path, query)
        assert response.status_code == 200, response.content
        body = response.json()
        seen.extend(item["id"] for item in body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


@pytest.mark.parametrize("limit", [1, 3, 7, 200])
def test_walk_visits_every_contact_once_in_order(eu_rep, make_contact, token_for, limit):
    # repeated names make the id the tie-breaker
    for index in range(13):
        make_contact(eu_rep, given_name=f"G{index % 4}", family_name=["Weber", "Abel"][index % 2])
    seen, pages = walk(ApiClient(token_for(eu_rep)), "contacts", limit=limit)
    expected = [
        str(pk) for pk in Contact.objects.order_by("sort_name", "id").values_list("pk", flat=True)
    ]
    assert seen == expected
    assert pages == max(1, -(-13 // limit))


def test_rows_added_behind_the_cursor_do_not_repeat_rows(eu_rep, make_contact, token_for):
    for name in ["Adler", "Becker", "Fischer", "Wagner"]:
        make_contact(eu_rep, family_name=name)
    api = ApiClient(token_for(eu_rep))
    first = api.get("contacts", {"limit": 2}).json()
    make_contact(eu_rep, family_name="Aaron")  # sorts before the cursor
    rest = api.get("contacts", {"limit": 10, "cursor": first["next_cursor"]}).json()
    names = [i["family_name"] for i in first["items"] + rest["items"]]
    assert names == ["Adler", "Becker", "Fischer", "Wagner"]


def test_companies_paginate_too(eu_rep, make_company, token_for):
    for index in range(5):
        make_company(eu_rep, name=f"Firma {index % 2}")
    seen, _ = walk(ApiClient(token_for(eu_rep)), "companies", limit=2)
    assert len(seen) == len(set(seen)) == 5


def test_default_page_and_empty_result(eu_rep, token_for):
    body = ApiClient(token_for(eu_rep)).get("contacts").json()
    assert body == {"items": [], "next_cursor": None}
