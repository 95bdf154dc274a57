"""The number of queries an API call makes does not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from orbis.customers import services
from orbis.customers.tests.api_client import ApiClient


def count_queries(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content
    return len(captured)


def rich_contact(actor, make_contact, make_company, index):
    company = make_company(actor, name=f"Firma {index}")
    return make_contact(
        actor,
        family_name=f"Person {index}",
        tags=["vip", f"t{index}"],
        emails=[{"value": f"p{index}@example.de"}, {"value": f"q{index}@example.de"}],
        phones=[{"value": f"030 123456{index % 10}"}],
        companies=[{"company": str(company.pk), "title": "CEO"}],
    )


def test_get_one_contact_is_constant(
    eu_rep, make_contact, make_company, token_for, django_assert_num_queries
):
    api = ApiClient(token_for(eu_rep))
    first = rich_contact(eu_rep, make_contact, make_company, 0)
    api.get(f"contacts/{first.pk}")  # the first use of a token records last_used_at
    # the token with its user and grants; the contact with its region, points, tags and jobs;
    # the INSERT of its read event (audit of reads: no chain lock, sealed later by a job)
    with django_assert_num_queries(3):
        api.get(f"contacts/{first.pk}")
    for index in range(1, 20):
        rich_contact(eu_rep, make_contact, make_company, index)
    with django_assert_num_queries(3):
        response = api.get(f"contacts/{first.pk}")
    assert len(response.json()["emails"]) == 2


def test_list_is_constant(eu_rep, make_contact, make_company, token_for):
    api = ApiClient(token_for(eu_rep))
    rich_contact(eu_rep, make_contact, make_company, 0)
    api.get("contacts")
    few = count_queries(lambda: api.get("contacts"))
    for index in range(1, 20):
        rich_contact(eu_rep, make_contact, make_company, index)
    assert count_queries(lambda: api.get("contacts")) == few
    assert count_queries(lambda: api.get("contacts", {"q": "person", "tag": "vip"})) == few
    assert count_queries(lambda: api.get("companies")) <= few


def test_get_one_company_is_constant(eu_rep, make_company, token_for):
    api = ApiClient(token_for(eu_rep))
    company = make_company(eu_rep, tags=["a", "b"])
    api.get(f"companies/{company.pk}")
    few = count_queries(lambda: api.get(f"companies/{company.pk}"))
    for index in range(10):
        services.create_company(
            {"name": f"Firma {index}", "country": "DE", "tags": ["a"]}, actor=eu_rep
        )
    assert count_queries(lambda: api.get(f"companies/{company.pk}")) == few
