"""The erasure test of issue 4: a marker in every personal field, erase, and find it nowhere.

Nowhere means: no text, JSON or binary column of any table (found by introspection, so FTS5
shadow tables on SQLite and the task queue's payloads are included), no value the ORM reads back
(so encrypted columns are checked after decryption too), no log record, no later export. The
phone numbers cannot hold text, so their digits are the markers.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import secrets
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from orbis.customers import services as customer_services
from orbis.customers.models import Contact
from orbis.kernel.errors import ValidationError
from orbis.kernel.registry import registry
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.requests import querysets, services
from orbis.privacy.requests.export import export_zip, missing_fields

pytestmark = pytest.mark.django_db(transaction=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore") + value.decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def database_hits(needles: list[str]) -> dict[str, list[str]]:
    """Every table of the database, every column, read raw: {table: needles found}."""
    hits: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert tables
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = "\n".join(_text(v) for row in cursor.fetchall() for v in row).casefold()
            found = [n for n in needles if n.casefold() in text]
            if found:
                hits[table] = found
    return hits


def orm_hits(needles: list[str]) -> dict[str, list[str]]:
    """Every model's rows as the ORM reads them (decrypted): {model: needles found}."""
    hits: dict[str, list[str]] = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.proxy or model._meta.db_table not in tables:
            continue
        fields = model._meta.concrete_fields
        text = "\n".join(
            _text(field.value_from_object(obj))
            for obj in model._base_manager.all()
            for field in fields
        ).casefold()
        found = [n for n in needles if n.casefold() in text]
        if found:
            hits[model._meta.label] = found
    return hits


def zip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def _has_field(model: Any, name: str) -> bool:
    return name in {f.name for f in model._meta.get_fields()}


def log_files() -> list[Path]:
    data_dir = Path(getattr(settings, "ORBIS_DATA_DIR", "") or settings.BASE_DIR / "var")
    return [p for p in data_dir.rglob("*.log") if p.is_file()] if data_dir.exists() else []


def test_erased_person_is_found_nowhere(
    admin: Any, dpo: Any, make_company: Any, open_request: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    marker = f"zq{secrets.token_hex(5)}"
    # Unique numbers: the subscriber digits come from the marker's randomness.
    subscriber = f"{int(secrets.token_hex(3), 16) % 9_000_000 + 1_000_000}"
    mobile = f"+491512{subscriber}"
    landline = f"+4930{subscriber}"
    # A date cannot hold text either: a random one in the 1920s is the marker.
    birth = datetime.date(1920, 1, 1) + datetime.timedelta(days=secrets.randbelow(3650))
    sensitive = {"birth_date": birth.isoformat()} if _has_field(Contact, "birth_date") else {}
    customer_services.define_custom_field("contact", "nickname", "Nickname", "text", actor=admin)
    company = make_company(admin, name="Neutral Industries")
    contact = customer_services.create_contact(
        {
            "given_name": f"{marker}given",
            "family_name": f"{marker}family",
            "latin_given_name": f"{marker}latingiven",
            "latin_family_name": f"{marker}latinfamily",
            "honorific": "ms",
            "academic_title": f"Dr. {marker}",
            "country": "DE",
            "time_zone": "Europe/Berlin",
            "emails": [
                {"value": f"{marker}.work@example.org"},
                {"value": f"{marker}.home@example.net", "label": marker},
            ],
            "phones": [{"value": mobile, "label": "mobile"}, {"value": landline}],
            "addresses": [
                {
                    "name": f"{marker}addressee",
                    "street_address": f"{marker}strasse 12",
                    "city": "Berlin",
                    "postal_code": "10115",
                    "country": "DE",
                }
            ],
            "custom_fields": {"nickname": f"{marker}nick"},
            "tags": [f"{marker}tag"],
            "companies": [{"company": str(company.pk), "title": f"{marker}title"}],
            **sensitive,
        },
        actor=admin,
    )
    # Consent evidence: the browser and network address the person gave consent from.
    address = (
        f"2001:db8::{secrets.randbelow(0xEFFF) + 0x1000:x}:{secrets.randbelow(0xEFFF) + 0x1000:x}"
    )
    consent_services.record_consent(
        contact,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=Evidence(
            wording="Send me news",
            wording_version="1",
            user_agent=f"{marker}agent",
            ip_address=address,
        ),
        actor=dpo,
    )
    needles = [marker, subscriber, address, *sensitive.values()]

    # Before: the access export holds every registered personal field, markers included.
    access = open_request(dpo, contact, "access")
    _, before = export_zip(dpo, access)
    with zipfile.ZipFile(io.BytesIO(before)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for label, handler in registry.personal_data_handlers.items():
            data = json.loads(archive.read(f"{label}.json"))
            assert missing_fields(handler, data) == [], label
            assert manifest["apps"][label]["missing_fields"] == []
            assert archive.read(f"{label}.csv")
        exported = {
            label: json.loads(archive.read(f"{label}.json"))
            for label in registry.personal_data_handlers
        }
    unmarked = {"honorific", "language", "locale", "time_zone", "country", "kind", "company"}
    for label, handler in registry.personal_data_handlers.items():
        for name in handler.fields:
            section, _, column = name.rpartition(".")
            values = _text([row[column] for row in exported[label][section]])
            if column not in unmarked:
                assert any(n in values for n in needles), f"{name} lost its value"
    assert zip_text(before).count(marker) >= 10
    assert subscriber in zip_text(before)
    assert database_hits(needles), "the scan must see the markers before erasure"

    erasure = open_request(dpo, contact, "erasure")
    services.erase(erasure, actor=dpo)

    assert database_hits(needles) == {}
    assert orm_hits(needles) == {}
    after_access = open_request(dpo, contact, "access")
    _, after = export_zip(dpo, after_access)
    assert marker not in zip_text(after).casefold()
    assert subscriber not in zip_text(after)
    logged = "\n".join(
        r.getMessage() + " " + json.dumps(r.__dict__, default=str) for r in caplog.records
    )
    assert marker not in logged.casefold()
    assert subscriber not in logged
    for path in log_files():
        content = path.read_text(errors="ignore").casefold()
        assert marker not in content and subscriber not in content, path

    # The row stays (foreign keys hold), anonymised and archived; the request is the proof.
    contact.refresh_from_db()
    assert contact.family_name.startswith("Erased ")
    assert contact.archived_at is not None
    assert querysets.is_erased(contact)

    # The suppression list keeps the person out of a later import, naming the field.
    with pytest.raises(ValidationError) as refused:
        customer_services.create_contact(
            {
                "family_name": "Someone",
                "country": "DE",
                "emails": [{"value": "other@example.org"}, {"value": f"{marker}.WORK@example.org"}],
                "phones": [{"value": landline}],
            },
            actor=admin,
        )
    assert set(refused.value.errors) == {"emails.1.value", "phones.0.value"}
    assert database_hits(needles) == {}
