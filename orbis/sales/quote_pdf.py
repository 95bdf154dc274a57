"""A quote as a PDF (WeasyPrint): in the quote's language, with CLDR numbers, dates and money,
right to left for Arabic, the country's own words for net, tax and gross, and the tax
registration numbers the country's invoice rules require (sales.tax.labels)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import Quote
from .tax import invoice_labels


def _labels(quote: Quote) -> Any:
    try:
        return invoice_labels(quote.seller_country, quote.language)
    except Exception:  # a seller country without tax rules: the generic words
        return None


def render_html(quote: Quote) -> str:
    """The quote's printable page (also what the browser shows before the PDF)."""
    with translation.override(quote.language):
        labels = _labels(quote)
        required = labels.buyer_tax_id_required if labels else "never"
        show_buyer_number = bool(quote.buyer_vat_number) and (
            required == "b2b" or quote.reverse_charge or required == "never"
        )
        context = {
            "quote": quote,
            "lines": list(quote.lines.order_by("position")),
            "labels": labels,
            "taxes": [
                {**line, "rate": Decimal(line["rate"]), "amount": Decimal(line["amount"])}
                for line in quote.tax_lines
            ],
            "show_seller_number": bool(quote.seller_tax_id),
            "show_buyer_number": show_buyer_number,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "language": translation.get_language(),
        }
        return render_to_string("sales/quote_pdf.html", context)


def render_pdf(quote: Quote) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only PDF requests need.
    from weasyprint import HTML

    return bytes(HTML(string=render_html(quote)).write_pdf())
