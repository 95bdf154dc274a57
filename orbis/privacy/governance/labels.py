"""Governance codes as the privacy officer reads them: classes of personal data, field names,
purposes, read channels, markets and regions, in the viewer's language.

The CSV and JSON records of processing keep the codes (a machine reads them); pages use these.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from orbis.kernel.registry import registry
from orbis.localisation.countries import country_name
from orbis.localisation.models import Market, Region

from . import reports, residency
from .models import LawfulBasis, Mechanism, RetentionPolicy

# How privacy classifies personal data (customers.record_fields.Personal), and breach forms ask.
PERSONAL_DATA_CLASSES = (
    ("identifying", gettext_lazy("Identifying")),
    ("contact", gettext_lazy("Contact")),
    ("sensitive", gettext_lazy("Sensitive")),
)
# Channels of the audited reads (registry.personal_data_read), as the transfer log shows them.
READ_CHANNEL_LABELS = {
    "page": gettext_lazy("Record page"),
    "list": gettext_lazy("List"),
    "search": gettext_lazy("Search"),
    "api": gettext_lazy("API, one record"),
    "api_list": gettext_lazy("API, list"),
    "export": gettext_lazy("Export"),
    "retention_preview": gettext_lazy("Retention preview"),
}


def _language() -> str:
    return (translation.get_language() or "en").replace("-", "_")


def personal_class_label(code: str) -> str:
    return str(dict(PERSONAL_DATA_CLASSES).get(code, code))


def field_label(path: str) -> str:
    """ "customers.contact.family_name" -> the field's verbose name ("Nachname" in German)."""
    try:
        app_label, model_name, name = path.split(".")
        field = apps.get_model(app_label, model_name)._meta.get_field(name)
    except (ValueError, LookupError, FieldDoesNotExist):
        return path
    return str(capfirst(getattr(field, "verbose_name", name)))


def purpose_label(purpose: str) -> str:
    """What an app calls a purpose it declares (its handler's purpose_labels)."""
    for handler in registry.personal_data_handlers.values():
        if purpose in handler.purpose_labels:
            return str(handler.purpose_labels[purpose])
    return purpose


def read_channel_label(channel: str) -> str:
    return str(READ_CHANNEL_LABELS.get(channel, channel))


def mechanism_label(code: str) -> str:
    return str(Mechanism(code).label) if code in Mechanism.values else code


def market_label(country: str) -> str:
    """A retention policy's market: the country's name, or all markets when it has none."""
    return country_name(country, _language()) if country else _("All markets")


def market_choices(keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The organisation's markets as (ISO code, name in the viewer's language), by name; codes
    in `keep` stay choosable (a breach recorded before its market was closed)."""
    codes = set(Market.objects.values_list("country", flat=True)) | set(keep)
    language = _language()
    named = [(code, country_name(code, language)) for code in codes]
    return sorted(named, key=lambda item: item[1].casefold())


def region_names() -> dict[str, str]:
    """Region code -> name, for logs that store region codes."""
    return dict(Region.objects.values_list("code", "name"))


def lawful_basis_label(code: str) -> str:
    return str(LawfulBasis(code).label) if code in LawfulBasis.values else code


def retention_line(policy: RetentionPolicy) -> str:
    months = ngettext("%(n)s month", "%(n)s months", policy.months) % {"n": policy.months}
    return _("%(records)s, %(market)s: %(months)s — %(action)s") % {
        "records": policy.get_record_type_display(),
        "market": market_label(policy.country),
        "months": months,
        "action": policy.get_action_display(),
    }


def transfer_line(policy: Any) -> str:
    text = _("Data held in %(data)s, read from %(users)s: %(mechanism)s") % {
        "data": policy.data_region.name,
        "users": policy.user_region.name,
        "mechanism": policy.get_mechanism_display(),
    }
    return f"{text} ({policy.reference})" if policy.reference else text


def shown_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of processing (reports.records_of_processing) with words for their codes:
    purposes, lawful bases, classes and fields of personal data, transfers, retention."""
    transfers = [transfer_line(p) for p in reports.allowed_transfers()]
    retention = [retention_line(p) for p in reports.enabled_retention()]
    measures = [_(text) for text in reports.SECURITY_MEASURES]
    shown = []
    for entry in records:
        extra = entry["security_measures"][len(reports.SECURITY_MEASURES) :]
        shown.append(
            {
                **entry,
                "purpose_label": purpose_label(entry["purpose"]),
                "lawful_basis": lawful_basis_label(entry["lawful_basis"]),
                "data_categories": [
                    (personal_class_label(kind), sorted(map(field_label, fields), key=str.casefold))
                    for kind, fields in entry["data_categories"].items()
                ],
                "transfers": transfers,
                "retention": retention,
                "security_measures": [*measures, *extra],
            }
        )
    return shown


def record_type_label(target_type: str) -> str:
    """ "customers.contact" -> the model's verbose name ("Kontakt"); as stored if unknown."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(capfirst(model._meta.verbose_name))


def refusal_reason_label(reason: str) -> str:
    """An access guard's refusal as the audit kept it, in words: the residency guard's own
    reason is translated; another guard's is shown as it wrote it."""
    if reason.startswith(residency.NO_POLICY_REASON):
        return _("No residency policy lets the user's region reach data held here.")
    return reason


def retention_action_label(code: str) -> str:
    actions = RetentionPolicy.Action
    return str(actions(code).label) if code in actions.values else code
