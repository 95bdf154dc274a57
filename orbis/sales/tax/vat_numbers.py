"""Buyer tax numbers checked offline with python-stdnum, so an invalid one is never silently
charged or reverse-charged.

The check is format and check digit only: it cannot tell whether the number is registered
(that needs VIES or the national register, a call this pure module does not make).
"""

from __future__ import annotations

from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from orbis.kernel.errors import ValidationError

FIELD = "buyer_vat_number"


def eu_vat_number(number: str, country: str, prefix: str) -> str:
    """The compacted EU VAT number ("FR40303265045") of a buyer in `country`.

    A number without its prefix gets the buyer country's ("EL" for Greece); a number of another
    member state is refused, since the reverse charge rests on the buyer's own registration.
    """
    cleaned = "".join(c for c in number if c.isalnum()).upper()
    if cleaned[:1].isdigit():
        cleaned = prefix + cleaned
    try:
        compact = eu_vat.compact(cleaned)
    except StdnumError:
        compact = cleaned  # not even the shape of a VAT number: refused below
    if compact[:2] != prefix:
        raise ValidationError(
            {
                FIELD: f"{number!r} is not a VAT number of {country}: "
                f"{country} VAT numbers start with {prefix}."
            }
        )
    if not eu_vat.is_valid(compact):
        raise ValidationError(
            {FIELD: f"{number!r} is not a valid {country} VAT number (format or check digit)."}
        )
    return compact


def other_tax_number(number: str, country: str) -> str:
    """A non-EU buyer's tax number, compacted and checked where stdnum knows the country's
    format (GB VAT, CH UID, AU ABN, IN GSTIN...); stripped and kept as given elsewhere, since it
    only goes on the invoice and changes no tax."""
    module = get_cc_module(country.lower(), "vat")
    if module is None:
        return "".join(number.split()).upper()
    compact = str(module.compact(number))
    if country == "JP":
        # The qualified-invoice registration number is "T" + the 13-digit corporate number.
        core = compact.removeprefix("T")
        if not module.is_valid(core):
            raise ValidationError({FIELD: f"{number!r} is not a valid {country} tax number."})
        return "T" + core
    if not module.is_valid(compact):
        raise ValidationError({FIELD: f"{number!r} is not a valid {country} tax number."})
    return compact
