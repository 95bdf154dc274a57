"""The only writers of contacts and companies.

Each service checks the actor's permission and region, validates everything before writing,
saves inside one transaction, records the audit event and publishes the domain event, which
subscribers receive after the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from orbis.audit.services import record
from orbis.identity.access import may, require
from orbis.identity.models import User
from orbis.kernel.errors import ValidationError
from orbis.kernel.events import publish
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import registry
from orbis.kernel.versions import check_version
from orbis.localisation import identifiers
from orbis.localisation.countries import validate_country
from orbis.localisation.models import Market, Region
from orbis.localisation.phones import normalise_phone

from . import cleaning, events, record_fields, search_document
from .custom_fields import clean_custom_fields
from .indexing import refresh_contact_search
from .models import (
    Company,
    Contact,
    ContactPoint,
    Employment,
    Honorific,
    LifecycleStage,
    Source,
    Tag,
)
from .querysets import access_company, access_contact

# The fields each record accepts, and those the audit trail names without their values, come
# from the one declaration in record_fields.
CONTACT_FIELDS = record_fields.CONTACT_FIELDS
COMPANY_FIELDS = record_fields.COMPANY_FIELDS


# --- shared steps ------------------------------------------------------------------------------


def _resolve_region(
    actor: User, code: Any, country: str, permission: str, errors: cleaning.Collector
) -> Region | None:
    """The region given, else the one the country's market belongs to; the actor must hold
    `permission` (add for a new record, change for a move) there."""
    region: Region | None
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            errors.add("region", f"Unknown region {code!r}.")
            return None
    else:
        market = Market.objects.select_related("region").filter(country=country).first()
        if market is None:
            errors.add("region", f"No market is set up for {country}; name the region explicitly.")
            return None
        region = market.region
    if not may(actor, permission, region.pk):
        errors.add("region", f"You may not create or move records into the {region.name} region.")
        return None
    return region


def _resolve_owner(value: Any, errors: cleaning.Collector) -> User | None:
    if value in (None, ""):
        return None
    owner = User.objects.filter(pk=value, is_active=True).first() if parse_uuid(value) else None
    if owner is None:
        errors.add("owner", "No active user with this id.")
    return owner


def _check_owner_sees(
    out: dict[str, Any], record: Contact | Company | None, errors: cleaning.Collector
) -> None:
    """An owner must be able to see the record they own (in its region, after a move too)."""
    if "owner" not in out and "region" not in out:
        return  # neither changes: what was allowed stays allowed
    owner = out.get("owner", record.owner if record else None)
    region = out.get("region") or (record.region if record else None)
    if owner is not None and region is not None and not may(owner, "customers.view", region.pk):
        errors.add(
            "owner", f"{owner.get_username()} cannot see records in the {region.name} region."
        )


def _set_tags(instance: Contact | Company, tag_names: list[str]) -> None:
    existing = {t.name: t for t in Tag.objects.filter(name__in=tag_names)}
    missing = [Tag(name=n) for n in tag_names if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=tag_names)}
    instance.tags.set([existing[n] for n in tag_names])


def _audit_changes(changes: dict[str, tuple[Any, Any]], personal: frozenset[str]) -> dict[str, Any]:
    """What changed, for the audit chain: a personal field by name only, so erasure leaves
    no value behind in a chain that cannot be blanked."""
    return {
        name: ("changed" if name in personal else {"from": old, "to": new})
        for name, (old, new) in changes.items()
    }


# --- contacts ----------------------------------------------------------------------------------


def _clean_contact(actor: User, data: dict[str, Any], contact: Contact | None) -> dict[str, Any]:
    """Validate `data` (all fields for a create, some for an update) into values to write."""
    errors = cleaning.Collector()
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    cleaning.refuse_unknown(data, CONTACT_FIELDS, errors)
    out: dict[str, Any] = {}
    for name in ("given_name", "family_name", "latin_given_name", "latin_family_name"):
        if name in data:
            out[name] = errors.run(name, partial(cleaning.text, data[name], name, 100)) or ""
    if "honorific" in data:
        out["honorific"] = errors.run(
            "honorific", lambda: cleaning.choice(data["honorific"] or "", "honorific", Honorific)
        )
    if "academic_title" in data:
        out["academic_title"] = (
            errors.run(
                "academic_title",
                partial(cleaning.text, data["academic_title"], "academic_title", 40),
            )
            or ""
        )
    out.update(cleaning.locale_fields(data, errors))
    country = out.get("country") or (contact.country if contact else None)
    if contact is None and "country" not in data:
        errors.add("country", "This field is required.")
    given = out.get("given_name", contact.given_name if contact else "")
    family = out.get("family_name", contact.family_name if contact else "")
    if not (given or family):
        errors.add("family_name", "A contact needs a given name or a family name.")
    if "emails" in data:
        out["emails"] = cleaning.contact_points(data["emails"], "emails", "email", country, errors)
    if "phones" in data:
        out["phones"] = cleaning.contact_points(data["phones"], "phones", "phone", country, errors)
    if "addresses" in data:
        out["addresses"] = cleaning.addresses(data["addresses"], country, errors)
    if "birth_date" in data:
        out["birth_date"] = errors.run(
            "birth_date", lambda: cleaning.birth_date(data["birth_date"], "birth_date")
        )
    if "tags" in data:
        out["tags"] = cleaning.tags(data["tags"], errors)
    if "lifecycle_stage" in data:
        out["lifecycle_stage"] = errors.run(
            "lifecycle_stage",
            lambda: cleaning.choice(data["lifecycle_stage"], "lifecycle_stage", LifecycleStage),
        )
    if "source" in data:
        out["source"] = errors.run(
            "source", lambda: cleaning.choice(data["source"], "source", Source)
        )
    if "owner" in data:
        out["owner"] = _resolve_owner(data["owner"], errors)
    if "custom_fields" in data or contact is None:
        out["custom_fields"] = errors.run(
            "custom_fields",
            lambda: clean_custom_fields(
                "contact",
                data.get("custom_fields") or {},
                contact.custom_fields if contact else None,
                partial=contact is not None,
            ),
        )
    if "companies" in data:
        out["companies"] = _clean_employments(actor, data["companies"], errors)
    if country and (
        "region" in data or contact is None or ("country" in data and country != contact.country)
    ):
        permission = "customers.add" if contact is None else "customers.change"
        region = _resolve_region(actor, data.get("region"), country, permission, errors)
        if region is not None:
            out["region"] = region
    _check_owner_sees(out, contact, errors)
    errors.raise_if_any()
    return out


def _clean_employments(
    actor: User, items: Any, errors: cleaning.Collector
) -> list[tuple[Company, str]]:
    if not isinstance(items, list):
        errors.add("companies", "Expected a list of {company, title}.")
        return []
    result = []
    for index, item in enumerate(items):
        field = f"companies.{index}"
        if not isinstance(item, dict) or "company" not in item:
            errors.add(field, "Expected an object with a company id.")
            continue
        company_id = str(item["company"])
        company = (
            Company.objects.visible_to(actor).filter(pk=company_id).first()
            if parse_uuid(company_id)
            else None
        )
        if company is None:
            errors.add(f"{field}.company", "No such company.")
            continue
        title = errors.run(
            f"{field}.title", partial(cleaning.text, item.get("title"), f"{field}.title", 150)
        )
        result.append((company, title or ""))
    return result


def _write_points(contact: Contact, kind: str, points: list[dict[str, Any]]) -> None:
    contact.points.filter(kind=kind).delete()
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                contact=contact,
                kind=kind,
                label=p["label"],
                value=p["value"],
                is_primary=p["primary"],
                position=i,
            )
            for i, p in enumerate(points)
        ]
    )


def _write_employments(
    contact: Contact, employments: list[tuple[Company, str]], replaced: QuerySet[Employment]
) -> None:
    """Replace the `replaced` links (those the caller can see) with `employments`; links to
    companies the caller cannot see stay as they are, primary one included."""
    replaced.delete()
    hidden_primary = contact.employments.filter(is_primary=True).exists()
    Employment.objects.bulk_create(
        [
            Employment(
                contact=contact,
                company=company,
                title=title,
                is_primary=i == 0 and not hidden_primary,
            )
            for i, (company, title) in enumerate(employments)
        ]
    )


def _apply_contact(
    contact: Contact, values: dict[str, Any], actor: Any
) -> dict[str, tuple[Any, Any]]:
    """Write cleaned values to the contact and its related rows; return what changed."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        if name in {"emails", "phones", "tags", "companies"}:
            continue
        old = getattr(contact, name, None)
        if old != value:
            changes[name] = (_plain(old), _plain(value))
            setattr(contact, name, value)
    contact.save()
    for kind in ("email", "phone"):
        key = f"{kind}s"
        if key in values:
            before = sorted(
                contact.points.filter(kind=kind).values_list("value", "label", "is_primary")
            )
            after = sorted((p["value"], p["label"], p["primary"]) for p in values[key])
            if before != after:
                changes[key] = ("", "")
                _write_points(contact, kind, values[key])
    if "region" in changes:
        # Moved to another data region: its points are re-sealed with that region's key.
        for point in contact.points.exclude(
            kind__in=[k for k in ("email", "phone") if f"{k}s" in changes]
        ):
            point.save(update_fields=["value"])
    if "tags" in values:
        before_tags = sorted(contact.tags.values_list("name", flat=True))
        if before_tags != sorted(values["tags"]):
            changes["tags"] = (before_tags, values["tags"])
            _set_tags(contact, values["tags"])
    if "companies" in values:
        # Only the links the actor can see are theirs to replace (the web form shows no others).
        shown = contact.employments.filter(company__in=Company.objects.visible_to(actor))
        before_jobs = sorted(shown.values_list("company_id", "title"))
        after_jobs = sorted((c.pk, t) for c, t in values["companies"])
        if before_jobs != after_jobs:
            changes["companies"] = (
                [str(c) for c, _ in before_jobs],
                [str(c) for c, _ in after_jobs],
            )
            _write_employments(contact, values["companies"], shown)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, Region):
        return value.code
    if isinstance(value, User):
        return str(value.pk)
    return value


@transaction.atomic
def create_contact(data: dict[str, Any], *, actor: User) -> Contact:
    require(actor, "customers.add")
    values = _clean_contact(actor, data, None)
    for check in registry.intake_checks:  # e.g. privacy's suppression list of erased people
        check(values)
    contact = Contact()
    _apply_contact(contact, values, actor)
    refresh_contact_search(contact)
    record(
        "customers.contact_created",
        contact,
        actor=actor,
        region=contact.region.code,
        changes={"fields": sorted(k for k in data if k in CONTACT_FIELDS)},
    )
    publish(events.ContactCreated(contact_id=str(contact.pk)))
    return contact


@transaction.atomic
def update_contact(
    contact: Contact | Any, data: dict[str, Any], *, actor: User, version: str | None = None
) -> Contact:
    """Apply a partial update to the contact (or contact id) `actor` may change, locked for the
    write; `version` (an ETag) refuses a write made against a stale copy."""
    contact = access_contact(actor, _pk(contact), action="change", for_update=True, details=False)
    check_version(contact, version)
    values = _clean_contact(actor, data, contact)
    changes = _apply_contact(contact, values, actor)
    if changes:
        refresh_contact_search(contact)
        record(
            "customers.contact_updated",
            contact,
            actor=actor,
            region=contact.region.code,
            changes=_audit_changes(changes, record_fields.CONTACT_PERSONAL),
        )
        publish(
            events.ContactUpdated(contact_id=str(contact.pk), changed_fields=tuple(sorted(changes)))
        )
    return contact


def archive_contact(contact: Contact | Any, *, actor: User, version: str | None = None) -> Contact:
    return _set_archived(_CONTACTS, contact, True, actor, version)


def restore_contact(contact: Contact | Any, *, actor: User, version: str | None = None) -> Contact:
    return _set_archived(_CONTACTS, contact, False, actor, version)


# --- companies ---------------------------------------------------------------------------------


def _clean_company(actor: User, data: dict[str, Any], company: Company | None) -> dict[str, Any]:
    errors = cleaning.Collector()
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    cleaning.refuse_unknown(data, COMPANY_FIELDS, errors)
    out: dict[str, Any] = {}
    for name, limit in (("name", 200), ("legal_name", 200), ("latin_name", 200), ("industry", 100)):
        if name in data:
            out[name] = errors.run(name, partial(cleaning.text, data[name], name, limit)) or ""
    if not out.get("name", company.name if company else ""):
        errors.add("name", "A company needs a name.")
    if "country" in data:
        out["country"] = errors.run("country", lambda: validate_country(data["country"])) or ""
    elif company is None:
        errors.add("country", "This field is required.")
    country = out.get("country") or (company.country if company else None)
    if "website" in data:
        out["website"] = (
            errors.run("website", lambda: cleaning.url(data["website"], "website")) or ""
        )
    if "phone" in data:
        out["phone"] = (
            errors.run("phone", lambda: normalise_phone(str(data["phone"]), country, "phone"))
            if data["phone"]
            else ""
        )
    if "addresses" in data:
        out["addresses"] = cleaning.addresses(data["addresses"], country, errors)
    # A changed country re-checks the stored numbers: a German VAT number is no French one.
    country_changed = company is not None and "country" in data and country != company.country
    for name, check in (
        ("vat_number", identifiers.check_vat_number),
        ("tax_id", identifiers.check_tax_id),
    ):
        if name in data or (country_changed and company is not None and getattr(company, name)):
            raw = data[name] if name in data else getattr(company, name)
            found = errors.run(
                name,
                partial(_company_identifier, check, raw, country or "", name),
            )
            out[name] = found.compact if found else ""
    if "tags" in data:
        out["tags"] = cleaning.tags(data["tags"], errors)
    if "lifecycle_stage" in data:
        out["lifecycle_stage"] = errors.run(
            "lifecycle_stage",
            lambda: cleaning.choice(data["lifecycle_stage"], "lifecycle_stage", LifecycleStage),
        )
    if "source" in data:
        out["source"] = errors.run(
            "source", lambda: cleaning.choice(data["source"], "source", Source)
        )
    if "owner" in data:
        out["owner"] = _resolve_owner(data["owner"], errors)
    if "custom_fields" in data or company is None:
        out["custom_fields"] = errors.run(
            "custom_fields",
            lambda: clean_custom_fields(
                "company",
                data.get("custom_fields") or {},
                company.custom_fields if company else None,
                partial=company is not None,
            ),
        )
    if country and (
        "region" in data or company is None or ("country" in data and country != company.country)
    ):
        permission = "customers.add" if company is None else "customers.change"
        region = _resolve_region(actor, data.get("region"), country, permission, errors)
        if region is not None:
            out["region"] = region
    _check_owner_sees(out, company, errors)
    errors.raise_if_any()
    return out


def _company_identifier(
    check: Callable[[str, str, str], identifiers.Identifier | None],
    raw: Any,
    country: str,
    field: str,
) -> identifiers.Identifier | None:
    """A VAT or tax number checked for the company's country (None when left empty)."""
    if raw is not None and not isinstance(raw, str):
        raise ValidationError({field: "Expected text."})
    return check(raw or "", country, field)


def _apply_company(company: Company, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        if name == "tags":
            continue
        old = getattr(company, name, None)
        if old != value:
            changes[name] = (_plain(old), _plain(value))
            setattr(company, name, value)
    company.sort_name = search_document.fold(company.latin_name or company.name)[:200]
    company.search_document = search_document.company_document(
        company.name, company.legal_name, company.latin_name, company.website, company.phone
    )
    company.save()
    if "tags" in values:
        before = sorted(company.tags.values_list("name", flat=True))
        if before != sorted(values["tags"]):
            changes["tags"] = (before, values["tags"])
            _set_tags(company, values["tags"])
    return changes


@transaction.atomic
def create_company(data: dict[str, Any], *, actor: User) -> Company:
    require(actor, "customers.add")
    values = _clean_company(actor, data, None)
    company = Company()
    _apply_company(company, values)
    record(
        "customers.company_created",
        company,
        actor=actor,
        region=company.region.code,
        changes={"name": company.name, "country": company.country},
    )
    publish(events.CompanyCreated(company_id=str(company.pk)))
    return company


@transaction.atomic
def update_company(
    company: Company | Any, data: dict[str, Any], *, actor: User, version: str | None = None
) -> Company:
    """Apply a partial update to the company (or company id) `actor` may change, locked for the
    write; `version` (an ETag) refuses a write made against a stale copy."""
    company = access_company(actor, _pk(company), action="change", for_update=True, details=False)
    check_version(company, version)
    values = _clean_company(actor, data, company)
    changes = _apply_company(company, values)
    if changes:
        if "name" in changes or "latin_name" in changes:
            for contact in Contact.objects.filter(employments__company=company):
                refresh_contact_search(contact)
        record(
            "customers.company_updated",
            company,
            actor=actor,
            region=company.region.code,
            changes=_audit_changes(changes, record_fields.COMPANY_PERSONAL),
        )
        publish(
            events.CompanyUpdated(company_id=str(company.pk), changed_fields=tuple(sorted(changes)))
        )
    return company


def archive_company(company: Company | Any, *, actor: User, version: str | None = None) -> Company:
    return _set_archived(_COMPANIES, company, True, actor, version)


def restore_company(company: Company | Any, *, actor: User, version: str | None = None) -> Company:
    return _set_archived(_COMPANIES, company, False, actor, version)


# --- archive and restore, shared by contacts and companies ------------------------------------


@dataclass(frozen=True)
class _Kind:
    """How archive and restore name one kind of record in the audit trail and its events."""

    noun: str
    access: Callable[..., Any]
    archived: Callable[[str], Any]
    restored: Callable[[str], Any]


_CONTACTS = _Kind(
    "contact",
    access_contact,
    lambda pk: events.ContactArchived(contact_id=pk),
    lambda pk: events.ContactRestored(contact_id=pk),
)
_COMPANIES = _Kind(
    "company",
    access_company,
    lambda pk: events.CompanyArchived(company_id=pk),
    lambda pk: events.CompanyRestored(company_id=pk),
)


@transaction.atomic
def _set_archived(kind: _Kind, target: Any, archive: bool, actor: User, version: str | None) -> Any:
    """Archive (or restore) a record `actor` may archive; doing it twice changes nothing."""
    row = kind.access(actor, _pk(target), action="archive", for_update=True, details=False)
    check_version(row, version)
    if (row.archived_at is None) == archive:
        row.archived_at = timezone.now() if archive else None
        row.save(update_fields=["archived_at", "updated_at"])
        verb = "archived" if archive else "restored"
        record(f"customers.{kind.noun}_{verb}", row, actor=actor, region=row.region.code)
        publish((kind.archived if archive else kind.restored)(str(row.pk)))
    return row


def _pk(target: Any) -> Any:
    """A record's id, given the record or its id."""
    return getattr(target, "pk", target)


# --- custom field definitions ------------------------------------------------------------------


@transaction.atomic
def define_custom_field(
    entity: str,
    key: str,
    label: str,
    field_type: str,
    *,
    actor: User,
    required: bool = False,
    choices: list[Any] | None = None,
    sensitive: bool = False,
) -> Any:
    from .models import CustomFieldDefinition

    require(actor, "customers.manage_fields")
    errors = cleaning.Collector()
    if entity not in CustomFieldDefinition.Entity.values:
        errors.add("entity", f"Expected one of: {', '.join(CustomFieldDefinition.Entity.values)}.")
    if field_type not in CustomFieldDefinition.FieldType.values:
        errors.add(
            "field_type", f"Expected one of: {', '.join(CustomFieldDefinition.FieldType.values)}."
        )
    if field_type == CustomFieldDefinition.FieldType.CHOICE and not choices:
        errors.add("choices", "A choice field needs at least one choice.")
    if not key or not key.replace("_", "").isalnum() or not key.isascii():
        errors.add("key", "Use letters, digits and underscores.")
    if CustomFieldDefinition.objects.filter(entity=entity, key=key).exists():
        errors.add("key", f"A {entity} field named {key!r} exists already.")
    errors.raise_if_any()
    definition = CustomFieldDefinition.objects.create(
        entity=entity,
        key=key,
        label=label,
        field_type=field_type,
        required=required,
        choices=choices or [],
        sensitive=sensitive,
    )
    record(
        "customers.custom_field_defined",
        definition,
        actor=actor,
        changes={"entity": entity, "key": key, "type": field_type, "sensitive": sensitive},
    )
    return definition


def reseal_custom_field_values(definition: Any, *, actor: User) -> int:
    """After a field's `sensitive` flag changed: store its values sealed (or plain) accordingly.

    Saving re-applies the flag (kernel.fields.SealedValuesJSONField); batches of rows, each
    saved on its own, so a large table is not locked at once. Returns how many rows.
    """
    require(actor, "customers.manage_fields")
    model: Any = Contact if definition.entity == "contact" else Company
    count = 0
    rows = model._base_manager.filter(custom_fields__has_key=definition.key).only(
        "id", "region", "custom_fields"
    )
    for row in rows.iterator(chunk_size=500):
        with transaction.atomic():
            row.save(update_fields=["custom_fields"])
        count += 1
    return count
