"""Writes of privacy governance: residency policies, retention, processing activities, breaches.

Each service checks the permission, validates every field first (ValidationError naming the
field), writes in one transaction and records an audit event holding ids, codes and counts only.
"""

from __future__ import annotations

import datetime
from typing import Any

import pycountry
from django.db import transaction
from django.utils import timezone

from orbis.audit.services import record
from orbis.customers.models import Contact
from orbis.identity.access import require
from orbis.kernel.errors import ValidationError
from orbis.kernel.registry import registry
from orbis.localisation.models import Region
from orbis.privacy import jurisdictions

from . import residency
from .models import (
    Breach,
    BreachNotification,
    LawfulBasis,
    Mechanism,
    ProcessingActivity,
    ResidencyPolicy,
    RetentionDisposal,
    RetentionPolicy,
    RetentionRun,
)
from .querysets import candidates, strict_region

MANAGE_POLICIES = "privacy.manage_policies"
MANAGE_BREACHES = "privacy.manage_breaches"


# --- residency ---------------------------------------------------------------------------------


def set_policy(
    user_region: Region,
    data_region: Region,
    *,
    actor: Any,
    allowed: bool,
    mechanism: str = "",
    reference: str = "",
) -> ResidencyPolicy:
    """Allow or refuse access from `user_region` to data held in `data_region`."""
    require(actor, MANAGE_POLICIES)
    errors: dict[str, str] = {}
    if user_region.pk == data_region.pk:
        errors["data_region"] = "Access within a region is always allowed."
    if mechanism and mechanism not in Mechanism.values:
        errors["mechanism"] = "Not a known transfer mechanism."
    if allowed and not mechanism:
        errors["mechanism"] = "Name the legal mechanism that allows this access."
    if allowed and not reference.strip() and strict_region(data_region):
        errors["reference"] = (
            "Data held here leaves only with its recorded mechanism (PIPL Art. 38-39): "
            "say where the filing, separate consent and assessment are documented."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy, _ = ResidencyPolicy.objects.update_or_create(
            user_region=user_region,
            data_region=data_region,
            defaults={"allowed": allowed, "mechanism": mechanism, "reference": reference.strip()},
        )
        record(
            "privacy.residency_policy_set",
            policy,
            actor=actor,
            region=data_region.code,
            changes={
                "user_region": user_region.code,
                "data_region": data_region.code,
                "allowed": allowed,
                "mechanism": mechanism,
            },
        )
        transaction.on_commit(residency.invalidate)
    residency.invalidate()
    return policy


def ensure_default_policies(
    *,
    actor: Any,
) -> int:
    """Give every pair of regions without a policy the default; returns how many were added.

    Default: allowed under standard contractual clauses, except for data held in a region under
    PIPL-like rules, which is refused until the mechanism is recorded (set_policy with a
    reference). Called by the demo loader and from the dashboard.
    """
    require(actor, MANAGE_POLICIES)
    regions = list(Region.objects.all())
    existing = set(ResidencyPolicy.objects.values_list("user_region_id", "data_region_id"))
    added = 0
    with transaction.atomic():
        for data_region in regions:
            strict = strict_region(data_region)
            for user_region in regions:
                if user_region.pk == data_region.pk or (user_region.pk, data_region.pk) in existing:
                    continue
                ResidencyPolicy.objects.create(
                    user_region=user_region,
                    data_region=data_region,
                    allowed=not strict,
                    mechanism=residency.default_mechanism(user_region, data_region),
                )
                added += 1
        if added:
            record("privacy.residency_defaults_added", actor=actor, changes={"count": added})
    residency.invalidate()
    return added


# --- retention ---------------------------------------------------------------------------------


def create_retention_policy(
    data: dict[str, Any],
    *,
    actor: Any,
) -> RetentionPolicy:
    require(actor, MANAGE_POLICIES)
    errors: dict[str, str] = {}
    name = str(data.get("name", "")).strip()
    country = str(data.get("country", "")).strip().upper()
    record_type = str(data.get("record_type", ""))
    action = str(data.get("action", ""))
    try:
        months = int(data.get("months", 0))
    except (TypeError, ValueError):
        months = 0
    if not name:
        errors["name"] = "Give the policy a name."
    if country and pycountry.countries.get(alpha_2=country) is None:
        errors["country"] = "Not an ISO 3166 country code."
    if record_type not in RetentionPolicy.RecordType.values:
        errors["record_type"] = "Choose a record type."
    if action not in RetentionPolicy.Action.values:
        errors["action"] = "Choose anonymise or erase."
    if not 1 <= months <= 1200:
        errors["months"] = "Give a number of months from 1 to 1200."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy = RetentionPolicy.objects.create(
            name=name,
            country=country,
            record_type=record_type,
            months=months,
            action=action,
            reason=str(data.get("reason", "")).strip()[:200],
        )
        record(
            "privacy.retention_policy_created",
            policy,
            actor=actor,
            changes={
                "country": country,
                "record_type": record_type,
                "months": months,
                "action": action,
            },
        )
    return policy


def _dispose(contact: Contact, action: str, actor: Any) -> None:
    """Anonymise through every app's erase handler; erase also deletes the anonymised row when
    nothing else still refers to it (a row another app must keep stays, anonymised)."""
    handlers = sorted(
        registry.personal_data_handlers.values(), key=lambda h: h.app_label == "customers"
    )
    for handler in handlers:
        handler.erase(contact, actor=actor)
    if action == RetentionPolicy.Action.ERASE:
        from django.db.models import ProtectedError, RestrictedError

        try:
            with transaction.atomic():
                Contact.objects.filter(pk=contact.pk).delete()
        except (ProtectedError, RestrictedError):
            pass


def apply_retention(
    now: datetime.datetime | None = None,
    limit: int = 10_000,
    *,
    actor: Any,
) -> list[RetentionRun]:
    """Apply every enabled policy: anonymise or erase what it takes; one audited run each."""
    require(actor, MANAGE_POLICIES)
    runs = []
    for policy in RetentionPolicy.objects.filter(enabled=True):
        with transaction.atomic():
            contacts = list(candidates(policy, now).select_related("region")[:limit])
            run = RetentionRun.objects.create(
                policy=policy,
                actor_label=actor.get_username(),
                action=policy.action,
                count=len(contacts),
            )
            for contact in contacts:
                RetentionDisposal.objects.create(
                    run=run,
                    target_type="customers.contact",
                    target_id=contact.pk,
                    action=policy.action,
                )
                _dispose(contact, policy.action, actor)
            record(
                "privacy.retention_applied",
                run,
                actor=actor,
                changes={
                    "policy": str(policy.pk),
                    "record_type": policy.record_type,
                    "country": policy.country,
                    "action": policy.action,
                    "count": len(contacts),
                },
            )
        runs.append(run)
    return runs


# --- records of processing ---------------------------------------------------------------------


def save_processing_activity(
    purpose: str,
    data: dict[str, Any],
    *,
    actor: Any,
) -> ProcessingActivity:
    """Document one declared purpose for the record of processing (GDPR Art. 30(1))."""
    require(actor, MANAGE_POLICIES)
    errors: dict[str, str] = {}
    values = {
        key: str(data.get(key, "")).strip()
        for key in ("name", "lawful_basis", "data_subjects", "recipients", "security_measures")
    }
    if not purpose.strip():
        errors["purpose"] = "Name the purpose."
    if not values["name"]:
        errors["name"] = "Give the activity a name."
    if values["lawful_basis"] not in LawfulBasis.values:
        errors["lawful_basis"] = "Choose the lawful basis (GDPR Art. 6(1))."
    if not values["data_subjects"]:
        errors["data_subjects"] = "Name the categories of data subjects."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity, created = ProcessingActivity.objects.update_or_create(
            purpose=purpose.strip(), defaults=values
        )
        record(
            "privacy.processing_activity_saved",
            activity,
            actor=actor,
            changes={"purpose": activity.purpose, "fields": sorted(values), "created": created},
        )
    return activity


# --- breaches ----------------------------------------------------------------------------------


def _clean_breach(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    title = str(data.get("title", "")).strip()
    description = str(data.get("description", "")).strip()
    discovered_at = data.get("discovered_at")
    countries = sorted(
        {str(c).strip().upper() for c in data.get("countries", []) if str(c).strip()}
    )
    categories = sorted({str(c).strip() for c in data.get("data_categories", []) if str(c).strip()})
    try:
        approx = int(data.get("approx_subjects") or 0)
    except (TypeError, ValueError):
        approx = -1
    if not title:
        errors["title"] = "Give the breach a short title."
    if not description:
        errors["description"] = "Describe what happened."
    if not isinstance(discovered_at, datetime.datetime):
        errors["discovered_at"] = "Say when the breach was discovered."
    elif timezone.is_naive(discovered_at):
        discovered_at = timezone.make_aware(discovered_at, datetime.UTC)
    if not countries:
        errors["countries"] = "Name at least one affected country."
    bad = [c for c in countries if pycountry.countries.get(alpha_2=c) is None]
    if bad:
        errors["countries"] = f"Not ISO 3166 country codes: {', '.join(bad)}."
    if approx < 0:
        errors["approx_subjects"] = "Give an approximate number of people (0 or more)."
    status = str(data.get("status") or Breach.Status.OPEN)
    if status not in Breach.Status.values:
        errors["status"] = "Not a known status."
    values = {
        "title": title,
        "description": description,
        "discovered_at": discovered_at,
        "countries": countries,
        "data_categories": categories,
        "approx_subjects": approx,
        "status": status,
        "measures": str(data.get("measures", "")).strip(),
    }
    return values, errors


def record_breach(
    data: dict[str, Any],
    *,
    actor: Any,
) -> Breach:
    """Enter a breach in the register (GDPR Art. 33(5): every breach is documented)."""
    require(actor, MANAGE_BREACHES)
    values, errors = _clean_breach(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        breach = Breach.objects.create(**values)
        record(
            "privacy.breach_recorded",
            breach,
            actor=actor,
            changes={
                "countries": values["countries"],
                "approx_subjects": values["approx_subjects"],
            },
        )
    return breach


def update_breach(
    breach: Breach,
    data: dict[str, Any],
    *,
    actor: Any,
) -> Breach:
    require(actor, MANAGE_BREACHES)
    values, errors = _clean_breach(data)
    if errors:
        raise ValidationError(errors)
    changed = sorted(k for k, v in values.items() if getattr(breach, k) != v)
    with transaction.atomic():
        for key, value in values.items():
            setattr(breach, key, value)
        breach.save()
        record("privacy.breach_changed", breach, actor=actor, changes={"fields": changed})
    return breach


def record_notification(
    breach: Breach,
    *,
    actor: Any,
    recipient: str,
    jurisdiction: str,
    notified_at: datetime.datetime | None,
    reference: str = "",
) -> BreachNotification:
    """Note that the authority of `jurisdiction` (a rule pack code) or the people were told."""
    require(actor, MANAGE_BREACHES)
    errors: dict[str, str] = {}
    if recipient not in BreachNotification.Recipient.values:
        errors["recipient"] = "Choose the authority or the affected people."
    codes = {p.code for p in jurisdictions.all_packs()}
    if jurisdiction not in codes:
        errors["jurisdiction"] = "Not a known jurisdiction."
    if not isinstance(notified_at, datetime.datetime):
        errors["notified_at"] = "Say when the notification was made."
    if errors or notified_at is None:
        raise ValidationError(errors)
    if timezone.is_naive(notified_at):
        notified_at = timezone.make_aware(notified_at, datetime.UTC)
    with transaction.atomic():
        notification = BreachNotification.objects.create(
            breach=breach,
            recipient=recipient,
            jurisdiction=jurisdiction,
            notified_at=notified_at,
            reference=reference.strip()[:200],
        )
        record(
            "privacy.breach_notified",
            breach,
            actor=actor,
            changes={"recipient": recipient, "jurisdiction": jurisdiction},
        )
    return notification
