"""Regions and markets: where the company sells and where each customer's data resides."""

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


class Market(BaseModel):
    """A country the company sells in, with the region its customers' data belongs to."""

    country = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="markets")
    default_currency = models.CharField(max_length=3)
    default_language = models.CharField(max_length=16, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return self.country
