"""Held under attack, kept as tests: concurrent creates with one Idempotency-Key make one row,
and concurrent updates with one ETag let exactly one through (real HTTP, real threads)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from orbis.customers.models import Contact


def _send(url: str, method: str, body: dict[str, Any], headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", **headers},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_one_key_make_one_contact(
    live_server: Any, admin: Any, token_for: Any
) -> None:
    headers = {"Authorization": f"Bearer {token_for(admin)}", "Idempotency-Key": "retry-1"}
    body = {"given_name": "Ada", "family_name": "Once", "country": "GB"}

    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda _: _send(f"{live_server.url}/api/v1/contacts", "POST", body, headers),
                range(24),
            )
        )

    assert Contact.objects.filter(family_name="Once").count() == 1
    assert 201 in statuses and set(statuses) <= {201, 409}, statuses


@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_with_one_etag_let_one_through(
    live_server: Any, admin: Any, token_for: Any, make_contact: Any
) -> None:
    contact = make_contact(admin, given_name="Ada", family_name="Lovelace", country="GB")
    token = token_for(admin)
    read = urllib.request.Request(
        f"{live_server.url}/api/v1/contacts/{contact.pk}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(read, timeout=30) as response:
        etag = response.headers["ETag"]
    url = f"{live_server.url}/api/v1/contacts/{contact.pk}"

    def patch(n: int) -> int:
        body = {"given_name": f"Ada {n}"}
        return _send(url, "PATCH", body, {"Authorization": f"Bearer {token}", "If-Match": etag})

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(patch, range(16)))

    assert sorted(statuses) == [200] + [412] * 15, statuses
