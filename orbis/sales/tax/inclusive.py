"""Tax-inclusive prices (a price book in gross): the net and the tax, adding up to the gross
exactly in the currency's minor units."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from orbis.kernel.money import Money

from .calculate import HUNDRED, TaxResult, tax_for
from .rules import STANDARD


def gross_to_net(
    gross: Money,
    *,
    seller_country: str,
    buyer_country: str,
    on: datetime.date,
    category: str = STANDARD,
    buyer_subdivision: str = "",
    buyer_vat_number: str = "",
    buyer_is_business: bool = False,
) -> TaxResult:
    """The sale of a tax-inclusive `gross`: `result.net + result.total == gross`, always.

    The rates come from `tax_for` (so reverse charge, exports, overrides and the tax service
    apply as to a net price); the net is the gross divided by one plus their sum, rounded. The
    tax is then the rest of the gross: each line is its rate on the net, rounded, and the
    largest line takes the one or two minor units that rounding leaves over, as a till does.
    """
    probe = tax_for(
        seller_country=seller_country,
        buyer_country=buyer_country,
        net=gross,
        on=on,
        category=category,
        buyer_subdivision=buyer_subdivision,
        buyer_vat_number=buyer_vat_number,
        buyer_is_business=buyer_is_business,
    )
    combined = sum((line.rate for line in probe.lines), Decimal(0))
    net = Money(gross.amount * HUNDRED / (HUNDRED + combined), gross.currency)
    lines = [
        replace(line, base=net, amount=Money(net.amount * line.rate / HUNDRED, net.currency))
        for line in probe.lines
    ]
    if lines:
        rest = gross - net
        for line in lines:
            rest -= line.amount
        largest = max(range(len(lines)), key=lambda i: lines[i].rate)
        lines[largest] = replace(lines[largest], amount=lines[largest].amount + rest)
    total = gross - net
    return replace(probe, net=net, lines=tuple(lines), total=total)
