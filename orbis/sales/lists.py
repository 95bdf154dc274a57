"""The sales lists (deals, leads, orders), declared with the web kit (kernel/web/lists.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.lists import BulkAction, Column, ListSpec
from orbis.kernel.web.pages import Sort

FILTERS = ("q", "pipeline", "status", "owner", "market")

DEALS = ListSpec(
    key="sales.deals",
    url_name="sales:deal_list",
    permission="sales.view",
    columns=(
        Column("name", _("Name"), sort=Sort("sort_name"), always=True),
        Column("amount", _("Amount")),
        Column("stage", _("Stage")),
        Column("close_date", _("Close date"), sort=Sort("close_date")),
        Column("company", _("Company")),
        Column("owner", _("Owner")),
        Column("market", _("Market")),
        Column("updated", _("Updated"), sort=Sort("updated_at", descending=True)),
    ),
    default_sort="name",
    filters=FILTERS,
)

LEAD_FILTERS = ("q", "status", "source", "owner")

LEADS = ListSpec(
    key="sales.leads",
    url_name="sales:lead_list",
    permission="sales.view",
    columns=(
        Column("person", _("Person"), always=True),
        Column("company", _("Company")),
        Column("status", _("Status")),
        Column("score", _("Score"), sort=Sort("score", descending=True)),
        Column("source", _("Source")),
        Column("owner", _("Owner")),
        Column("market", _("Market")),
        Column("created", _("Received"), sort=Sort("created_at", descending=True)),
    ),
    default_sort="created",
    filters=LEAD_FILTERS,
    bulk_actions=(
        BulkAction("assign_owner", _("Assign to"), "sales.change", needs="owner"),
        BulkAction("mark_working", _("Mark as working"), "sales.change"),
        BulkAction("mark_unqualified", _("Mark as unqualified"), "sales.change"),
    ),
)

ORDER_FILTERS = ("q", "status", "channel", "market", "contact", "company")

ORDERS = ListSpec(
    key="sales.orders",
    url_name="sales:order_list",
    permission="sales.view",
    columns=(
        Column("number", _("Number"), always=True),
        Column("ordered", _("Ordered at"), sort=Sort("ordered_at", descending=True)),
        Column("customer", _("Customer")),
        Column("channel", _("Channel")),
        Column("status", _("Status")),
        Column("total", _("Total")),
        Column("booked", _("Booked value")),
        Column("market", _("Market")),
    ),
    default_sort="ordered",
    filters=ORDER_FILTERS,
)
