"""Small disclosures and loose input: the owner filter lists only colleagues in reach, an owner
must see what they own, the API keeps links it cannot see, request ids are checked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.customers.models import Employment
from orbis.customers.tests.api_client import ApiClient
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db


def test_the_owner_filter_offers_only_colleagues_in_reach(
    client: Any, eu_rep: Any, us_rep: Any, apac_agent: Any, admin: Any
) -> None:
    client.force_login(eu_rep)

    html = client.get("/contacts/").content.decode()
    offered = set(re.findall(r'<option value="([0-9a-f-]{36})"', html))

    assert str(eu_rep.pk) in offered
    assert not {str(us_rep.pk), str(apac_agent.pk)} & offered


def test_an_owner_who_cannot_see_the_record_is_refused(
    make_contact: Any, eu_rep: Any, us_rep: Any, admin: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_contact(admin, country="DE", owner=str(us_rep.pk))

    assert "owner" in refused.value.errors
    contact = make_contact(admin, country="DE", owner=str(eu_rep.pk))
    assert contact.owner == eu_rep


def test_patch_companies_keeps_the_links_the_caller_cannot_see(
    make_contact: Any, make_company: Any, eu_rep: Any, admin: Any, token_for: Any
) -> None:
    american = make_company(admin, name="Acme Inc.", country="US")
    german = make_company(admin, name="Muster GmbH", country="DE")
    contact = make_contact(
        admin, country="DE", companies=[{"company": str(american.pk)}, {"company": str(german.pk)}]
    )
    api = ApiClient(token_for(eu_rep))
    etag = api.get(f"contacts/{contact.pk}")["ETag"]

    response = api.patch(f"contacts/{contact.pk}", {"companies": []}, **{"If-Match": etag})

    assert response.status_code == 200, response.content
    assert list(Employment.objects.filter(contact=contact).values_list("company", flat=True)) == [
        american.pk
    ]


def test_a_client_request_id_is_kept_only_when_it_looks_like_one(
    client: Any, admin: Any, make_contact: Any
) -> None:
    client.force_login(admin)

    kept = client.get("/contacts/", HTTP_X_REQUEST_ID="trace-42.a:b")
    replaced = client.get("/contacts/", HTTP_X_REQUEST_ID="\x1b[31m forged id with spaces")

    assert kept["X-Request-Id"] == "trace-42.a:b"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-Id"])
    assert not AuditEvent.objects.filter(request_id__contains=" ").exists()
