"""Quotas per owner and period, and the weekly snapshots that show how the forecast moved."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from orbis.kernel.models import BaseModel
from orbis.localisation.models import Region

from ..querysets import SnapshotQuerySet
from .snapshots import amount_field


class Quota(BaseModel):
    """What one seller is expected to win in a period, in the reporting currency."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    amount = amount_field()
    currency = models.CharField(max_length=3)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["period_start", "owner"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "period_start"], name="quota_owner_period_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.period_start}: {self.amount} {self.currency}"


class ForecastSnapshot(BaseModel):
    """The forecast of one week for one region, owner and close month, as it stood then: the
    weekly job writes these, so a manager sees how commit and best case moved."""

    taken_on = models.DateField(db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_month = models.DateField()
    category = models.CharField(max_length=12)
    amount = amount_field()
    weighted = amount_field()
    currency = models.CharField(max_length=3)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "close_month", "category"]
        indexes = [
            models.Index(fields=["region", "close_month", "taken_on"], name="forecast_snap_idx")
        ]

    def __str__(self) -> str:
        return f"{self.taken_on} {self.close_month} {self.category}: {self.amount}"


class DealSnapshot(BaseModel):
    """One deal as a weekly forecast snapshot saw it: its category, close month and amount then
    (in its currency and in the reporting currency at that day's rate, or its locked rate once
    won). The waterfall compares two weeks deal by deal from these."""

    taken_on = models.DateField()
    deal = models.ForeignKey(
        "sales.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_month = models.DateField()
    category = models.CharField(max_length=12)
    amount = amount_field()
    currency = models.CharField(max_length=3)
    converted = amount_field()
    weighted = amount_field()
    reporting_currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=24, decimal_places=12)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "close_month", "id"]
        indexes = [
            models.Index(fields=["taken_on", "region", "close_month"], name="deal_snap_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.taken_on} {self.deal_id} {self.category}: {self.amount} {self.currency}"
