"""Company VAT and tax numbers, validated and formatted per country with python-stdnum.

Which number types a country has comes from python-stdnum itself: its `vat` alias per country
(`stdnum.<cc>.vat`, e.g. stdnum.br.vat is the CNPJ, stdnum.jp.vat the Corporate Number), its
`businessid` alias, and every module in `stdnum.<cc>` whose own description (the first line of
its docstring) says it numbers companies or taxpayers and not persons, accounts or receipts.
VAT numbers of EU member states go through `stdnum.eu.vat`, which keeps the country prefix
(DE136695976) as VIES expects it. Values are stored in the module's compact form and shown in
its `format()` where it has one.
"""

from __future__ import annotations

import pkgutil
import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum import vatin
from stdnum.eu import vat as eu_vat
from stdnum.util import get_cc_module, get_module_name

from orbis.kernel.errors import ValidationError

from .countries import country_name

# Words in a module's description that mark it as a number of a company or a taxpayer...
_BUSINESS_WORDS = (
    "business",
    "company",
    "companies",
    "corporate",
    "enterprise",
    "employer",
    "organisation",
    "organization",
    "legal entit",
    "jurídica",
    "trade regist",
    "taxpayer",
    "contribuyente",
    "fiscal",
    "tax",
    "vat",
    "unified social credit",
)
# ...and words that mark a number of a person, an account or a thing even when "tax" is there.
_OTHER_WORDS = (
    "personal",
    "individual",
    "person ",
    "resident",
    "citizen",
    "birth",
    "social security",
    "social insurance",
    "identity",
    "adoption",
    "preparer",
    "excise",
    "bank account",
    "postal",
    "securit",
    "pupil",
    "patient",
    "health",
    "meter",
    "real estate",
    "foreigner",
    "payment",
    "invoice",
    "receipt",
    "routing",
    "one stop",
    "activity",
)
MAX_LENGTH = 40
# A python-stdnum number module (compact, validate, maybe format); stdnum types them loosely.
NumberModule = Any


@dataclass(frozen=True)
class IdentifierType:
    """One kind of number python-stdnum knows, e.g. the German Steuernummer."""

    module: str  # "de.stnr"
    abbreviation: str  # "St.-Nr."
    description: str  # "German tax number"
    name: str  # stdnum's whole name: "St.-Nr. (Steuernummer, German tax number)"

    @property
    def country(self) -> str:
        return self.module.split(".")[0].rstrip("_").upper()

    @property
    def label(self) -> str:
        """'St.-Nr. (German tax number)', 'EIN (U.S. Employer Identification Number)'."""
        if self.description and self.description != self.abbreviation:
            return f"{self.abbreviation} ({self.description})"
        return self.abbreviation


@dataclass(frozen=True)
class Identifier:
    """A valid number: its compact form (stored), its formatted form (shown) and its type."""

    compact: str
    formatted: str
    type: IdentifierType | None  # None: the country has no python-stdnum module to check it
    valid: bool = True  # False only for a stored value that no longer passes its check


def identifier_type(module: NumberModule) -> IdentifierType:
    name = get_module_name(module)
    abbreviation, _sep, rest = name.partition(" (")
    # "(法人番号, hōjin bangō, Japanese Corporate Number)": the English description comes last.
    description = rest.rstrip(")").split(", ")[-1] if rest else ""
    return IdentifierType(
        module=module.__name__.removeprefix("stdnum."),
        abbreviation=abbreviation.strip(),
        description=description.strip(),
        name=name,
    )


def _package(country: str) -> str:
    code = country.lower()
    return f"stdnum.{code}_" if code in {"in", "is", "if"} else f"stdnum.{code}"


def _is_business_number(module: NumberModule) -> bool:
    description = get_module_name(module).lower()
    return any(w in description for w in _BUSINESS_WORDS) and not any(
        w in description for w in _OTHER_WORDS
    )


@cache
def tax_id_modules(country: str) -> tuple[NumberModule, ...]:
    """The country's company and tax number modules, most specific first, stdnum's aliases last."""
    code = (country or "").lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        return ()
    try:
        package = import_module(_package(code))
    except ImportError:
        return ()
    found: list[NumberModule] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "validate") and _is_business_number(module):
            found.append(module)
    for alias in ("businessid", "vat"):
        aliased = get_cc_module(code, alias)
        if aliased is not None and aliased not in found:
            found.append(aliased)
    return tuple(found)


@cache
def vat_module(country: str) -> NumberModule | None:
    """The module that checks the country's VAT (or GST) number; EU members: stdnum.eu.vat."""
    code = (country or "").lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        return None
    if code in eu_vat.MEMBER_STATES:
        return eu_vat
    return get_cc_module(code, "vat")


def _vat_prefix(country: str) -> str:
    """The prefix an EU VAT number carries: the country code, but EL for Greece."""
    return "EL" if country.upper() == "GR" else country.upper()


def _country(code: str) -> str:
    language = (translation.get_language() or "en").replace("-", "_")
    return country_name(code, language)


def _formatted(module: NumberModule, compact: str) -> str:
    format_number = getattr(module, "format", None)
    try:
        return str(format_number(compact)) if format_number else compact
    except stdnum_errors.ValidationError:
        return compact


def _problem(exc: stdnum_errors.ValidationError) -> str:
    """stdnum's own reason, e.g. 'The number's checksum or check digit is invalid.'"""
    return str(getattr(exc, "message", "") or exc)


def _clean_text(value: str, field: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > MAX_LENGTH:
        raise ValidationError({field: _("At most %(count)d characters.") % {"count": MAX_LENGTH}})
    return text


def _vat_country(number: str) -> str | None:
    """The country a prefixed VAT number belongs to (EL -> GR, XI -> GB), if stdnum knows it."""
    try:
        vatin.validate(number)
    except (stdnum_errors.ValidationError, ValueError):
        return None
    prefix = number.strip()[:2].upper()
    return {"EL": "GR", "XI": "GB"}.get(prefix, prefix)


def check_vat_number(value: str, country: str, field: str = "vat_number") -> Identifier | None:
    """The VAT number of a company in `country`, checked and compacted; None when empty.

    A number written without its prefix is read as the company's country's. A valid number of
    another country is refused with a message that says which country it belongs to.
    """
    text = _clean_text(value, field)
    if not text:
        return None
    country = (country or "").upper()
    module = vat_module(country)
    if module is None:
        foreign = _vat_country(text)
        if foreign and foreign != country:
            raise ValidationError({field: _wrong_country(text, foreign, country)})
        return Identifier(text.upper(), text.upper(), None)
    attempts = [text]
    if module is eu_vat and not text.upper().startswith(_vat_prefix(country)):
        attempts.append(_vat_prefix(country) + text)
    failure: stdnum_errors.ValidationError | None = None
    for attempt in attempts:
        try:
            compact = module.validate(attempt)
        except stdnum_errors.ValidationError as exc:
            failure = exc  # the last attempt, with the prefix added, says what is wrong
            continue
        owner = _vat_country(compact) if module is eu_vat else country
        if owner and owner != country:
            raise ValidationError({field: _wrong_country(text, owner, country)})
        if module is eu_vat:  # the member state's own module names and formats the number
            national = get_cc_module(country.lower(), "vat")
            prefix, rest = compact[:2], compact[2:]
            shown = (
                f"{prefix} {_formatted(national, rest)}" if hasattr(national, "format") else compact
            )
            return Identifier(compact, shown, identifier_type(national))
        return Identifier(compact, _formatted(module, compact), identifier_type(module))
    foreign = _vat_country(text)
    if foreign and foreign != country:
        raise ValidationError({field: _wrong_country(text, foreign, country)})
    kind = identifier_type(module if module is not eu_vat else get_cc_module(country, "vat"))
    raise ValidationError(
        {
            field: _("%(value)s is not a valid %(kind)s of %(country)s: %(reason)s")
            % {
                "value": text,
                "kind": kind.label,
                "country": _country(country),
                "reason": _problem(failure) if failure else "",
            }
        }
    )


def _wrong_country(text: str, owner: str, country: str) -> str:
    return _("%(value)s is a VAT number of %(owner)s, but the company is in %(country)s.") % {
        "value": text,
        "owner": _country(owner),
        "country": _country(country),
    }


def check_tax_id(value: str, country: str, field: str = "tax_id") -> Identifier | None:
    """The national tax or company number of a company in `country`; None when empty.

    The first of the country's number types (see `tax_id_modules`) that accepts the value wins
    and names the type. A country python-stdnum has no module for keeps the number as written.
    """
    text = _clean_text(value, field)
    if not text:
        return None
    modules = tax_id_modules(country)
    if not modules:
        return Identifier(text, text, None)
    reasons: list[str] = []
    for module in modules:
        try:
            compact = module.validate(text)
        except stdnum_errors.ValidationError as exc:
            reasons.append(f"{identifier_type(module).abbreviation}: {_problem(exc)}")
            continue
        return Identifier(compact, _formatted(module, compact), identifier_type(module))
    kinds = ", ".join(identifier_type(m).label for m in modules)
    raise ValidationError(
        {
            field: _(
                "%(value)s is not a valid tax or company number of %(country)s "
                "(%(kinds)s). %(reasons)s"
            )
            % {
                "value": text,
                "country": _country(country),
                "kinds": kinds,
                "reasons": " ".join(reasons),
            }
        }
    )


def describe_vat_number(compact: str, country: str) -> Identifier | None:
    """A stored VAT number as shown: formatted, with its type; as stored if it no longer checks."""
    if not compact:
        return None
    try:
        return check_vat_number(compact, country)
    except ValidationError:
        return Identifier(compact, compact, None, valid=False)


def describe_tax_id(compact: str, country: str) -> Identifier | None:
    """A stored tax id as shown: formatted, with the type that matched."""
    if not compact:
        return None
    try:
        return check_tax_id(compact, country)
    except ValidationError:
        return Identifier(compact, compact, None, valid=False)
