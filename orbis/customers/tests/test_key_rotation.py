"""Key rotation: a new key per region becomes current, old values are re-sealed in batches,
every record stays readable and no token of the retired key is left."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from orbis.customers import services
from orbis.customers.models import Contact, ContactPoint
from orbis.customers.read_model import read_contact
from orbis.kernel import crypto, key_rotation
from orbis.kernel.models import IdempotencyRecord


@pytest.fixture
def own_keyring(tmp_path: Path) -> Iterator[Path]:
    """A copy of the development keyring, so adding keys here leaves the shared one alone."""
    path = tmp_path / "keyring.json"
    crypto.keyring().current_key_id("emea")
    shutil.copy(settings.KEYRING_FILE, path)
    with override_settings(KEYRING_FILE=str(path)):
        crypto.reset_keyring()
        yield path
    crypto.reset_keyring()


def raw_tokens(model: Any, column: str) -> list[str]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q(column)} FROM {q(model._meta.db_table)}")
        return [row[0] for row in cursor.fetchall() if row[0]]


def test_rotation_reseals_every_value_and_keeps_records_readable(
    own_keyring: Path, admin: Any, regions: Any
) -> None:
    services.define_custom_field(
        "contact", "passport", "Passport", "text", sensitive=True, actor=admin
    )
    people = [
        services.create_contact(
            {
                "family_name": f"Person {i}",
                "country": "DE" if i % 3 else "US",
                "emails": [f"person{i}@rotation.example"],
                "phones": [f"+49 30 1234{i:03d}" if i % 3 else f"+1 415 555 0{i:03d}"],
                "addresses": [
                    {"street_address": f"Weg {i}", "city": "Berlin", "postal_code": "10117"}
                ]
                if i % 3
                else [],
                "birth_date": f"19{50 + i}-01-02",
                "custom_fields": {"passport": f"P{i}"},
            },
            actor=admin,
        )
        for i in range(7)
    ]
    ring = crypto.keyring()
    assert isinstance(ring, crypto.LocalKeyring)
    old = ring.current_key_id("emea")
    na_key = ring.current_key_id("na")

    new = ring.add_key("emea")

    assert key_rotation.retired_keys() == [old]
    before = key_rotation.status()
    assert before[old]["customers.contactpoint.value"] == 2 * 4  # four German contacts
    assert before[old]["customers.contact.custom_fields"] == 4
    out = io.StringIO()
    call_command("keys_rotate", "--batch", "3", stdout=out)

    assert "Re-encrypted" in out.getvalue()
    after = key_rotation.status()
    assert old not in after
    assert after[new]["customers.contactpoint.value"] == 8
    assert after[na_key]["customers.contactpoint.value"] == 6  # untouched
    tokens = raw_tokens(ContactPoint, "value") + raw_tokens(Contact, "addresses")
    tokens += raw_tokens(Contact, "birth_date") + raw_tokens(Contact, "custom_fields")
    assert not any(f"enc1${old}$" in token for token in tokens)
    for i, person in enumerate(people):
        fresh = Contact.objects.get(pk=person.pk)
        assert fresh.birth_date is not None and fresh.birth_date.year == 1950 + i
        assert fresh.custom_fields == {"passport": f"P{i}"}
        assert f"person{i}@rotation.example" in {p.value for p in fresh.points.all()}
        body, _ = read_contact(admin, person.pk)
        assert body["emails"][0]["value"] == f"person{i}@rotation.example"
    status = io.StringIO()
    call_command("keys_status", stdout=status)
    assert [line.split() for line in status.getvalue().splitlines() if line.startswith(old)] == [
        [old, "retired", "0", "rows"]
    ]


def test_a_value_saved_during_rotation_is_not_overwritten(
    own_keyring: Path, admin: Any, regions: Any
) -> None:
    contact = services.create_contact(
        {"family_name": "Busy", "country": "DE", "emails": ["busy@rotation.example"]}, actor=admin
    )
    ring = crypto.keyring()
    assert isinstance(ring, crypto.LocalKeyring)
    old = ring.current_key_id("emea")
    ring.add_key("emea")
    column = next(c for c in key_rotation.columns() if c.label == "customers.contactpoint.value")
    # The user's save lands between the batch's read and its write: the write must not win.
    services.update_contact(contact, {"emails": ["new@rotation.example"]}, actor=admin)
    assert key_rotation._batch(column, old, 10) == 0
    assert [p.value for p in Contact.objects.get(pk=contact.pk).points.all()] == [
        "new@rotation.example"
    ]


def test_stored_api_responses_are_resealed_too(
    own_keyring: Path, admin: Any, token_for: Any
) -> None:
    from orbis.customers.tests.api_client import ApiClient

    api = ApiClient(token_for(admin))
    body = {"family_name": "Replay", "country": "DE", "emails": [{"value": "r@rotation.example"}]}
    assert api.post("contacts", body, **{"Idempotency-Key": "rot-1"}).status_code == 201
    ring = crypto.keyring()
    assert isinstance(ring, crypto.LocalKeyring)
    old = ring.current_key_id("system")
    ring.add_key("system")

    key_rotation.reencrypt("system")

    (token,) = raw_tokens(IdempotencyRecord, "response_body")
    assert crypto.token_key_id(token) != old
    replay = api.post("contacts", body, **{"Idempotency-Key": "rot-1"})
    assert replay.json()["emails"][0]["value"] == "r@rotation.example"
