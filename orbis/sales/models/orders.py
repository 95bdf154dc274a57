"""Orders: what a customer bought, booked in its currency at the rate of its booking date."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.customers.models import Company, Contact
from orbis.kernel.models import BaseModel
from orbis.kernel.money import Money
from orbis.localisation.models import Market, Region

from ..querysets import OrderChildQuerySet, OrderQuerySet
from .catalogue import Product
from .snapshots import RateSnapshot, amount_field


class OrderChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    STORE = "store", _("Store")
    PARTNER = "partner", _("Partner")
    PHONE = "phone", _("Phone")
    SALES = "sales", _("Sales team")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    PAID = "paid", _("Paid")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Order(BaseModel, RateSnapshot):
    """A purchase: from a shop, an ERP or an accepted quote, unique per (source, external_id)."""

    source = models.CharField(_("Source"), max_length=60)
    external_id = models.CharField(_("External id"), max_length=120)
    number = models.CharField(_("Number"), max_length=60, blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    deal = models.ForeignKey(
        "sales.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("Channel"), max_length=8, choices=OrderChannel.choices)
    status = models.CharField(_("Status"), max_length=20, choices=OrderStatus.choices)
    currency = models.CharField(_("Currency"), max_length=3)
    ordered_at = models.DateTimeField(_("Ordered at"))
    booked_on = models.DateField(_("Booked on"))
    net_total = amount_field()
    tax_total = amount_field(default=Decimal(0))
    gross_total = amount_field()
    refunded_total = amount_field(default=Decimal(0))
    # SHA-256 of the order as sent: the same external id with other content is an update.
    content_hash = models.CharField(max_length=64)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-ordered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="order_external_uniq"),
        ]
        indexes = [
            models.Index(fields=["contact", "ordered_at"], name="order_contact_idx"),
            models.Index(fields=["company", "ordered_at"], name="order_company_idx"),
            models.Index(fields=["region", "ordered_at", "id"], name="order_region_idx"),
            models.Index(fields=["ordered_at", "id"], name="order_time_idx"),
            # Revenue by booking day (the forecast's constant-rates view, reports).
            models.Index(fields=["booked_on", "region"], name="order_booked_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.source}:{self.external_id}"

    @property
    def gross(self) -> Money:
        return Money(self.gross_total, self.currency)

    @property
    def net(self) -> Money:
        return Money(self.net_total, self.currency)


class OrderLine(BaseModel):
    """One line of an order: the product (by SKU when the shop's SKU is not in the catalogue)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sku = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=255, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=3)
    unit_price = amount_field()
    discount_amount = amount_field(default=Decimal(0))  # off quantity x unit price
    total = amount_field()
    refunded_quantity = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(0))

    objects = OrderChildQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku or self.product_id}"
