"""Personal data is encrypted at rest: nothing of it is readable in the database, on both engines.

A contact is saved through the service (and one through the API with an Idempotency-Key, whose
stored response holds its emails); then every text column of every table is searched for the
email, the phone digits, the street, the birth date and a sensitive custom field value, and on
SQLite the database file itself after a WAL checkpoint.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from orbis.customers import services
from orbis.customers.models import Contact, ContactPoint
from orbis.customers.read_model import read_contact
from orbis.customers.tests.api_client import ApiClient
from orbis.kernel import crypto
from orbis.kernel.fields import PlainValueRefused

EMAIL = "zq.marker.person@marker-example.org"
PHONE = "+49 30 98765432"
PHONE_DIGITS = "3098765432"
STREET = "Zqmarkerstraße 77"
BIRTH = "1971-03-14"
SECRET = "ZQPASSPORT991"
API_EMAIL = "zq.api.person@marker-example.org"
MARKERS = [
    "zq.marker",
    "marker-example",
    PHONE_DIGITS,
    "Zqmarker",
    "zqmarker",
    BIRTH,
    SECRET,
    "zq.api",
]


def all_text(table: str) -> list[str]:
    """Every column of every row of `table`, as text."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        if not columns:
            return []
        cast = "::text" if connection.vendor == "postgresql" else ""
        select = ", ".join(f"{q(c)}{cast}" for c in columns)
        cursor.execute(f"SELECT {select} FROM {q(table)}")
        return [
            value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            for row in cursor.fetchall()
            for value in row
            if value is not None
        ]


def tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


@pytest.fixture
def saved(admin: Any, token_for: Any, regions: Any) -> dict[str, Any]:
    services.define_custom_field(
        "contact", "passport", "Passport", "text", sensitive=True, actor=admin
    )
    services.define_custom_field("contact", "tier", "Tier", "text", actor=admin)
    contact = services.create_contact(
        {
            "given_name": "Anna",
            "family_name": "Schmidt",
            "country": "DE",
            "emails": [EMAIL],
            "phones": [PHONE],
            "addresses": [{"street_address": STREET, "city": "Berlin", "postal_code": "10117"}],
            "birth_date": BIRTH,
            "custom_fields": {"passport": SECRET, "tier": "gold"},
        },
        actor=admin,
    )
    api = ApiClient(token_for(admin))
    created = api.post(
        "contacts",
        {"family_name": "Api", "country": "DE", "emails": [{"value": API_EMAIL}]},
        **{"Idempotency-Key": "zq-1"},
    )
    assert created.status_code == 201, created.content
    return {"contact": contact, "api": api, "api_id": created.json()["id"]}


def test_values_read_back_in_plain_through_the_orm_the_api_and_the_read_model(
    saved: dict[str, Any], admin: Any
) -> None:
    contact = Contact.objects.get(pk=saved["contact"].pk)
    assert contact.addresses[0]["street_address"] == STREET
    assert contact.birth_date is not None and contact.birth_date.isoformat() == BIRTH
    assert contact.custom_fields == {"passport": SECRET, "tier": "gold"}
    assert {p.value for p in contact.points.all()} == {EMAIL, "+493098765432"}
    body, _etag = read_contact(admin, contact.pk)
    assert body["emails"][0]["value"] == EMAIL
    assert body["addresses"][0]["street_address"] == STREET
    assert body["birth_date"] == BIRTH
    assert body["custom_fields"]["passport"] == SECRET
    replay = saved["api"].post(
        "contacts",
        {"family_name": "Api", "country": "DE", "emails": [{"value": API_EMAIL}]},
        **{"Idempotency-Key": "zq-1"},
    )
    assert replay.status_code == 201 and replay.json()["emails"][0]["value"] == API_EMAIL


def test_no_table_holds_a_plain_email_phone_street_birth_date_or_sensitive_value(
    saved: dict[str, Any],
) -> None:
    found = {
        (table, marker)
        for table in tables()
        for text in all_text(table)
        for marker in MARKERS
        if marker in text
    }
    assert found == set()
    # The columns hold tokens, and the plain parts that are not personal stay readable.
    stored = all_text(ContactPoint._meta.db_table)
    assert any(text.startswith("enc1$emea-") for text in stored)
    assert any(
        '"tier": "gold"' in text or '"tier":"gold"' in text
        for text in all_text("customers_contact")
    )


@pytest.mark.django_db(transaction=True)
def test_the_database_files_hold_no_plain_personal_data(saved: dict[str, Any]) -> None:
    """The bytes on disk, not only what SQL returns: the SQLite file and its WAL, or every
    PostgreSQL relation file of the test database (the server runs on this machine)."""
    files = _database_files()
    assert _found_in_files(files, ["Anna"]) == ["Anna"]  # names are not encrypted: right files
    assert _found_in_files(files, MARKERS) == []


def _database_files() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(connection.settings_dict["NAME"])
            return [str(p) for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
        cursor.execute("CHECKPOINT")  # every committed row is in the relation files now
        cursor.execute("SHOW data_directory")
        data_directory = Path(cursor.fetchone()[0])
        cursor.execute(
            "SELECT pg_relation_filepath(oid) FROM pg_class "
            "WHERE relkind IN ('r', 't', 'i', 'm') AND pg_relation_filepath(oid) IS NOT NULL"
        )
        files = [data_directory / row[0] for row in cursor.fetchall()]
    assert files and all(f.exists() for f in files[:1]), f"cannot read {data_directory}"
    return [str(f) for f in files if f.exists()]


# Another process reads the file: closing a descriptor of it in this one would drop every POSIX
# lock this process holds on it, SQLite's included, and let other processes sharing the test
# database (the task-worker tests) delete its shared-memory index under our connections.
_SEARCH = (
    "import sys; content = b''.join(open(f, 'rb').read() for f in sys.argv[1:]); "
    "print('\\n'.join(m for m in sys.stdin.read().split('\\n') if m and m.encode() in content))"
)


def _found_in_files(files: list[str], needles: list[str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SEARCH, *files],
        input="\n".join(needles),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_plain_lookups_on_encrypted_columns_are_refused(saved: dict[str, Any]) -> None:
    with pytest.raises(PlainValueRefused, match="blind index"):
        list(ContactPoint.objects.filter(**{"value": EMAIL}))
    with pytest.raises(PlainValueRefused):
        list(Contact.objects.filter(**{"addresses__contains": "x"}))
    with pytest.raises(PlainValueRefused, match="save the instance"), transaction.atomic():
        ContactPoint.objects.filter(kind="email").update(value=EMAIL)
    index = crypto.blind_index("email", EMAIL.upper())
    assert ContactPoint.objects.get(value_index=index).contact_id == saved["contact"].pk


def test_a_token_moved_to_another_column_does_not_open(saved: dict[str, Any]) -> None:
    contact = saved["contact"]
    q = connection.ops.quote_name
    table = q(Contact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {q('birth_date')} = {q('addresses')} WHERE id = %s",
            [Contact._meta.pk.get_db_prep_value(contact.pk, connection)],
        )
    with pytest.raises(crypto.DecryptionError):
        Contact.objects.get(pk=contact.pk)


def test_moving_a_contact_to_another_region_reseals_its_values(
    saved: dict[str, Any], admin: Any
) -> None:
    contact = Contact.objects.get(pk=saved["contact"].pk)
    contact = services.update_contact(contact, {"country": "US", "addresses": []}, actor=admin)
    assert contact.region.code == "na"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value FROM {connection.ops.quote_name(ContactPoint._meta.db_table)} "
            "WHERE contact_id = %s",
            [Contact._meta.pk.get_db_prep_value(contact.pk, connection)],
        )
        tokens = [row[0] for row in cursor.fetchall()]
    assert tokens and all(crypto.token_key_id(t).startswith("na-") for t in tokens)
    assert {p.value for p in contact.points.all()} == {EMAIL, "+493098765432"}
