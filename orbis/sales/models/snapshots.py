"""The dated exchange rate a document keeps: the rate, its date and source, and the result."""

from __future__ import annotations

from typing import Any

from django.db import models


def amount_field(verbose_name: Any = None, **options: Any) -> models.DecimalField[Any, Any]:
    """A money amount column: 15 integer digits (kernel.money.MAX_INTEGER_DIGITS) and up to
    4 decimals (CLF, UYW); its currency is another column."""
    return models.DecimalField(verbose_name, max_digits=19, decimal_places=4, **options)


class RateSnapshot(models.Model):
    """The conversion into the organisation's reporting currency locked when a document closed
    (a deal won, a quote sent, an order booked): reports add these, so history does not move
    when rates do. Empty while the document is open."""

    reporting_currency = models.CharField(max_length=3, blank=True)
    reporting_amount = amount_field(null=True, blank=True)
    fx_rate = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)
    fx_date = models.DateField(null=True, blank=True)
    fx_source = models.CharField(max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def has_snapshot(self) -> bool:
        return self.reporting_amount is not None
