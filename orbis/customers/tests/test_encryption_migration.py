"""Databases from before encryption keep working: the data migration seals their plain rows."""

from __future__ import annotations

import importlib
import json
import uuid
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import connection

from orbis.customers.models import Contact, ContactPoint
from orbis.customers.search import search_contacts
from orbis.kernel import crypto
from orbis.kernel.models import IdempotencyRecord

customers_migration = importlib.import_module("orbis.customers.migrations.0005_encryption_at_rest")
kernel_migration = importlib.import_module("orbis.kernel.migrations.0003_encryption_at_rest")


NOW = "2026-01-01 00:00:00"


def sql(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def db_id(value: uuid.UUID) -> Any:
    return Contact._meta.pk.get_db_prep_value(value, connection)


def test_plain_rows_are_sealed_indexed_and_left_out_of_the_search_text(
    admin: Any, regions: Any
) -> None:
    contact_id, email_id, phone_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    q = connection.ops.quote_name
    contact, point = q(Contact._meta.db_table), q(ContactPoint._meta.db_table)
    now = (
        "2026-01-01 00:00:00+00:00" if connection.vendor == "postgresql" else "2026-01-01 00:00:00"
    )
    address = json.dumps([{"street_address": "Altweg 5", "city": "Berlin", "country": "DE"}])
    sql(
        f"INSERT INTO {contact} (id, given_name, family_name, latin_given_name, "
        "latin_family_name, language, locale, time_zone, country, region_id, addresses, "
        "lifecycle_stage, source, custom_fields, sort_name, search_document, created_at, "
        "updated_at, honorific, academic_title) VALUES (%s, 'Olga', 'Alt', '', '', '', '', '', "
        "'DE', %s, %s, 'lead', 'manual', '{}', 'alt olga', "
        "'olga alt old@legacy.example 4930555666', %s, %s, '', '')",
        [db_id(contact_id), db_id(regions["emea"].pk), address, now, now],
    )
    for pk, kind, value in (
        (email_id, "email", "old@legacy.example"),
        (phone_id, "phone", "+4930555666"),
    ):
        sql(
            f"INSERT INTO {point} (id, contact_id, kind, label, value, value_index, "
            "domain_index, is_primary, position, created_at, updated_at) "
            "VALUES (%s, %s, %s, 'work', %s, '', '', TRUE, 0, %s, %s)",
            [db_id(pk), db_id(contact_id), kind, value, now, now],
        )

    customers_migration.encrypt_existing(apps, SimpleNamespace(connection=connection))
    customers_migration.encrypt_existing(apps, SimpleNamespace(connection=connection))  # twice

    values = sql(
        f"SELECT value, value_index FROM {point} WHERE contact_id = %s", [db_id(contact_id)]
    )
    assert all(crypto.token_key_id(v).startswith("emea-") and len(i) == 64 for v, i in values)
    (stored,) = sql(
        f"SELECT addresses, search_document FROM {contact} WHERE id = %s", [db_id(contact_id)]
    )
    assert crypto.is_token(stored[0]) and "Altweg" not in stored[0]
    assert stored[1] == "olga alt altolga"
    fresh = Contact.objects.get(pk=contact_id)
    assert fresh.addresses[0]["street_address"] == "Altweg 5"
    assert {p.value for p in fresh.points.all()} == {"old@legacy.example", "+4930555666"}
    assert [c.pk for c in search_contacts(admin, "OLD@legacy.example")] == [contact_id]
    assert [c.pk for c in search_contacts(admin, "+49 30 555666")] == [contact_id]


def test_stored_api_responses_are_sealed(db: Any) -> None:
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    now = (
        "2026-01-01 00:00:00+00:00" if connection.vendor == "postgresql" else "2026-01-01 00:00:00"
    )
    sql(
        f"INSERT INTO {table} (principal, key, request_hash, status_code, response_body, "
        "headers, created_at) VALUES ('p', 'k', 'h', 201, %s, '{}', %s)",
        [json.dumps({"emails": [{"value": "kept@legacy.example"}]}), now],
    )

    kernel_migration.encrypt_existing(apps, SimpleNamespace(connection=connection))

    ((body,),) = sql(f"SELECT response_body FROM {table}", [])
    assert crypto.is_token(body) and "legacy" not in body
    assert IdempotencyRecord.objects.get().response_body == {
        "emails": [{"value": "kept@legacy.example"}]
    }
