"""Tax rule packs: the rates each country's law sets, as dated and cited data.

One TOML file per pack in `orbis/sales/tax/rules/`, each with a `version` and a citation for
every rate, read once with tomllib (floats as Decimal, so 9.975 stays 9.975). A pack covers one
tax area: the EU pack holds the 27 member states (sales between them follow the EU's
cross-border rules); every other pack is one country. Values a pack states at its top level
(`tax`, `tax_name`, `[invoice]`, `rates`) are defaults its countries may override; a pack-level
rate fills in a category a country does not list itself (the EU's exemptions).

A rate is in force from `valid_from` to `valid_to` (inclusive, open when missing), so a
change of law is a new entry, and a date before the change still finds the old rate.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from orbis.kernel.errors import ValidationError

RULES_DIR = Path(__file__).resolve().parent / "rules"

STANDARD = "standard"
REDUCED = "reduced"
# A second reduced rate (Art. 98 Directive 2006/112/EC allows two), e.g. FR 10 % beside 5.5 %.
SECOND_REDUCED = "second_reduced"
SUPER_REDUCED = "super_reduced"  # below 5 %, Art. 98(2) and 110 Directive 2006/112/EC
ZERO = "zero"
EXEMPT = "exempt"
# India's GST slabs beside its 18 % standard and 5 % reduced rate (the 2025 reform ended 12 %).
GST_12 = "gst_12"
GST_28 = "gst_28"
GST_40 = "gst_40"
CATEGORIES = (
    STANDARD,
    REDUCED,
    SECOND_REDUCED,
    SUPER_REDUCED,
    ZERO,
    EXEMPT,
    GST_12,
    GST_28,
    GST_40,
)

# How a quote or invoice must name the tax registration of each party.
BUYER_TAX_ID_RULES = ("never", "b2b", "cross_border_b2b")


@dataclass(frozen=True)
class TaxRate:
    """One rate of one tax in one place, in force for a span of days, with the law that sets it."""

    country: str
    subdivision: str  # "" for a rate of the whole country
    code: str  # the tax line's code: "VAT", "GST", "HST", "QST", "PST", "SALES_TAX"...
    name: str
    category: str
    rate: Decimal  # percent
    valid_from: datetime.date
    valid_to: datetime.date | None
    citation: str

    def in_force(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class InvoiceRules:
    """What a quote or invoice in the country must call things and which tax IDs it must show.

    The label fields are keys of `labels.LABELS`, whose English msgids the catalogs translate.
    """

    net: str
    tax: str
    gross: str
    tax_id: str
    seller_tax_id: bool
    buyer_tax_id: str  # one of BUYER_TAX_ID_RULES
    tax_id_format: str  # e.g. "T + 13 digits" (Japan); "" when the law prescribes none
    citation: str


@dataclass(frozen=True)
class Subdivision:
    """A province or state: its own rates, and the country-level taxes they take the place of."""

    code: str
    rates: tuple[TaxRate, ...]
    replaces: tuple[str, ...] = ()  # e.g. Ontario's HST replaces the federal GST line


@dataclass(frozen=True)
class CountryRules:
    country: str
    tax: str  # the code of its main tax line ("VAT", "GST", "SALES_TAX")
    tax_name: str
    rates: tuple[TaxRate, ...]
    invoice: InvoiceRules
    vat_prefix: str = ""  # the VAT number's prefix when it differs from ISO 3166 (Greece: EL)
    subdivisions: dict[str, Subdivision] = field(default_factory=dict)
    subdivision_required: bool = False
    # The shipped figure approximates a tax system this module does not model (Brazil).
    approximate: str = ""


@dataclass(frozen=True)
class TaxPack:
    """The rules of one tax area, as read from its versioned TOML file."""

    code: str
    name: str
    version: str
    area: str
    cross_border: str  # "eu": reverse charge and OSS between its countries; "" otherwise
    export_citation: str
    countries: dict[str, CountryRules]


def _date(value: Any, where: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise ValueError(f"{where}: expected a TOML date (YYYY-MM-DD), got {value!r}.")


def _rates(
    entries: list[dict[str, Any]],
    *,
    country: str,
    subdivision: str,
    tax: str,
    tax_name: str,
    where: str,
) -> tuple[TaxRate, ...]:
    rates = []
    for i, entry in enumerate(entries):
        at = f"{where}[{i}]"
        citation = str(entry.get("citation", "")).strip()
        if not citation:
            raise ValueError(f"{at}: every rate needs a citation.")
        category = entry.get("category", STANDARD)
        if category not in CATEGORIES:
            raise ValueError(f"{at}: unknown category {category!r}.")
        valid_to = entry.get("valid_to")
        rates.append(
            TaxRate(
                country=country,
                subdivision=subdivision,
                code=entry.get("code", tax),
                name=entry.get("name", entry.get("code", tax_name)),
                category=category,
                rate=Decimal(str(entry["rate"])),
                valid_from=_date(entry.get("valid_from"), f"{at}.valid_from"),
                valid_to=None if valid_to is None else _date(valid_to, f"{at}.valid_to"),
                citation=citation,
            )
        )
    _refuse_overlaps(rates, where)
    return tuple(rates)


def _refuse_overlaps(rates: list[TaxRate], where: str) -> None:
    # Two entries of one tax and category in force on the same day would make the answer
    # depend on file order.
    for i, a in enumerate(rates):
        for b in rates[i + 1 :]:
            if (a.code, a.category) != (b.code, b.category):
                continue
            a_end = a.valid_to or datetime.date.max
            b_end = b.valid_to or datetime.date.max
            if a.valid_from <= b_end and b.valid_from <= a_end:
                raise ValueError(f"{where}: {a.code} {a.category} has overlapping validity.")


def _invoice(data: dict[str, Any], where: str) -> InvoiceRules:
    try:
        rules = InvoiceRules(
            net=data["net"],
            tax=data["tax"],
            gross=data["gross"],
            tax_id=data["tax_id"],
            seller_tax_id=bool(data["seller_tax_id"]),
            buyer_tax_id=data["buyer_tax_id"],
            tax_id_format=data.get("tax_id_format", ""),
            citation=data["citation"],
        )
    except KeyError as missing:
        raise ValueError(f"{where}.invoice: missing {missing}.") from None
    if rules.buyer_tax_id not in BUYER_TAX_ID_RULES:
        raise ValueError(f"{where}.invoice: unknown buyer_tax_id {rules.buyer_tax_id!r}.")
    return rules


def _country(code: str, data: dict[str, Any], pack: dict[str, Any], where: str) -> CountryRules:
    tax = data.get("tax", pack.get("tax", "VAT"))
    tax_name = data.get("tax_name", pack.get("tax_name", tax))
    own = _rates(
        data.get("rates", []),
        country=code,
        subdivision="",
        tax=tax,
        tax_name=tax_name,
        where=f"{where}.rates",
    )
    shared = _rates(
        pack.get("rates", []),
        country=code,
        subdivision="",
        tax=tax,
        tax_name=tax_name,
        where=f"{pack['code']}.rates",
    )
    categories = {r.category for r in own}
    rates = own + tuple(r for r in shared if r.category not in categories)
    subdivisions = {}
    for sub_code, sub in data.get("subdivisions", {}).items():
        subdivisions[sub_code] = Subdivision(
            code=sub_code,
            rates=_rates(
                sub.get("rates", []),
                country=code,
                subdivision=sub_code,
                tax=tax,
                tax_name=tax_name,
                where=f"{where}.subdivisions.{sub_code}",
            ),
            replaces=tuple(sub.get("replaces", ())),
        )
    invoice = {**pack.get("invoice", {}), **data.get("invoice", {})}
    return CountryRules(
        country=code,
        tax=tax,
        tax_name=tax_name,
        rates=rates,
        invoice=_invoice(invoice, where),
        vat_prefix=data.get("vat_prefix", code if pack.get("cross_border") == "eu" else ""),
        subdivisions=subdivisions,
        subdivision_required=bool(data.get("subdivision_required", False)),
        approximate=data.get("approximate", ""),
    )


def parse_pack(data: dict[str, Any]) -> TaxPack:
    """A pack from the parsed TOML of one file; ValueError names what is missing or wrong."""
    for key in ("code", "name", "version", "export_citation", "countries"):
        if not data.get(key):
            raise ValueError(f"Tax pack {data.get('code', '?')}: missing {key!r}.")
    code = data["code"]
    countries = {
        country: _country(country, body, data, f"{code}.countries.{country}")
        for country, body in data["countries"].items()
    }
    area = data.get("area") or (next(iter(countries)) if len(countries) == 1 else "")
    if not area:
        raise ValueError(f"Tax pack {code}: several countries need an 'area'.")
    return TaxPack(
        code=code,
        name=data["name"],
        version=str(data["version"]),
        area=area,
        cross_border=data.get("cross_border", ""),
        export_citation=data["export_citation"],
        countries=countries,
    )


def read_pack(path: Path) -> TaxPack:
    with path.open("rb") as f:
        return parse_pack(tomllib.load(f, parse_float=Decimal))


@cache
def packs() -> dict[str, TaxPack]:
    """Every shipped pack by code, read once."""
    loaded = [read_pack(path) for path in sorted(RULES_DIR.glob("*.toml"))]
    return {pack.code: pack for pack in loaded}


@cache
def _by_country() -> dict[str, TaxPack]:
    found: dict[str, TaxPack] = {}
    for pack in packs().values():
        for country in pack.countries:
            if country in found:
                raise ValueError(f"{country} is in both {found[country].code} and {pack.code}.")
            found[country] = pack
    return found


def pack_for(country: str, error_field: str = "country") -> TaxPack:
    """The pack of `country` (ISO 3166 alpha-2); ValidationError on `error_field` if none ships."""
    pack = _by_country().get(country.strip().upper())
    if pack is None:
        raise ValidationError({error_field: f"No tax rules for country {country!r}."})
    return pack


def country_rules(country: str, error_field: str = "country") -> CountryRules:
    return pack_for(country, error_field).countries[country.strip().upper()]


def normalise_subdivision(country: str, subdivision: str) -> str:
    """ "CA-ON", "on" and "ON" are all "ON"."""
    code = subdivision.strip().upper()
    prefix = f"{country.strip().upper()}-"
    return code.removeprefix(prefix)


def subdivision_of(rules: CountryRules, subdivision: str, error_field: str) -> Subdivision | None:
    """The buyer's province or state when the country taxes by them; ValidationError on
    `error_field` when it is needed and missing or unknown. Other countries ignore it."""
    if not rules.subdivisions:
        return None
    code = normalise_subdivision(rules.country, subdivision)
    if not code:
        if rules.subdivision_required:
            raise ValidationError(
                {error_field: f"{rules.country} taxes by province or state: give its code."}
            )
        return None
    if code not in rules.subdivisions:
        known = ", ".join(sorted(rules.subdivisions))
        raise ValidationError(
            {
                error_field: f"Unknown subdivision {subdivision!r} of {rules.country}; "
                f"known: {known}."
            }
        )
    return rules.subdivisions[code]


def shipped_rates(
    rules: CountryRules, subdivision: Subdivision | None, on: datetime.date
) -> list[TaxRate]:
    """The rates in force on `on`, every category: the subdivision's own, and the country's
    except those of a tax the subdivision replaces (in a category the subdivision sets)."""
    local = [r for r in subdivision.rates if r.in_force(on)] if subdivision else []
    local_categories = {r.category for r in local}
    replaced = set(subdivision.replaces) if subdivision else set()
    national = [
        r
        for r in rules.rates
        if r.in_force(on) and not (r.code in replaced and r.category in local_categories)
    ]
    return national + local


def with_rate(rate: TaxRate, percent: Decimal, citation: str) -> TaxRate:
    return replace(rate, rate=percent, citation=citation)
