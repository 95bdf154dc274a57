"""What customers holds about a person, for privacy's access export and erasure.

Registered with the kernel registry in CustomersConfig.ready(); privacy iterates the registry and
never imports this module. The export is keyed by model label ("customers.contact") with one
dict per row, so every declared field "customers.<model>.<field>" can be found in it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbis.audit.services import record
from orbis.kernel.events import publish
from orbis.kernel.registry import PersonalDataHandler

from . import events
from .models import Contact, Tag
from .services import refresh_contact_search

# The contact's own columns that describe the person; region and lifecycle are ours, not theirs.
NAME_FIELDS = ("given_name", "family_name", "latin_given_name", "latin_family_name")
CONTACT_COLUMNS = {
    "given_name": "identifying",
    "family_name": "identifying",
    "latin_given_name": "identifying",
    "latin_family_name": "identifying",
    "honorific": "identifying",
    "academic_title": "identifying",
    "language": "identifying",
    "locale": "identifying",
    "time_zone": "identifying",
    "country": "identifying",
    "addresses": "contact",
    "custom_fields": "sensitive",  # an admin may add anything, so the strictest class
}
# Present once the model has them (encryption work adds sensitive fields).
OPTIONAL_COLUMNS = {"birth_date": "sensitive"}


def _optional_columns() -> dict[str, str]:
    names = {f.name for f in Contact._meta.get_fields()}
    return {name: kind for name, kind in OPTIONAL_COLUMNS.items() if name in names}


def declared_fields() -> dict[str, str]:
    fields = {f"customers.contact.{name}": kind for name, kind in CONTACT_COLUMNS.items()}
    fields.update({f"customers.contact.{n}": k for n, k in _optional_columns().items()})
    fields["customers.contact.tags"] = "identifying"
    fields["customers.contactpoint.kind"] = "contact"
    fields["customers.contactpoint.label"] = "contact"
    fields["customers.contactpoint.value"] = "contact"
    fields["customers.employment.company"] = "identifying"
    fields["customers.employment.title"] = "identifying"
    return fields


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export(contact: Contact) -> dict[str, Any]:
    """Everything customers holds about the person, as JSON-ready rows per model."""
    row: dict[str, Any] = {"id": str(contact.pk)}
    for name in [*CONTACT_COLUMNS, *_optional_columns()]:
        row[name] = _plain(getattr(contact, name))
    row["region"] = contact.region.code
    row["lifecycle_stage"] = contact.lifecycle_stage
    row["source"] = contact.source
    row["tags"] = sorted(contact.tags.values_list("name", flat=True))
    for name in ("created_at", "updated_at", "archived_at"):
        row[name] = _plain(getattr(contact, name))
    points = [
        {
            "kind": point.kind,
            "label": point.label,
            "value": point.value,
            "is_primary": point.is_primary,
        }
        for point in contact.points.order_by("kind", "position")
    ]
    jobs = [
        {
            "company": job.company.name,
            "company_id": str(job.company_id),
            "title": job.title,
            "is_primary": job.is_primary,
        }
        for job in contact.employments.select_related("company").order_by("company__name")
    ]
    return {
        "customers.contact": [row],
        "customers.contactpoint": points,
        "customers.employment": jobs,
    }


@transaction.atomic
def erase(contact: Contact) -> None:
    """Anonymise the person in place: the row stays so other records' foreign keys hold."""
    short = str(contact.pk).replace("-", "")[:8]
    contact.given_name = ""
    contact.family_name = f"Erased {short}"
    contact.latin_given_name = ""
    contact.latin_family_name = f"Erased {short}"
    contact.honorific = ""
    contact.academic_title = ""
    contact.locale = ""
    contact.time_zone = ""
    contact.addresses = []
    contact.custom_fields = {}
    for name in _optional_columns():
        setattr(contact, name, None)
    if contact.archived_at is None:
        contact.archived_at = timezone.now()
    contact.save()
    contact.points.all().delete()
    contact.employments.all().delete()
    tag_ids = list(contact.tags.values_list("pk", flat=True))
    contact.tags.clear()
    # A tag no one else carries was made for this person (tags are created on first use) and
    # may name them; shared vocabulary stays.
    Tag.objects.filter(pk__in=tag_ids, contacts__isnull=True, companies__isnull=True).delete()
    refresh_contact_search(contact)
    purpose_labels={
        "customer_relationship": _("Customer relationship"),
        "sales": _("Sales"),
        "marketing": _("Marketing"),
        "service": _("Customer service"),
    },
    record(
        "customers.contact_erased",
        contact,
        region=contact.region.code,
        changes={"fields": sorted(declared_fields())},
    )
    publish(
        events.ContactUpdated(
            contact_id=str(contact.pk),
            changed_fields=tuple(sorted({*CONTACT_COLUMNS, "emails", "phones", "tags"})),
        )
    )


handler = PersonalDataHandler(
    app_label="customers",
    export=export,
    erase=erase,
    fields=declared_fields(),
    purposes=("customer_relationship", "sales", "marketing", "service"),
)
