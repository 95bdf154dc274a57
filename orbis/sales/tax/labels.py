"""What a quote or invoice must call the net, the tax and the gross in a country, and which tax
IDs it must show.

The country (its rule pack's `[invoice]` table) chooses WHICH label; the words are English
msgids here, translated from the catalogs into the reader's language, so "VAT" reads
"USt." in German once the catalog says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .rules import country_rules

# Every key a pack's `[invoice]` table may name; a test refuses a pack naming another.
LABELS: dict[str, Promise] = {
    "net_amount": _("Net amount"),
    "subtotal": _("Subtotal"),
    "amount_excluding_tax": _("Amount excluding tax"),
    "gross_amount": _("Gross amount"),
    "total": _("Total"),
    "total_including_vat": _("Total including VAT"),
    "total_including_gst": _("Total including GST"),
    "vat": _("VAT"),
    "gst": _("GST"),
    "gst_hst": _("GST/HST"),
    "consumption_tax": _("Consumption tax"),
    "sales_tax": _("Sales tax"),
    "iva": _("IVA"),
    "taxes": _("Taxes"),
    "vat_id": _("VAT ID"),
    "vat_registration_number": _("VAT registration number"),
    "uid": _("VAT number (UID)"),
    "abn": _("ABN"),
    "gst_number": _("GST number"),
    "gst_registration_number": _("GST registration number"),
    "gst_hst_registration_number": _("GST/HST registration number"),
    "gstin": _("GSTIN"),
    "qualified_invoice_number": _("Qualified invoice issuer registration number"),
    "taxpayer_id": _("Taxpayer identification number"),
    "trn": _("Tax registration number (TRN)"),
    "rfc": _("RFC"),
    "cnpj": _("CNPJ"),
    "business_registration_number": _("Business registration number"),
    "sales_tax_permit": _("Sales tax permit number"),
}


@dataclass(frozen=True)
class InvoiceLabels:
    """The labels (in the requested language) and tax-ID duties of one country's invoices."""

    net: str
    tax: str
    gross: str
    tax_id: str  # what the tax registration number is called
    seller_tax_id_required: bool
    # "never", "b2b" (whenever the buyer is a registered business) or "cross_border_b2b" (EU:
    # when the buyer accounts for the VAT, Art. 226(4) Directive 2006/112/EC).
    buyer_tax_id_required: str
    tax_id_format: str
    citation: str


def invoice_labels(country: str, language: str) -> InvoiceLabels:
    rules = country_rules(country).invoice
    with translation.override(language):
        return InvoiceLabels(
            net=str(LABELS[rules.net]),
            tax=str(LABELS[rules.tax]),
            gross=str(LABELS[rules.gross]),
            tax_id=str(LABELS[rules.tax_id]),
            seller_tax_id_required=rules.seller_tax_id,
            buyer_tax_id_required=rules.buyer_tax_id,
            tax_id_format=rules.tax_id_format,
            citation=rules.citation,
        )
