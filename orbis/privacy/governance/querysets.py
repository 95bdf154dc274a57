"""Reads for governance: which regions are strict, what a retention policy would take."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from orbis.customers.models import Contact, LifecycleStage
from orbis.identity.access import require
from orbis.localisation.models import Market, Region
from orbis.privacy import jurisdictions

from .models import (
    RetentionDisposal,
    RetentionPolicy,
)

LEAD_STAGES = (LifecycleStage.SUBSCRIBER, LifecycleStage.LEAD, LifecycleStage.MQL)
PREVIEW_LIMIT = 50


def _months_before(now: datetime.datetime, months: int) -> datetime.datetime:
    month = now.month - 1 - months
    year = now.year + month // 12
    month = month % 12 + 1
    day = min(
        now.day,
        [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1],
    )
    return now.replace(year=year, month=month, day=day)


def strict_region(region: Region) -> bool:
    """True when a market of the region falls under a law that wants every transfer out of it
    recorded with a separate consent and an assessment (PIPL Art. 38-39, 55)."""
    countries = Market.objects.filter(region=region).values_list("country", flat=True)
    return any(
        jurisdictions.for_country(c).transfer.separate_consent
        and jurisdictions.for_country(c).transfer.assessment
        for c in countries
    )


def candidates(policy: RetentionPolicy, now: datetime.datetime | None = None) -> QuerySet[Contact]:
    """The contacts `policy` would take now; "activity" is the record's last change."""
    cutoff = _months_before(now or timezone.now(), policy.months)
    queryset = Contact.objects.all()
    if policy.country:
        queryset = queryset.filter(country=policy.country)
    kind = policy.record_type
    if kind == RetentionPolicy.RecordType.INACTIVE_LEAD:
        queryset = queryset.filter(lifecycle_stage__in=LEAD_STAGES, updated_at__lt=cutoff)
    elif kind == RetentionPolicy.RecordType.ARCHIVED_CONTACT:
        queryset = queryset.filter(archived_at__lt=cutoff)
    else:
        queryset = queryset.filter(updated_at__lt=cutoff)
    done = RetentionDisposal.objects.filter(
        target_type="customers.contact", target_id=OuterRef("pk")
    )
    return queryset.exclude(Exists(done)).order_by("updated_at", "id")


@dataclass
class Preview:
    """What one policy would take now: how many, and the first few records."""

    policy: RetentionPolicy
    count: int
    sample: list[Contact] = field(default_factory=list)


def preview(user: Any, now: datetime.datetime | None = None) -> list[Preview]:
    """Dry run of every enabled policy: nothing changes."""
    require(user, "privacy.view")
    result = []
    for policy in RetentionPolicy.objects.filter(enabled=True):
        queryset = candidates(policy, now)
        sample = list(queryset.select_related("region")[:PREVIEW_LIMIT])
        result.append(Preview(policy, queryset.count(), sample))
    return result
