"""The API's single-contact read in one precompiled statement: the hot path of the REST API.

GET /api/v1/contacts/{id} is the most frequent call integrations make. Through the ORM it
costs four queries (row, points, tags, employments), each compiled anew, which is most of its
time. Here the SQL is built once from the models' table names: the row with its region code,
joined to one UNION ALL of its points, tags and employments (one round trip, which is what
counts on PostgreSQL). The scope rule is the one of RegionScopedQuerySet.visible_to, applied to
the row's region; a contact the user may not see answers NotFound, exactly like a missing one.
The output equals contact_representation(), which the tests hold it to.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.db import connection

from orbis.identity.access import may
from orbis.kernel.errors import NotFound
from orbis.kernel.models import etag_of
from orbis.kernel.prepared import Statement
from orbis.localisation import names
from orbis.localisation.models import Region

from .models import Company, Contact, ContactPoint, Employment, Tag
from .querysets import ContactQuerySet

_ROW_FIELDS = (
    "id", "given_name", "family_name", "latin_given_name", "latin_family_name", "language",
    "locale", "time_zone", "country", "region_id", "addresses", "owner_id", "lifecycle_stage",
    "source", "custom_fields", "archived_at", "created_at", "updated_at", "honorific",
    "academic_title", "birth_date",
)  # fmt: skip
# Encrypted columns, opened here as the ORM's from_db_value would (kernel.fields).
_VALUE: Any = ContactPoint._meta.get_field("value")
_ADDRESSES: Any = Contact._meta.get_field("addresses")
_BIRTH_DATE: Any = Contact._meta.get_field("birth_date")
_CUSTOM: Any = Contact._meta.get_field("custom_fields")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: Any, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _sql(vendor: str) -> str:
    """One statement: the row with its region code, joined to its points, tags and employments.

    Each related item comes as one result row that repeats the contact's columns (a contact
    with none still gives one row, its related columns NULL). Parameters: the contact id for
    each of the three related branches, then for the row itself.
    """
    contact, region = _q(Contact._meta.db_table), _q(Region._meta.db_table)
    columns = ", ".join(f"c.{_column(Contact, f)}" for f in _ROW_FIELDS)
    point, tag, employment, company = (
        _q(m._meta.db_table) for m in (ContactPoint, Tag, Employment, Company)
    )
    through = Contact.tags.through
    text = "VARCHAR(64)" if vendor != "postgresql" else "TEXT"
    # Only identifiers from the models' metadata are interpolated; values are parameters.
    related = (
        f"SELECT 0 AS part, p.{_column(ContactPoint, 'kind')} AS a, "  # noqa: S608
        f"p.{_column(ContactPoint, 'label')} AS b, p.{_column(ContactPoint, 'value')} AS v, "
        f"p.{_column(ContactPoint, 'is_primary')} AS prim, "
        f"p.{_column(ContactPoint, 'position')} AS pos FROM {point} p "
        f"WHERE p.{_column(ContactPoint, 'contact')} = %s "
        f"UNION ALL SELECT 1, t.{_column(Tag, 'name')}, '', '', FALSE, 0 FROM {tag} t "
        f"INNER JOIN {_q(through._meta.db_table)} ct "
        f"ON ct.{_column(through, 'tag')} = t.{_column(Tag, 'id')} "
        f"WHERE ct.{_column(through, 'contact')} = %s "
        f"UNION ALL SELECT 2, CAST(e.{_column(Employment, 'company')} AS {text}), "
        f"e.{_column(Employment, 'title')}, co.{_column(Company, 'name')}, "
        f"e.{_column(Employment, 'is_primary')}, 0 FROM {employment} e "
        f"INNER JOIN {company} co "
        f"ON co.{_column(Company, 'id')} = e.{_column(Employment, 'company')} "
        f"WHERE e.{_column(Employment, 'contact')} = %s"
    )
    return (
        f"SELECT {columns}, r.{_column(Region, 'code')}, "  # noqa: S608
        "rel.part, rel.a, rel.b, rel.v, rel.prim, rel.pos "
        f"FROM {contact} c "
        f"INNER JOIN {region} r ON r.{_column(Region, 'id')} = c.{_column(Contact, 'region')} "
        f"LEFT JOIN ({related}) rel ON 1 = 1 "
        f"WHERE c.{_column(Contact, 'id')} = %s "
        "ORDER BY rel.part, rel.pos, rel.a"
    )


_READ = Statement("contact", _sql)


def _id(value: Any) -> str | None:
    """UUIDs come back as UUID from PostgreSQL and as 32 hex digits from SQLite."""
    if value is None:
        return None
    return str(value) if isinstance(value, uuid.UUID) else str(uuid.UUID(str(value)))


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """SQLite hands back naive UTC; PostgreSQL aware datetimes."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def read_contact(user: Any, contact_id: Any) -> tuple[dict[str, Any], str]:
    """The contact's API representation and its ETag, or NotFound if `user` may not see it."""
    param = Contact._meta.pk.get_db_prep_value(contact_id, connection)
    with connection.cursor() as cursor:
        _READ.execute(cursor, [param, param, param, param])
        rows = cursor.fetchall()
    target = ("customers.contact", str(contact_id))  # named in the log if a guard refuses
    if not rows or not may(user, ContactQuerySet.permission_for("view"), _uuid(rows[0][9]), target):
        raise NotFound("No such contact.")
    row, width = rows[0], len(_ROW_FIELDS) + 1
    related = [r[width:] for r in rows if r[width] is not None]
    values = dict(zip(_ROW_FIELDS, row, strict=False))
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    tags: list[str] = []
    jobs: list[tuple[bool, str, dict[str, Any]]] = []
    for part, first, second, third, primary, _position in related:
        if part == 0:
            point = {"value": _VALUE.open(third), "label": second, "primary": bool(primary)}
            (emails if first == ContactPoint.Kind.EMAIL else phones).append(point)
        elif part == 1:
            tags.append(first)
        else:
            job = {"company": _id(first), "name": third, "title": second}
            jobs.append((not primary, third, job))
    updated_at = _aware(values["updated_at"])
    assert updated_at is not None
    etag = etag_of(updated_at)
    representation = {
        "id": _id(values["id"]),
        "given_name": values["given_name"],
        "family_name": values["family_name"],
        "latin_given_name": values["latin_given_name"],
        "latin_family_name": values["latin_family_name"],
        "honorific": values["honorific"],
        "academic_title": values["academic_title"],
        "display_name": names.display_name(
            values["given_name"], values["family_name"], values["country"], values["language"]
        ),
        "language": values["language"],
        "locale": values["locale"],
        "time_zone": values["time_zone"],
        "country": values["country"],
        "region": row[len(_ROW_FIELDS)],
        "emails": emails,
        "phones": phones,
        "addresses": _ADDRESSES.open(values["addresses"]),
        "birth_date": _iso_date(_BIRTH_DATE.open(values["birth_date"])),
        "owner": _id(values["owner_id"]),
        "tags": tags,
        "lifecycle_stage": values["lifecycle_stage"],
        "source": values["source"],
        "custom_fields": _CUSTOM.open_values(_json(values["custom_fields"])),
        "companies": [job for *_, job in sorted(jobs, key=lambda j: (j[0], j[1]))],
        "archived_at": _iso(_aware(values["archived_at"])),
        "created_at": _iso(_aware(values["created_at"])),
        "updated_at": updated_at.isoformat(),
    }
    return representation, etag


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None
