"""The demo's bulk loader writes sealed emails, phones and addresses, with their blind indexes."""

from __future__ import annotations

from typing import Any

from django.db import connection

from orbis.customers.models import Contact, ContactPoint
from orbis.customers.search import search_contacts
from orbis.identity.models import User
from orbis.kernel import crypto


def raw(model: Any, *columns: str) -> list[tuple[Any, ...]]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(q(c) for c in columns)} FROM {q(model._meta.db_table)}")
        return cursor.fetchall()


def test_bulk_loaded_rows_are_sealed_with_their_regions_key(small_demo: Any) -> None:
    region_of = dict(Contact.objects.values_list("id", "region__code"))
    points = {p.pk: p for p in ContactPoint.objects.all()}
    rows = raw(ContactPoint, "id", "value", "value_index")
    assert len(rows) == len(points) > 0
    for pk, token, index in rows:
        point = points[ContactPoint._meta.pk.to_python(pk)]
        assert crypto.token_key_id(token).rsplit("-", 1)[0] == region_of[point.contact_id]
        assert index == crypto.blind_index(point.kind, point.value)
        assert point.value not in token
    for (addresses,) in raw(Contact, "addresses"):
        assert crypto.is_token(addresses)
    for (document,) in raw(Contact, "search_document"):
        assert "@" not in document


def test_bulk_loaded_contacts_are_found_by_email_and_phone(small_demo: Any) -> None:
    admin = User.objects.filter(is_superuser=True).first()
    assert admin is not None
    point = ContactPoint.objects.filter(kind="email").select_related("contact").last()
    phone = ContactPoint.objects.filter(kind="phone").select_related("contact").last()
    assert point is not None and phone is not None
    assert point.contact in search_contacts(admin, point.value.upper())
    assert phone.contact in search_contacts(admin, phone.value)
