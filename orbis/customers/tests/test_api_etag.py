"""Optimistic concurrency: ETag on reads and writes, If-Match required on PATCH."""

from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient


def test_patch_without_if_match_is_428(eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    response = ApiClient(token_for(eu_rep)).patch(f"contacts/{contact.pk}", {"given_name": "B"})
    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "If-Match"
    assert Contact.objects.get().given_name == "Anna"


def test_stale_if_match_is_412_and_changes_nothing(eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    api = ApiClient(token_for(eu_rep))
    first_tag = api.get(f"contacts/{contact.pk}")["ETag"]
    ok = api.patch(f"contacts/{contact.pk}", {"given_name": "Berta"}, if_match=first_tag)
    assert ok.status_code == 200
    stale = api.patch(f"contacts/{contact.pk}", {"given_name": "Clara"}, if_match=first_tag)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["type"].endswith("/precondition-failed")
    assert Contact.objects.get().given_name == "Berta"
    fresh = api.patch(f"contacts/{contact.pk}", {"given_name": "Clara"}, if_match=ok["ETag"])
    assert fresh.status_code == 200 and fresh.json()["given_name"] == "Clara"


def test_if_match_accepts_a_list_and_star(eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    api = ApiClient(token_for(eu_rep))
    etag = api.get(f"contacts/{contact.pk}")["ETag"]
    listed = api.patch(f"contacts/{contact.pk}", {"given_name": "B"}, if_match=f'W/"1.0", {etag}')
    assert listed.status_code == 200
    assert api.patch(f"contacts/{contact.pk}", {"given_name": "C"}, if_match="*").status_code == 200


def test_archive_checks_if_match_when_sent(eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    api = ApiClient(token_for(eu_rep))
    assert api.post(f"contacts/{contact.pk}/archive", if_match='W/"1.0"').status_code == 412
    assert Contact.objects.get().archived_at is None
    assert api.post(f"contacts/{contact.pk}/archive", if_match=contact.etag).status_code == 200
