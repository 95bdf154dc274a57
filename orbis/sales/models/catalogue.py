"""What the company sells: products with SKUs and the price books of each market and currency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.kernel.models import BaseModel
from orbis.localisation.models import Market

from ..querysets import CatalogueQuerySet
from .snapshots import amount_field


class PricingModel(models.TextChoices):
    # One price per unit whatever the quantity.
    FLAT = "flat", _("Flat")
    # The whole quantity at the price of the tier it reaches (100 units: all at the 100+ price).
    VOLUME = "volume", _("Volume")
    # Each band of units at its own tier's price (units 1-9 at one price, 10-99 at the next...).
    TIERED = "tiered", _("Tiered")


class Product(BaseModel):
    """A product or service the company sells, known by its SKU."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    pricing_model = models.CharField(
        max_length=8, choices=PricingModel.choices, default=PricingModel.FLAT
    )
    tax_category = models.CharField(
        _("Tax category"), max_length=20, default="standard", help_text="standard, reduced..."
    )
    is_active = models.BooleanField(_("Active"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["name", "sku"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class PriceBook(BaseModel):
    """The prices of one market (or of all) in one currency, net or including tax."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    market = models.ForeignKey(
        Market, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(_("Currency"), max_length=3)
    tax_inclusive = models.BooleanField(_("Prices include tax"), default=False)
    is_active = models.BooleanField(_("Active"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PriceBookEntry(BaseModel):
    """A product's unit price in a price book from `min_quantity` units on (one row per tier)."""

    price_book = models.ForeignKey(PriceBook, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    min_quantity = models.PositiveIntegerField(default=1)
    unit_price = amount_field()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["price_book", "product", "min_quantity"]
        constraints = [
            models.UniqueConstraint(
                fields=["price_book", "product", "min_quantity"], name="price_tier_uniq"
            ),
            models.CheckConstraint(condition=models.Q(min_quantity__gte=1), name="price_tier_min"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} from {self.min_quantity}: {self.unit_price}"
