"""Order pages: the purchase history as a list (also of one contact or company, linked from
their pages through the registry) and one order with its lines. Orders are written by the
ingest API and accepted quotes (services.orders); these pages only read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from orbis.customers.querysets import access_company, access_contact
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import registry
from orbis.kernel.web.lists import list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.partials import render_partial
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.requests import AuthenticatedRequest

from .lists import ORDER_FILTERS, ORDERS
from .models import Order, OrderChannel, OrderStatus
from .querysets import access_order
from .totals import Converter, sum_by_currency


def _filtered(
    request: AuthenticatedRequest, rows: QuerySet[Order]
) -> tuple[QuerySet[Order], dict[str, str], Any]:
    """The rows the filters keep, the filters, and the contact or company they are about."""
    params = {name: request.GET.get(name, "").strip()[:100] for name in ORDER_FILTERS}
    about: Any = None
    if params["q"]:
        rows = rows.filter(Q(number__icontains=params["q"]) | Q(external_id=params["q"]))
    if params["status"] in OrderStatus.values:
        rows = rows.filter(status=params["status"])
    if params["channel"] in OrderChannel.values:
        rows = rows.filter(channel=params["channel"])
    if params["market"]:
        rows = rows.filter(market__country=params["market"].upper())
    if params["contact"]:
        about = access_contact(request.user, parse_uuid(params["contact"]))
        rows = rows.filter(contact=about)
    elif params["company"]:
        company = access_company(request.user, parse_uuid(params["company"]))
        rows, about = rows.filter(company=company), company
    return rows, params, about


@permission_required("sales.view")
def order_list(request: AuthenticatedRequest) -> HttpResponse:
    every = Order.objects.visible_to(request.user).select_related("contact", "company", "market")
    rows, params, about = _filtered(request, every)
    state = list_state(request, ORDERS)
    page = list_page(request, rows, state)
    people = [str(o.contact_id) for o in page.rows if o.contact_id]
    registry.personal_data_read(request.user, "customers.contact", people, "ui")
    converter = Converter(request.user.reporting_currency)
    context = {
        "nav": "sales",
        "list": state,
        "page": page,
        "count": count_rows(rows),
        "params": params,
        "about_name": getattr(about, "display_name", None) or getattr(about, "name", ""),
        # A person's or company's spend per currency; over every order of the organisation
        # (millions) the sum would cost more than the page, and reports hold that figure.
        "footer": converter.totals(sum_by_currency(rows, "gross_total").get((), []))
        if about is not None
        else None,
        "statuses": OrderStatus.choices,
        "channels": OrderChannel.choices,
    }
    return render_partial(request, "sales/order_list.html", context)


@permission_required("sales.view")
def order_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    order = access_order(request.user, pk)
    if order.contact_id:
        registry.personal_data_read(request.user, "customers.contact", [order.contact_id], "page")
    context = {
        "nav": "sales",
        "order": order,
        "lines": order.lines.order_by("id"),
    }
    return render(request, "sales/order_detail.html", context)
