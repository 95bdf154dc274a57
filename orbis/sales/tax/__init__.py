"""Sales tax, VAT and GST on quotes and invoices: pure, dated and cited rule data, no database.

See `calculate` for the rules and every simplification, `rules` for the packs' format.
"""

from .calculate import REVERSE_CHARGE_NOTE, TaxLine, TaxResult, rates_for, tax_for
from .inclusive import gross_to_net
from .labels import InvoiceLabels, invoice_labels
from .rules import CATEGORIES, TaxRate

__all__ = [
    "CATEGORIES",
    "REVERSE_CHARGE_NOTE",
    "InvoiceLabels",
    "TaxLine",
    "TaxRate",
    "TaxResult",
    "gross_to_net",
    "invoice_labels",
    "rates_for",
    "tax_for",
]
