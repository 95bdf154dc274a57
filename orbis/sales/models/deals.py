"""Deals: an amount in the deal's own currency moving through one pipeline's stages."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.customers.models import Company, Contact
from orbis.kernel.models import BaseModel
from orbis.kernel.money import Money
from orbis.localisation.models import Market, Region

from ..querysets import DealChildQuerySet, DealQuerySet
from .catalogue import PriceBook, Product
from .pipelines import Pipeline, Stage
from .snapshots import RateSnapshot, amount_field


class DealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class ContactRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    CHAMPION = "champion", _("Champion")
    INFLUENCER = "influencer", _("Influencer")
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    USER = "user", _("User")
    BLOCKER = "blocker", _("Blocker")
    OTHER = "other", _("Other")


class Deal(BaseModel, RateSnapshot):
    """A sale being worked on in one market: amount in its currency, stage, owner, close date.

    Scoped by its region as contacts are. A won deal keeps the rate of its close date
    (RateSnapshot); an open one is converted at the latest rate whenever it is shown.
    """

    name = models.CharField(_("Name"), max_length=200)
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="deals")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="deals")
    status = models.CharField(max_length=4, choices=DealStatus.choices, default=DealStatus.OPEN)
    amount = amount_field(_("Amount"))
    currency = models.CharField(_("Currency"), max_length=3)
    close_date = models.DateField(_("Expected close date"))
    closed_on = models.DateField(_("Closed on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.PROTECT, related_name="deals"
    )
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    # Where the lines' prices come from; in the deal's currency.
    price_book = models.ForeignKey(
        PriceBook, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_step = models.CharField(_("Next step"), max_length=255, blank=True)
    close_reason = models.CharField(_("Won or lost reason"), max_length=255, blank=True)
    stage_entered_at = models.DateTimeField()
    sort_name = models.CharField(max_length=200, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["region", "sort_name", "id"], name="deal_region_sort_idx"),
            models.Index(fields=["sort_name", "id"], name="deal_sort_idx"),
            models.Index(fields=["updated_at", "id"], name="deal_updated_idx"),
            models.Index(fields=["stage", "close_date", "id"], name="deal_board_idx"),
            models.Index(fields=["close_date", "id"], name="deal_close_idx"),
            models.Index(fields=["owner", "close_date"], name="deal_owner_idx"),
            # Won by close month (forecast, attainment, constant rates): the won deals only.
            models.Index(
                fields=["closed_on", "region"],
                name="deal_won_idx",
                condition=models.Q(status="won"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_open(self) -> bool:
        return self.status == DealStatus.OPEN


class DealContact(BaseModel):
    """A person's part in a deal (decision maker, champion...)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="contact_roles")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="deal_roles")
    role = models.CharField(max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deal", "contact"], name="deal_contact_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} as {self.role}"


class StageChange(BaseModel):
    """A deal's move into a stage, and who made it: the stage history and time in each stage."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    actor_label = models.CharField(max_length=150)

    objects = DealChildQuerySet.as_manager()

    class Meta:
        ordering = ["deal", "changed_at"]
        indexes = [models.Index(fields=["deal", "changed_at"], name="stage_change_deal_idx")]

    def __str__(self) -> str:
        return f"{self.deal_id} -> {self.to_stage_id} at {self.changed_at:%Y-%m-%d}"


class DealLine(BaseModel):
    """A product on a deal: quantity, unit price from the price book, discount, line total,
    all in the deal's currency."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=255, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(1))
    unit_price = amount_field()
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    discount_amount = amount_field(default=Decimal(0))
    total = amount_field()

    objects = DealChildQuerySet.as_manager()

    class Meta:
        ordering = ["deal", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_id}"
