"""Reads for the privacy officer: breach deadlines, the record of processing, dashboard counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from orbis.kernel.registry import registry
from orbis.privacy import jurisdictions

from .models import (
    Breach,
    BreachNotification,
    ProcessingActivity,
    ResidencyPolicy,
    RetentionPolicy,
)


@dataclass(frozen=True)
class BreachDeadline:
    """When one jurisdiction's authority must be told of a breach, and whether it was."""

    jurisdiction: str
    name: str  # the pack's name in the viewer's language
    countries: tuple[str, ...]
    due: datetime.datetime | None
    citation: str
    notified_at: datetime.datetime | None
    overdue: bool  # past due and the authority not told
    late: bool  # told, but after the deadline


def breach_deadlines(breach: Breach, now: datetime.datetime | None = None) -> list[BreachDeadline]:
    """One deadline per rule pack of the affected countries (GDPR Art. 33: 72 hours; LGPD: 3
    business days; PDPA: 3 days...); None where the law sets no fixed period."""
    now = now or timezone.now()
    packs: dict[str, tuple[Any, list[str]]] = {}
    for country in breach.countries:
        pack = jurisdictions.for_country(country)
        packs.setdefault(pack.code, (pack, []))[1].append(country)
    told = {
        n.jurisdiction: n.notified_at
        for n in breach.notifications.filter(recipient=BreachNotification.Recipient.AUTHORITY)
    }
    result = []
    for code, (pack, countries) in sorted(packs.items()):
        due = pack.breach_due(breach.discovered_at)
        notified = told.get(code)
        result.append(
            BreachDeadline(
                jurisdiction=code,
                name=pack.display_name,
                countries=tuple(countries),
                due=due,
                citation=pack.breach_citation,
                notified_at=notified,
                overdue=due is not None and notified is None and now > due,
                late=due is not None and notified is not None and notified > due,
            )
        )
    return result


def overdue_breaches(now: datetime.datetime | None = None) -> list[Breach]:
    """Breaches not closed with an authority deadline passed and no notification made."""
    now = now or timezone.now()
    late = []
    for breach in Breach.objects.exclude(status=Breach.Status.CLOSED).prefetch_related(
        "notifications"
    ):
        if any(d.overdue for d in breach_deadlines(breach, now)):
            late.append(breach)
    return late


# English in the CSV and JSON records; the page shows them translated (gettext at display).
SECURITY_MEASURES = (
    gettext_noop(
        "Contact and sensitive fields encrypted at rest (AES-GCM, one key per data region)"
    ),
    gettext_noop("Access scoped by role and region; residency policy for access across regions"),
    gettext_noop("Hash-chained audit trail of changes and of reads of personal data"),
)


def allowed_transfers() -> QuerySet[ResidencyPolicy]:
    """The residency policies that let data cross regions: the record's transfers."""
    return ResidencyPolicy.objects.filter(allowed=True).select_related("data_region", "user_region")


def enabled_retention() -> QuerySet[RetentionPolicy]:
    return RetentionPolicy.objects.filter(enabled=True)


def records_of_processing() -> list[dict[str, Any]]:
    """The record of processing activities (GDPR Art. 30(1)), one entry per declared purpose.

    Fields and purposes come from the apps' personal-data handler declarations in the registry;
    the organisation's own answers (lawful basis, data subjects, recipients) from
    ProcessingActivity; transfers from the residency policies; time limits from retention.
    """
    purposes: dict[str, dict[str, Any]] = {}
    for handler in registry.personal_data_handlers.values():
        for purpose in handler.purposes:
            entry = purposes.setdefault(purpose, {"apps": set(), "fields": {}})
            entry["apps"].add(handler.app_label)
            for name, kind in handler.fields.items():
                entry["fields"].setdefault(kind, set()).add(name)
    activities = {a.purpose: a for a in ProcessingActivity.objects.all()}
    transfers = sorted(
        f"{p.data_region.code} -> {p.user_region.code}: {p.get_mechanism_display()}"
        + (f" ({p.reference})" if p.reference else "")
        for p in allowed_transfers()
    )
    retention = sorted(
        f"{p.get_record_type_display()} ({p.country or '*'}): {p.months} months, "
        f"{p.get_action_display()}"
        for p in enabled_retention()
    )
    records = []
    for purpose in sorted(purposes):
        entry = purposes[purpose]
        activity = activities.get(purpose)
        records.append(
            {
                "purpose": purpose,
                "name": activity.name if activity else "",
                "documented": activity is not None,
                "lawful_basis": activity.lawful_basis if activity else "",
                "data_subjects": activity.data_subjects if activity else "",
                "recipients": activity.recipients if activity else "",
                "apps": sorted(entry["apps"]),
                "data_categories": {k: sorted(v) for k, v in sorted(entry["fields"].items())},
                "transfers": transfers,
                "retention": retention,
                "security_measures": [
                    *SECURITY_MEASURES,
                    *(
                        [activity.security_measures]
                        if activity and activity.security_measures
                        else []
                    ),
                ],
            }
        )
    return records
