"""Quotes: a versioned offer made from a deal's lines, taxed for the buyer's country, sent as a
PDF with a signed link to accept or decline it. A sent quote keeps the rate of the day it was
sent (RateSnapshot); an accepted one becomes an order."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.customers.models import Contact
from orbis.kernel.models import BaseModel
from orbis.kernel.money import Money
from orbis.localisation.models import Market, Region

from ..querysets import QuoteChildQuerySet, QuoteQuerySet
from .catalogue import Product
from .deals import Deal
from .snapshots import RateSnapshot, amount_field


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    # A later version of the same deal's quote replaced it; its link no longer accepts.
    SUPERSEDED = "superseded", _("Superseded")


class Quote(BaseModel, RateSnapshot):
    """One version of a deal's offer. Its lines, taxes and totals are copied when it is made,
    so later changes to the deal or the price book never change a quote already made."""

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="quotes")
    number = models.CharField(_("Number"), max_length=40)
    version = models.PositiveSmallIntegerField(_("Version"))
    status = models.CharField(
        _("Status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    language = models.CharField(_("Language"), max_length=16)
    currency = models.CharField(_("Currency"), max_length=3)
    valid_until = models.DateField(_("Valid until"))
    terms = models.TextField(_("Terms"), blank=True)
    # The parties as printed, copied when the quote was made.
    seller_name = models.CharField(max_length=200)
    seller_address = models.JSONField(default=dict, blank=True)
    seller_country = models.CharField(max_length=2)
    seller_tax_id = models.CharField(max_length=40, blank=True)
    buyer_name = models.CharField(max_length=200)
    buyer_country = models.CharField(max_length=2)
    buyer_vat_number = models.CharField(max_length=40, blank=True)
    reverse_charge = models.BooleanField(default=False)
    tax_note = models.TextField(blank=True)
    # [{"code", "name", "rate", "base", "amount", "citation"}], amounts as decimal strings.
    tax_lines = models.JSONField(default=list, blank=True)
    tax_pack = models.CharField(max_length=80, blank=True)
    net_total = amount_field()
    tax_total = amount_field(default=Decimal(0))
    gross_total = amount_field()
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    order = models.ForeignKey(
        "sales.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["deal", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "version"], name="quote_version_uniq"),
            models.UniqueConstraint(fields=["number"], name="quote_number_uniq"),
        ]
        indexes = [
            models.Index(fields=["region", "created_at", "id"], name="quote_region_idx"),
            models.Index(fields=["created_at", "id"], name="quote_time_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def net(self) -> Money:
        return Money(self.net_total, self.currency)

    @property
    def gross(self) -> Money:
        return Money(self.gross_total, self.currency)

    @property
    def tax(self) -> Money:
        return Money(self.tax_total, self.currency)


class QuoteLine(BaseModel):
    """One line of a quote, as the deal had it when the quote was made."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    sku = models.CharField(max_length=64)
    description = models.CharField(max_length=255)
    quantity = models.DecimalField(max_digits=12, decimal_places=3)
    unit_price = amount_field()
    discount_amount = amount_field(default=Decimal(0))
    total = amount_field()
    tax_category = models.CharField(max_length=20)

    objects = QuoteChildQuerySet.as_manager()

    class Meta:
        ordering = ["quote", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"
