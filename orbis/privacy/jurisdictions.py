"""Jurisdiction rule packs: which law applies to a contact, and what it says.

The rules are data, not code: one TOML file per pack in `orbis/privacy/rules/`, each with a
`version` and a citation for every rule, read once with tomllib. A contact falls under the pack
of its country, or of its country and state (California) taken from its primary (first)
address; a country without a pack falls under the strict `default` pack.

A person may be under several regimes at once (a Californian is under the CCPA and the federal
CAN-SPAM Act and TCPA). A pack says so with `includes = ["us_canspam"]`: its own rules win, and
the included pack fills in every rule it leaves out (the CCPA says nothing about email
marketing, so CAN-SPAM's opt-out applies; sale and sharing are the CCPA's own opt-out). Every
rule keeps the code of the pack that stated it, so a decision cites the right law.
"""

from __future__ import annotations

import calendar
import gettext
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pycountry
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

RULES_DIR = Path(__file__).resolve().parent / "rules"

CHANNELS = ("email", "sms", "phone", "post")
PURPOSES = ("marketing", "profiling", "sale_sharing", "transfer")
# A consent that covers every channel of a purpose (sale and sharing has no channel).
ANY_CHANNEL = "any"

OPT_IN = "opt_in"
OPT_OUT = "opt_out"
SOFT_OPT_IN = "soft_opt_in"
NOT_REQUIRED = "not_required"
MODELS = (OPT_IN, OPT_OUT, SOFT_OPT_IN, NOT_REQUIRED)

UNITS = ("hours", "days", "business_days", "months", "years")

# What the privacy officer reads for each code of the rule packs, in their language. The TOML
# files keep the codes (and an English name for logs); every page shows these labels.
MODEL_LABELS = {
    OPT_IN: _("Opt-in: prior consent needed"),
    OPT_OUT: _("Opt-out: allowed until the person objects"),
    SOFT_OPT_IN: _("Soft opt-in: existing customers until they object"),
    NOT_REQUIRED: _("No consent needed"),
}
PACK_NAMES = {
    "br_lgpd": _("Brazil: LGPD"),
    "ca_casl": _("Canada: CASL and PIPEDA"),
    "cn_pipl": _("China: PIPL"),
    "default": _("Strict default (no rule pack for the country)"),
    "eu_gdpr": _("EU/EEA: GDPR and ePrivacy Directive"),
    "in_dpdp": _("India: DPDP Act"),
    "jp_appi": _("Japan: APPI"),
    "sg_pdpa": _("Singapore: PDPA"),
    "uk_gdpr": _("United Kingdom: UK GDPR and PECR"),
    "us_ca_ccpa": _("California: CCPA/CPRA (with CAN-SPAM and TCPA)"),
    "us_canspam": _("United States: CAN-SPAM and TCPA"),
}
# The transfer mechanisms the packs name (what their law accepts for data leaving it).
TRANSFER_MECHANISM_LABELS = {
    "adequacy": _("Adequacy decision"),
    "bcr": _("Binding corporate rules"),
    "certification": _("Certification"),
    "consent": _("Consent"),
    "contract": _("Contract with the recipient"),
    "derogation": _("Derogation for a specific situation"),
    "equivalent_country": _("Country with equivalent protection"),
    "equivalent_measures": _("Recipient with equivalent measures"),
    "idta": _("International data transfer agreement (IDTA)"),
    "not_restricted": _("Not restricted"),
    "scc": _("Standard contractual clauses"),
    "security_assessment": _("Security assessment by the authority"),
    "specific_consent": _("Specific and highlighted consent"),
    "standard_contract": _("Standard contract filed with the authority"),
}
IMPLIED_LABELS = {"purchase": _("after a purchase"), "inquiry": _("after an inquiry")}


def model_label(model: str) -> str:
    return str(MODEL_LABELS.get(model, model))


def pack_name(code: str) -> str:
    """The name of the pack with this code in the viewer's language (the code if unknown)."""
    if code in PACK_NAMES:
        return str(PACK_NAMES[code])
    return code


def transfer_mechanism_label(code: str) -> str:
    return str(TRANSFER_MECHANISM_LABELS.get(code, code))


def implied_label(basis: str) -> str:
    return str(IMPLIED_LABELS.get(basis, basis))


def period_label(period: Period) -> str:
    """ "72 hours", "3 business days", "1 month" in the viewer's language."""
    n = period.amount
    texts = {
        "hours": ngettext("%(n)s hour", "%(n)s hours", n),
        "days": ngettext("%(n)s day", "%(n)s days", n),
        "business_days": ngettext("%(n)s business day", "%(n)s business days", n),
        "months": ngettext("%(n)s month", "%(n)s months", n),
        "years": ngettext("%(n)s year", "%(n)s years", n),
    }
    return texts[period.unit] % {"n": n}


def subdivision_name(country: str, subdivision: str, language: str) -> str:
    """A state or province ("US", "CA") named in `language` from pycountry's ISO 3166-2 data
    and its translations; the code when pycountry does not know it."""
    found = pycountry.subdivisions.get(code=f"{country}-{subdivision}")
    if found is None:
        return subdivision
    try:
        names = gettext.translation(
            "iso3166-2", pycountry.LOCALES_DIR, languages=[language.replace("-", "_")]
        )
    except OSError:
        return str(found.name)
    return names.gettext(found.name)


@dataclass(frozen=True)
class Period:
    """A legal time limit: an amount of hours, calendar or business days, months or years."""

    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class ConsentRule:
    """How one purpose on one channel may be used: the consent model and the law that says so."""

    purpose: str
    channel: str
    model: str
    citation: str
    pack: str  # code of the pack that states the rule (an included pack's code when inherited)


@dataclass(frozen=True)
class ImpliedConsent:
    """How long an implied consent lasts after the event that implies it (CASL s. 10(10))."""

    basis: str  # "purchase" or "inquiry"
    period: Period
    citation: str


@dataclass(frozen=True)
class TransferRules:
    """What must be true before personal data under this pack leaves the country."""

    mechanisms: tuple[str, ...]
    adequate: tuple[str, ...]  # destinations with an adequacy finding (ISO 3166 alpha-2)
    conditional: dict[str, str]  # destination -> the condition its adequacy carries
    separate_consent: bool
    assessment: bool
    citation: str

    def is_adequate(self, destination: str) -> bool:
        return destination.upper() in self.adequate


@dataclass(frozen=True)
class RulePack:
    """The rules of one jurisdiction, as read from its versioned TOML file."""

    code: str
    name: str
    version: str
    countries: tuple[str, ...]
    subdivisions: tuple[str, ...]
    includes: tuple[str, ...]
    calendar: str
    time_zone: str
    dsr_period: Period
    dsr_extension: Period
    dsr_citation: str
    breach_period: Period | None
    breach_citation: str
    transfer: TransferRules
    implied: dict[str, ImpliedConsent] = field(default_factory=dict)
    opt_out_signals: tuple[str, ...] = ()  # "gpc": Sec-GPC is an opt-out of sale and sharing
    rules: dict[tuple[str, str], ConsentRule] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.name} ({self.code} {self.version})"

    @property
    def display_name(self) -> str:
        """The pack's name in the viewer's language (`name` is the file's English one)."""
        return str(PACK_NAMES.get(self.code, self.name))

    @property
    def honours_gpc(self) -> bool:
        return "gpc" in self.opt_out_signals

    @property
    def label(self) -> str:
        """Code and version, as the consent ledger stores them."""
        return f"{self.code}@{self.version}"

    def dsr_due(self, received_at: datetime) -> datetime:
        """When a data-subject request received at `received_at` must be answered."""
        return self._add(received_at, self.dsr_period)

    def dsr_extended_due(self, received_at: datetime) -> datetime:
        """The latest answer date when the law's extension is used (the base period if none).

        Counted from receipt as one period (one month + two months = three months), so a
        short month inside the first period does not shorten the extension."""
        base, extension = self.dsr_period, self.dsr_extension
        if extension.unit == base.unit:
            return self._add(received_at, Period(base.amount + extension.amount, base.unit))
        return self._add(self.dsr_due(received_at), extension)

    def breach_due(self, detected_at: datetime) -> datetime | None:
        """When the authority must have the breach notification; None when the law sets no
        fixed period ("without unreasonable delay", "as soon as feasible", "immediately")."""
        if self.breach_period is None:
            return None
        return self._add(detected_at, self.breach_period)

    def consent_rule(self, purpose: str, channel: str) -> ConsentRule:
        """The rule for `purpose` on `channel`; KeyError for a purpose or channel not known."""
        if purpose not in PURPOSES:
            raise KeyError(f"unknown purpose {purpose!r}")
        if channel not in CHANNELS and channel != ANY_CHANNEL:
            raise KeyError(f"unknown channel {channel!r}")
        rule = self.rules.get((purpose, channel)) or self.rules.get((purpose, ANY_CHANNEL))
        if rule is None:  # a pack file incomplete after includes; load() refuses that
            raise KeyError(f"{self.code} has no rule for {purpose}/{channel}")
        return rule

    def consent_model(self, purpose: str, channel: str) -> str:
        return self.consent_rule(purpose, channel).model

    def implied_expiry(self, basis: str, since: datetime) -> datetime | None:
        """When implied consent from a purchase or inquiry at `since` ends; None if the pack
        does not recognise implied consent of that kind."""
        implied = self.implied.get(basis)
        return None if implied is None else self._add(since, implied.period)

    def _add(self, start: datetime, period: Period) -> datetime:
        if start.tzinfo is None:
            raise ValueError("deadlines need an aware datetime")
        if period.amount == 0:
            return start
        # Days, months and business days are counted on the jurisdiction's own calendar, so
        # a deadline keeps its local time of day across a daylight-saving change.
        zone = ZoneInfo(self.time_zone)
        local = start.astimezone(zone)
        if period.unit == "hours":
            return start + timedelta(hours=period.amount)
        if period.unit == "days":
            result = local + timedelta(days=period.amount)
        elif period.unit == "months":
            result = _add_months(local, period.amount)
        elif period.unit == "years":
            result = _add_months(local, 12 * period.amount)
        elif period.unit == "business_days":
            result = datetime.combine(
                _add_business_days(local.date(), period.amount, self.calendar),
                local.timetz().replace(tzinfo=None),
            )
        else:  # pragma: no cover - load() validates units
            raise ValueError(period.unit)
        naive = result.replace(tzinfo=None)
        return naive.replace(tzinfo=zone).astimezone(start.tzinfo)


def _add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or that month's last day when it is shorter (31 Jan + 1
    month = 28/29 Feb), as Regulation 1182/71 Art. 3(2)(c) counts periods in months."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@cache
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def _is_business_day(day: date, country: str) -> bool:
    if not country:
        return day.weekday() < 5
    calendar_ = _holidays(country, day.year)
    weekend = getattr(calendar_, "weekend", {5, 6})
    return day.weekday() not in weekend and day not in calendar_


def _add_business_days(start: date, amount: int, country: str) -> date:
    """The `amount`-th business day after `start` (the day of receipt itself never counts)."""
    day = start
    counted = 0
    while counted < amount:
        day += timedelta(days=1)
        if _is_business_day(day, country):
            counted += 1
    return day


def _period(data: dict[str, Any], where: str) -> Period:
    amount, unit = data.get("amount"), data.get("unit")
    if not isinstance(amount, int) or amount < 0 or unit not in UNITS:
        raise ValueError(f"{where}: a period needs an amount >= 0 and a unit in {UNITS}")
    return Period(amount, str(unit))


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _build(code: str, raw: dict[str, dict[str, Any]]) -> RulePack:
    data = raw[code]
    where = f"rules/{code}.toml"
    # Included packs fill what this pack leaves out, recursively, keeping their own codes.
    rules: dict[tuple[str, str], ConsentRule] = {}
    implied: dict[str, ImpliedConsent] = {}
    for included in data.get("includes", []):
        if included not in raw or included == code:
            raise ValueError(f"{where}: includes unknown pack {included!r}")
        base = _build(included, raw)
        rules.update(base.rules)
        implied.update(base.implied)
    for purpose, by_channel in data.get("consent", {}).items():
        if purpose not in PURPOSES:
            raise ValueError(f"{where}: unknown purpose {purpose!r}")
        for channel, rule in by_channel.items():
            if channel not in CHANNELS and channel != ANY_CHANNEL:
                raise ValueError(f"{where}: unknown channel {channel!r}")
            if rule.get("model") not in MODELS or not rule.get("citation"):
                raise ValueError(f"{where}: {purpose}.{channel} needs a model and a citation")
            if channel == ANY_CHANNEL:  # a purpose-wide rule replaces inherited channel rules
                for key in [k for k in rules if k[0] == purpose]:
                    del rules[key]
            rules[(purpose, channel)] = ConsentRule(
                purpose, channel, rule["model"], rule["citation"], code
            )
    for basis, spec in data.get("implied_consent", {}).items():
        implied[basis] = ImpliedConsent(
            basis, _period(spec, f"{where} implied_consent.{basis}"), spec["citation"]
        )
    for purpose in PURPOSES:
        for channel in CHANNELS:
            if (purpose, channel) not in rules and (purpose, ANY_CHANNEL) not in rules:
                raise ValueError(f"{where}: no rule for {purpose} by {channel}")
    dsr, breach, transfer = data["dsr"], data["breach"], data["transfer"]
    for section, cited in (("dsr", dsr), ("breach", breach), ("transfer", transfer)):
        if not cited.get("citation"):
            raise ValueError(f"{where}: [{section}] needs a citation")
    return RulePack(
        code=code,
        name=data["name"],
        version=str(data["version"]),
        countries=tuple(data.get("countries", [])),
        subdivisions=tuple(data.get("subdivisions", [])),
        includes=tuple(data.get("includes", [])),
        calendar=data.get("calendar", ""),
        time_zone=data.get("time_zone", "UTC"),
        dsr_period=_period(dsr["period"], f"{where} dsr.period"),
        dsr_extension=_period(dsr["extension"], f"{where} dsr.extension"),
        dsr_citation=dsr["citation"],
        breach_period=_period(breach["period"], f"{where} breach.period")
        if "period" in breach
        else None,
        breach_citation=breach["citation"],
        transfer=TransferRules(
            mechanisms=tuple(transfer.get("mechanisms", [])),
            adequate=tuple(transfer.get("adequate", [])),
            conditional=dict(transfer.get("conditional", {})),
            separate_consent=bool(transfer.get("separate_consent", False)),
            assessment=bool(transfer.get("assessment", False)),
            citation=transfer["citation"],
        ),
        implied=implied,
        opt_out_signals=tuple(data.get("opt_out_signals", [])),
        rules=rules,
    )


@cache
def _packs() -> dict[str, RulePack]:
    raw = {path.stem: _read(path) for path in sorted(RULES_DIR.glob("*.toml"))}
    for stem, data in raw.items():
        if data.get("code") != stem:
            raise ValueError(f"rules/{stem}.toml: code must be {stem!r}")
    return {code: _build(code, raw) for code in raw}


def all_packs() -> list[RulePack]:
    """Every pack, the strict default last."""
    packs = _packs()
    return [p for c, p in sorted(packs.items()) if c != "default"] + [packs["default"]]


def get_pack(code: str) -> RulePack:
    """The pack with this code; KeyError if there is none."""
    return _packs()[code]


def for_country(country: str, subdivision: str = "") -> RulePack:
    """The pack of a country (ISO 3166-1 alpha-2) and optional subdivision (ISO 3166-2 suffix,
    "CA" for California); a subdivision pack wins over its country's pack."""
    country = (country or "").strip().upper()
    subdivision = (subdivision or "").strip().upper().removeprefix(f"{country}-")
    fallback = None
    for pack in _packs().values():
        if country not in pack.countries:
            continue
        if pack.subdivisions:
            if subdivision in pack.subdivisions:
                return pack
        else:
            fallback = pack
    return fallback or _packs()["default"]


def contact_subdivision(contact: Any) -> str:
    """The state or province of the contact's primary (first) address in its own country."""
    addresses = getattr(contact, "addresses", None) or []
    if not isinstance(addresses, list) or not addresses or not isinstance(addresses[0], dict):
        return ""
    primary = addresses[0]
    if (primary.get("country") or contact.country or "").upper() != (contact.country or "").upper():
        return ""
    return str(primary.get("country_area") or "")


def for_contact(contact: Any) -> RulePack:
    """The pack a contact falls under: its country, and its state for the US and Canada."""
    return for_country(contact.country, contact_subdivision(contact))
