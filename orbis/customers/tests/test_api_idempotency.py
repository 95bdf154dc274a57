"""Idempotency-Key on creates: a retry replays the first response instead of creating twice."""

from orbis.customers.models import Company, Contact
from orbis.customers.tests.api_client import ApiClient
from orbis.kernel.models import IdempotencyRecord

BODY = {"given_name": "Anna", "family_name": "Schmidt", "country": "DE"}


def test_same_key_same_body_replays(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    first = api.post("contacts", BODY, idempotency_key="k-1")
    # the same JSON with another key order and spacing is the same request
    again = api.post(
        "contacts",
        '{"country": "DE",  "family_name": "Schmidt", "given_name": "Anna"}',
        idempotency_key="k-1",
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"] and again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Contact.objects.count() == 1


def test_same_key_other_body_is_422(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    assert api.post("contacts", BODY, idempotency_key="k-2").status_code == 201
    other = api.post("contacts", {**BODY, "given_name": "Berta"}, idempotency_key="k-2")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Contact.objects.count() == 1


def test_same_key_on_another_endpoint_is_422(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    assert api.post("contacts", BODY, idempotency_key="k-3").status_code == 201
    other = api.post("companies", {"name": "Acme", "country": "DE"}, idempotency_key="k-3")
    assert other.status_code == 422
    assert Company.objects.count() == 0


def test_keys_belong_to_their_principal(eu_rep, admin, token_for):
    assert (
        ApiClient(token_for(eu_rep)).post("contacts", BODY, idempotency_key="shared").status_code
        == 201
    )
    assert (
        ApiClient(token_for(admin)).post("contacts", BODY, idempotency_key="shared").status_code
        == 201
    )
    assert Contact.objects.count() == 2
    # two tokens of one user share the user's keys
    assert (
        ApiClient(token_for(eu_rep)).post("contacts", BODY, idempotency_key="shared").status_code
        == 201
    )
    assert Contact.objects.count() == 2


def test_without_a_key_each_post_creates(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    api.post("contacts", BODY)
    api.post("contacts", BODY)
    assert Contact.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_a_failed_create_is_not_remembered(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    bad = api.post("contacts", {**BODY, "emails": [{"value": "nope"}]}, idempotency_key="k-4")
    assert bad.status_code == 422
    fixed = api.post("contacts", {**BODY, "emails": [{"value": "a@b.de"}]}, idempotency_key="k-4")
    assert fixed.status_code == 201
    assert Contact.objects.count() == 1


def test_an_unusable_key_is_422(eu_rep, token_for):
    response = ApiClient(token_for(eu_rep)).post("contacts", BODY, idempotency_key="x" * 256)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Contact.objects.count() == 0
