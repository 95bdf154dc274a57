"""Reads of sales records. Deals and orders are scoped by their region, as contacts are;
pipelines, products and price books are the organisation's catalogue, read by anyone who
may view sales."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

from orbis.identity.access import has_permission
from orbis.identity.querysets import RegionScopedQuerySet, access_record

if TYPE_CHECKING:
    from .models import Deal, Lead, Order, Quote

DEAL_ACTIONS = {
    "view": "sales.view",
    "change": "sales.change",
    "archive": "sales.change",
}
ORDER_ACTIONS = {"view": "sales.view", "change": "sales.manage_orders"}


class DealQuerySet(RegionScopedQuerySet):
    actions = DEAL_ACTIONS

    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def open(self) -> Self:
        return self.filter(status="open")

    def with_details(self) -> Self:
        return self.select_related("owner", "company", "stage", "pipeline", "market", "region")


class DealChildQuerySet(RegionScopedQuerySet):
    """Rows of one deal (its contacts' roles, its stage history, its lines): scoped by the
    deal's region, with the deal's actions."""

    actions = DEAL_ACTIONS
    region_field = "deal__region_id"


class QuoteQuerySet(RegionScopedQuerySet):
    """Quotes follow their deal: the deal's region and actions."""

    actions = DEAL_ACTIONS


class QuoteChildQuerySet(RegionScopedQuerySet):
    actions = DEAL_ACTIONS
    region_field = "quote__region_id"


class OrderQuerySet(RegionScopedQuerySet):
    actions = ORDER_ACTIONS


class OrderChildQuerySet(RegionScopedQuerySet):
    actions = ORDER_ACTIONS
    region_field = "order__region_id"


LEAD_ACTIONS = {"view": "sales.view", "change": "sales.change"}


class LeadQuerySet(RegionScopedQuerySet):
    actions = LEAD_ACTIONS


class SnapshotQuerySet(RegionScopedQuerySet):
    """Quotas and forecast snapshots: figures about the sellers of a region."""

    actions = {"view": "sales.view", "change": "sales.manage_quotas"}


class CatalogueQuerySet(models.QuerySet):
    """Pipelines, products and price books: the organisation's, the same in every region."""

    def visible_to(self, user: Any, action: str = "view") -> Self:
        permission = "sales.view" if action == "view" else "sales.manage_catalogue"
        return self.all() if has_permission(user, permission) else self.none()


class WebFormQuerySet(CatalogueQuerySet):
    """Web-to-lead forms: the organisation's, like the catalogue."""


class PipelineQuerySet(CatalogueQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)


def access_deal(user: Any, deal_id: Any, *, action: str = "view", for_update: bool = False) -> Deal:
    """The deal if `user` may do `action` to it (locked when `for_update`); NotFound
    otherwise, whether or not it exists."""
    from .models import Deal

    queryset = Deal.objects.all() if for_update else Deal.objects.with_details()
    return access_record(
        queryset, user, deal_id, action=action, for_update=for_update, missing="No such deal."
    )


def access_lead(user: Any, lead_id: Any, *, action: str = "view", for_update: bool = False) -> Lead:
    from .models import Lead

    queryset = Lead.objects.all() if for_update else Lead.objects.select_related("contact", "owner")
    return access_record(
        queryset, user, lead_id, action=action, for_update=for_update, missing="No such lead."
    )


def access_order(
    user: Any, order_id: Any, *, action: str = "view", for_update: bool = False
) -> Order:
    from .models import Order

    return access_record(
        Order.objects.all(),
        user,
        order_id,
        action=action,
        for_update=for_update,
        missing="No such order.",
    )


def access_quote(
    user: Any, quote_id: Any, *, action: str = "view", for_update: bool = False
) -> Quote:
    from .models import Quote

    queryset = (
        Quote.objects.all()
        if for_update
        else Quote.objects.select_related("deal", "contact", "market", "region", "order")
    )
    return access_record(
        queryset, user, quote_id, action=action, for_update=for_update, missing="No such quote."
    )
