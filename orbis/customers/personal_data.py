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

from . import events, record_fields
from .indexing import refresh_contact_search
from .models import Contact, Tag

# The contact's own columns that describe the person, from the one declaration of its fields
# (region, lifecycle and owner are ours, not theirs).
CONTACT_COLUMNS = record_fields.personal_columns(record_fields.CONTACT)
# Kept when a person is erased: which law governs what remains, and the language to answer in.
KEPT_AFTER_ERASURE = frozenset({"country", "language"})


def declared_fields() -> dict[str, str]:
    fields = {f"customers.contact.{name}": kind for name, kind in CONTACT_COLUMNS.items()}
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
    for name in CONTACT_COLUMNS:
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


def _blank(field: Any) -> Any:
    """The empty value of a column: NULL where allowed, else its empty default."""
    if field.null:
        return None
    default = field.get_default()
    return default if default not in (None, "") else ""


@transaction.atomic
def erase(contact: Contact, *, actor: Any) -> None:
    """Anonymise the person in place: the row stays so other records' foreign keys hold."""
    short = str(contact.pk).replace("-", "")[:8]
    placeholders = {"family_name": f"Erased {short}", "latin_family_name": f"Erased {short}"}
    for name in CONTACT_COLUMNS.keys() - KEPT_AFTER_ERASURE:
        setattr(contact, name, placeholders.get(name, _blank(Contact._meta.get_field(name))))
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
    record(
        "customers.contact_erased",
        contact,
        actor=actor,
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
    purpose_labels={
        "customer_relationship": _("Customer relationship"),
        "sales": _("Sales"),
        "marketing": _("Marketing"),
        "service": _("Customer service"),
    },
)
