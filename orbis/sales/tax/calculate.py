"""The tax on a sale: which country's rates apply, on what, and what the invoice must say.

The rules, in order:

1. A configured tax service (`ORBIS_TAX_SERVICE`) answers for buyers in its countries (US by
   default); see `overrides`.
2. Buyer outside the seller's tax area (DE seller, US buyer; GB seller, FR buyer): a
   zero-rated export line citing the seller's export rule (Art. 146 Directive 2006/112/EC in
   the EU). No tax of the buyer's country is computed.
3. Buyer in the seller's own country: domestic tax at the buyer's rates (in Canada and the US,
   those of the buyer's province or state), business or consumer alike.
4. EU seller, buyer in another member state:
   - a business with a VAT number valid for its own country: reverse charge, no tax line, and
     the note the invoice must print (Art. 196 and 226(11a) Directive 2006/112/EC);
   - anyone else: the destination country's rate (One-Stop Shop, Art. 33 and 58 as amended by
     the 2021 e-commerce package).
   A VAT number that is given but invalid is refused (ValidationError on `buyer_vat_number`),
   never ignored.

Simplifications, each a place where real law asks more:

- The EU reverse charge is worded for services (Art. 196) and also used for goods, where the
  law's mechanism is an exempt intra-Community supply (Art. 138) with the buyer's acquisition
  VAT (Art. 200); the buyer accounts for the VAT either way, but the invoice wording differs.
- B2C inside the EU always takes the destination rate: the EUR 10 000 threshold under which a
  small seller may charge its own rate (Art. 59c) is not applied. A business buyer without a
  VAT number is taxed as a consumer, and the note says so.
- A VAT number is checked for format and check digit only (stdnum, offline): no VIES call.
- The reverse charge needs `buyer_is_business`; a valid VAT number alone does not imply it.
- Only the seller's side is computed: a seller registered abroad (non-Union OSS, IOSS, Canada's
  or Australia's non-resident regimes, US economic nexus) is not modelled, nor import VAT.
- Place of supply is the buyer's country (and province or state), not the place of
  performance of land, transport or event services (Art. 47-57).
- Special territories are not separate (Canary Islands, Åland, Madeira and Azores rates,
  Northern Ireland's XI numbers, Büsingen, Monaco, Isle of Man).
- Canada: the buyer's province decides; the zero-rated and exempt categories use the federal
  GST entries for every province (HST and QST follow the same schedules).
- India: one GST line at the full rate; the CGST + SGST split of intra-state supplies and the
  IGST of inter-state ones are not shown separately.
- US: the shipped table holds state-level base rates only; county, city and district rates
  add to them, so a site sets its real rates (`ORBIS_SALES_TAX_RATES`) or a tax service.
- Brazil: one configurable flat rate approximates ICMS, ISS, PIS and COFINS (see its pack).
- Each line is rounded half-even to the currency's minor units (Money); some countries round
  per invoice total or half-up, which can differ by one minor unit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money

from .overrides import apply_rate_overrides, tax_service
from .rules import (
    CATEGORIES,
    EXEMPT,
    STANDARD,
    ZERO,
    CountryRules,
    Subdivision,
    TaxPack,
    TaxRate,
    country_rules,
    pack_for,
    shipped_rates,
    subdivision_of,
)
from .vat_numbers import eu_vat_number, other_tax_number

HUNDRED = Decimal(100)

REVERSE_CHARGE_NOTE = (
    "Reverse charge: VAT to be accounted for by the recipient, Article 196 Directive 2006/112/EC"
)
OSS_CITATION = (
    "Place of supply to a non-taxable person in the member state of destination: Art. 33 "
    "(distance sales of goods) and Art. 58 (services) Directive 2006/112/EC, as amended by the "
    "2021 e-commerce package (Directives (EU) 2017/2455 and 2019/1995), declared through the "
    "One-Stop Shop (Art. 369a-369k)"
)


@dataclass(frozen=True)
class TaxLine:
    """One tax on an invoice: its code, rate (percent), the base it is on and the amount."""

    code: str
    name: str
    rate: Decimal
    base: Money
    amount: Money
    citation: str


@dataclass(frozen=True)
class TaxResult:
    """The taxes of a sale. `total` is the tax (the sum of the lines), not the gross."""

    net: Money
    lines: tuple[TaxLine, ...]
    total: Money
    reverse_charge: bool
    note: str  # the wording the invoice must print (reverse charge, export, exemption)
    buyer_vat_number: str  # compacted, once validated
    pack: str
    pack_version: str

    @property
    def gross(self) -> Money:
        return self.net + self.total


def rates_for(country: str, on: datetime.date, subdivision: str = "") -> list[TaxRate]:
    """Every rate in force in `country` on `on`, with the site's overrides applied.

    With a subdivision (a Canadian province, a US state): the country's rates and the
    subdivision's together, as a sale there is taxed; without one, the country-level rates only.
    """
    rules = country_rules(country)
    sub = subdivision_of(rules, subdivision, "subdivision") if subdivision.strip() else None
    return _rates_in_force(rules, sub, on)


def _rates_in_force(
    rules: CountryRules, subdivision: Subdivision | None, on: datetime.date
) -> list[TaxRate]:
    return apply_rate_overrides(shipped_rates(rules, subdivision, on), rules, subdivision, on)


def _category(category: str) -> str:
    normalised = category.strip().lower()
    if normalised not in CATEGORIES:
        raise ValidationError(
            {"tax_category": f"Unknown tax category {category!r}; one of {', '.join(CATEGORIES)}."}
        )
    return normalised


def _line(rate: TaxRate, net: Money) -> TaxLine:
    name = rate.name if rate.category == STANDARD else f"{rate.name} ({rate.category})"
    amount = Money(net.amount * rate.rate / HUNDRED, net.currency)
    return TaxLine(rate.code, name, rate.rate, net, amount, rate.citation)


def _result(
    net: Money,
    lines: list[TaxLine],
    pack: TaxPack,
    *,
    note: str = "",
    reverse_charge: bool = False,
    buyer_vat_number: str = "",
) -> TaxResult:
    total = Money.zero(net.currency)
    for line in lines:
        total += line.amount
    return TaxResult(
        net=net,
        lines=tuple(lines),
        total=total,
        reverse_charge=reverse_charge,
        note=note,
        buyer_vat_number=buyer_vat_number,
        pack=pack.code,
        pack_version=pack.version,
    )


def _taxed_lines(
    rules: CountryRules,
    subdivision: Subdivision | None,
    category: str,
    on: datetime.date,
    net: Money,
) -> tuple[list[TaxLine], str]:
    """The lines of a sale taxed in `rules`' country, and the note it needs (exemption, or an
    approximate rate)."""
    where = f"{rules.country}-{subdivision.code}" if subdivision else rules.country
    in_force = _rates_in_force(rules, subdivision, on)
    if not in_force:
        raise ValidationError({"on": f"No tax rates of {where} are known for {on.isoformat()}."})
    chosen = [r for r in in_force if r.category == category]
    if not chosen:
        available = ", ".join(sorted({r.category for r in in_force}))
        raise ValidationError(
            {
                "tax_category": f"{where} has no {category!r} rate on {on.isoformat()}; "
                f"its categories are: {available}."
            }
        )
    notes = []
    if category in (ZERO, EXEMPT):
        wording = "Zero-rated" if category == ZERO else "Exempt"
        notes.append(f"{wording}: " + "; ".join(r.citation for r in chosen))
    if rules.approximate:
        notes.append(rules.approximate)
    return [_line(r, net) for r in chosen], " ".join(notes)


def _buyer_number(number: str, buyer: str) -> str:
    """The compacted, validated number; "" when none is given."""
    if not number.strip():
        return ""
    try:
        rules = country_rules(buyer)
    except ValidationError:
        return other_tax_number(number, buyer)
    if rules.vat_prefix:
        return eu_vat_number(number, buyer, rules.vat_prefix)
    return other_tax_number(number, buyer)


def tax_for(
    *,
    seller_country: str,
    buyer_country: str,
    net: Money,
    on: datetime.date,
    category: str = STANDARD,
    buyer_subdivision: str = "",
    buyer_vat_number: str = "",
    buyer_is_business: bool = False,
) -> TaxResult:
    """The taxes on `net` sold by a seller in `seller_country` to a buyer, on the day `on`."""
    seller = seller_country.strip().upper()
    buyer = buyer_country.strip().upper()
    service = tax_service(buyer)
    if service is not None:
        answer = service(
            seller_country=seller,
            buyer_country=buyer,
            net=net,
            on=on,
            category=category,
            buyer_subdivision=buyer_subdivision,
            buyer_vat_number=buyer_vat_number,
            buyer_is_business=buyer_is_business,
        )
        if not isinstance(answer, TaxResult):
            raise ImproperlyConfigured(
                f"ORBIS_TAX_SERVICE returned {type(answer).__name__}, not a TaxResult."
            )
        return answer

    category = _category(category)
    pack = pack_for(seller, "seller_country")
    if not buyer or len(buyer) != 2:
        raise ValidationError({"buyer_country": f"Not an ISO 3166 country code: {buyer!r}."})
    number = _buyer_number(buyer_vat_number, buyer)

    if buyer not in pack.countries:
        seller_rules = pack.countries[seller]
        zero = Money.zero(net.currency)
        name = f"{seller_rules.tax_name} (export)"
        line = TaxLine(seller_rules.tax, name, Decimal(0), net, zero, pack.export_citation)
        note = f"Export outside {pack.area}, zero-rated: {pack.export_citation}"
        return _result(net, [line], pack, note=note, buyer_vat_number=number)

    buyer_rules = pack.countries[buyer]
    subdivision = subdivision_of(buyer_rules, buyer_subdivision, "buyer_subdivision")

    if buyer != seller and pack.cross_border == "eu":
        if buyer_is_business and number:
            return _result(
                net,
                [],
                pack,
                note=REVERSE_CHARGE_NOTE,
                reverse_charge=True,
                buyer_vat_number=number,
            )
        lines, note = _taxed_lines(buyer_rules, subdivision, category, on, net)
        oss = f"Destination VAT of {buyer}: {OSS_CITATION}."
        if buyer_is_business:
            oss += " No buyer VAT number was given, so the sale is taxed as to a consumer."
        return _result(net, lines, pack, note=f"{oss} {note}".strip(), buyer_vat_number=number)

    # Domestic, or inside an area without cross-border rules of its own.
    lines, note = _taxed_lines(buyer_rules, subdivision, category, on, net)
    return _result(net, lines, pack, note=note, buyer_vat_number=number)
