"""One declaration of each record's fields: what a client may write, and which are personal.

The services' accepted fields, the audit trail's rule (a personal field is named when it
changes, its values never enter the append-only chain), the privacy export and erasure, and
the checks that the API schemas and forms agree are all derived from these two tuples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How privacy classifies personal data: identifying (who it is), contact (how to reach them),
# sensitive (encrypted, strictest handling). None: our own bookkeeping, not about the person.
Personal = Literal["identifying", "contact", "sensitive"] | None


@dataclass(frozen=True)
class RecordField:
    """One field of a contact or company as clients see it."""

    name: str
    personal: Personal = None
    # "column": a column of the record's own table; "related": rows or links elsewhere.
    storage: Literal["column", "related"] = "column"


CONTACT = (
    RecordField("given_name", "identifying"),
    RecordField("family_name", "identifying"),
    RecordField("latin_given_name", "identifying"),
    RecordField("latin_family_name", "identifying"),
    RecordField("honorific", "identifying"),
    RecordField("academic_title", "identifying"),
    RecordField("language", "identifying"),
    RecordField("locale", "identifying"),
    RecordField("time_zone", "identifying"),
    RecordField("country", "identifying"),
    RecordField("region"),
    RecordField("emails", "contact", "related"),
    RecordField("phones", "contact", "related"),
    RecordField("addresses", "contact"),
    RecordField("birth_date", "sensitive"),
    RecordField("owner"),
    RecordField("tags", "identifying", "related"),
    RecordField("lifecycle_stage"),
    RecordField("source"),
    # An admin may add anything to custom fields, so the strictest class.
    RecordField("custom_fields", "sensitive"),
    RecordField("companies", "identifying", "related"),
)

# A company is an organisation, not a person; its fields are not personal data (a sole
# trader's name is, but then the person is a contact too).
COMPANY = (
    RecordField("name"),
    RecordField("legal_name"),
    RecordField("latin_name"),
    RecordField("country"),
    RecordField("region"),
    RecordField("website"),
    RecordField("industry"),
    RecordField("vat_number"),
    RecordField("tax_id"),
    RecordField("phone"),
    RecordField("addresses"),
    RecordField("owner"),
    RecordField("tags", storage="related"),
    RecordField("lifecycle_stage"),
    RecordField("source"),
    RecordField("custom_fields", "sensitive"),
)


def names(fields: tuple[RecordField, ...]) -> frozenset[str]:
    return frozenset(f.name for f in fields)


def personal(fields: tuple[RecordField, ...]) -> frozenset[str]:
    return frozenset(f.name for f in fields if f.personal)


def personal_columns(fields: tuple[RecordField, ...]) -> dict[str, str]:
    """The record's own columns that hold personal data, with their class."""
    return {f.name: f.personal for f in fields if f.personal and f.storage == "column"}


CONTACT_FIELDS = names(CONTACT)
COMPANY_FIELDS = names(COMPANY)
CONTACT_PERSONAL = personal(CONTACT)
COMPANY_PERSONAL = personal(COMPANY)
