"""Search by name in any script, by email, phone and company, on SQLite FTS5 and PostgreSQL."""

import pytest

from orbis.customers import services
from orbis.customers.search import search_companies, search_contacts


@pytest.fixture
def people(admin, make_contact, make_company):
    acme = make_company(admin, name="Acme Maschinenbau", country="DE")
    return {
        "mueller": make_contact(
            admin,
            given_name="Jürgen",
            family_name="Müller",
            country="DE",
            emails=["j.mueller@acme.example"],
            phones=["+49 30 1234567"],
            companies=[{"company": str(acme.pk), "title": "CTO"}],
        ),
        "yamada": make_contact(
            admin,
            given_name="太郎",
            family_name="山田",
            country="JP",
            latin_given_name="Taro",
            latin_family_name="Yamada",
            phones=["03-1234-5678"],
        ),
        "wang": make_contact(
            admin,
            given_name="伟",
            family_name="王",
            country="CN",
            latin_given_name="Wei",
            latin_family_name="Wang",
        ),
        "garcia": make_contact(
            admin,
            given_name="María José",
            family_name="García López",
            country="FR",
            emails=["mj@garcia.example"],
        ),
        "acme": acme,
    }


def _found(user, query):
    return {c.pk for c in search_contacts(user, query)}


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("müller", "mueller"),
        ("MULLER", "mueller"),
        ("jürgen müll", "mueller"),
        ("j.mueller@acme.example", "mueller"),
        ("+49 30 1234567", "mueller"),
        ("0301234567", "mueller"),
        ("maschinenbau", "mueller"),
        ("山田太郎", "yamada"),
        ("yamada", "yamada"),
        ("taro", "yamada"),
        ("0312345678", "yamada"),
        ("garcía", "garcia"),
        ("garcia lopez", "garcia"),
        ("王伟", "wang"),
        ("wang", "wang"),
    ],
)
def test_finds_by_name_email_phone_and_company(people, admin, query, who):
    assert _found(admin, query) == {people[who].pk}


def test_short_terms_narrow_the_result(people, admin):
    assert _found(admin, "山田") == {people["yamada"].pk}
    assert _found(admin, "王") == {people["wang"].pk}
    assert _found(admin, "müller xy") == set()


def test_no_match_and_empty_query(people, admin):
    assert _found(admin, "nobody-like-this") == set()
    assert _found(admin, "   ") == set()


def test_index_follows_updates_and_archiving(people, admin):
    contact = people["garcia"]
    services.update_contact(contact, {"family_name": "Fernández"}, actor=admin)
    assert _found(admin, "garcía lópez") == set()
    assert _found(admin, "fernandez") == {contact.pk}
    services.archive_contact(contact, actor=admin)
    assert _found(admin, "fernandez") == set()
    assert {c.pk for c in search_contacts(admin, "fernandez", include_archived=True)} == {
        contact.pk
    }


def test_companies_are_searchable(people, admin):
    assert {c.pk for c in search_companies(admin, "maschinen")} == {people["acme"].pk}


def test_whole_email_and_phone_are_found_exactly_in_any_format(people, admin, regions):
    mueller = people["mueller"].pk
    assert _found(admin, "J.Mueller@ACME.example") == {mueller}
    assert _found(admin, "+49 30 1234567") == {mueller}
    assert _found(admin, "49301234567") == {mueller}  # international digits without the +
    assert _found(admin, "030 1234567") == {mueller}  # national, read in the DE market
    assert _found(admin, "(030) 123-4567") == {mueller}
    assert _found(admin, "nobody@acme.example") == set()


def test_email_domains_are_found_and_fragments_no_longer(people, admin):
    mueller = people["mueller"].pk
    assert _found(admin, "@ACME.example") == {mueller}
    assert _found(admin, "@garcia.example") == {people["garcia"].pk}
    assert _found(admin, "@example") == set()
    # Emails and numbers are encrypted and out of the search text: no fragment search.
    assert _found(admin, "301234") == set()
    assert _found(admin, "mueller@acme") == set()


def test_exact_lookup_is_scoped(people, eu_rep, us_rep):
    assert _found(us_rep, "j.mueller@acme.example") == set()
    assert _found(us_rep, "+49 30 1234567") == set()
    assert _found(eu_rep, "+49 30 1234567") == {people["mueller"].pk}
