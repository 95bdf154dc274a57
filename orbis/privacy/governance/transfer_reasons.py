"""Why a residency policy allows or refuses access across regions, in words.

The data region's markets decide which laws govern the data leaving it (their rule packs'
transfer rules). A law that wants a separate consent and an assessment for every transfer
(PIPL, and the strict default for a country without a pack) keeps a pair refused until the
officer records where those are documented (ensure_default_policies, set_policy's reference).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from orbis.localisation.countries import country_name
from orbis.localisation.models import Market
from orbis.privacy import jurisdictions

from .models import ResidencyPolicy


@dataclass(frozen=True)
class Law:
    """A law that governs data held in a region: its name, its countries, its transfer rule."""

    name: str
    countries: str
    mechanisms: str
    citation: str
    strict: bool  # separate consent and an assessment for every transfer


@dataclass(frozen=True)
class PolicyReason:
    """The sentence that says why a policy allows or refuses, and the laws behind it."""

    allowed: bool
    text: str
    laws: tuple[Law, ...]


def _laws_by_region() -> dict[object, list[Law]]:
    language = (translation.get_language() or "en").replace("-", "_")
    countries_by_pack: dict[object, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for region_id, country in Market.objects.values_list("region_id", "country"):
        pack = jurisdictions.for_country(country)
        countries_by_pack[region_id][pack.code].append(country_name(country, language))
    laws: dict[object, list[Law]] = {}
    for region, packs in countries_by_pack.items():
        laws[region] = []
        for code, names in sorted(packs.items()):
            pack = jurisdictions.get_pack(code)
            rules = pack.transfer
            laws[region].append(
                Law(
                    name=pack.display_name,
                    countries=", ".join(sorted(names, key=str.casefold)),
                    mechanisms=", ".join(
                        jurisdictions.transfer_mechanism_label(m) for m in rules.mechanisms
                    ),
                    citation=rules.citation,
                    strict=rules.separate_consent and rules.assessment,
                )
            )
    return laws


def _explain(policy: ResidencyPolicy, laws: list[Law]) -> PolicyReason:
    strict = [law for law in laws if law.strict]
    names = {
        "data": policy.data_region.name,
        "users": policy.user_region.name,
        "mechanism": policy.get_mechanism_display(),
        "reference": policy.reference,
    }
    if policy.allowed and policy.mechanism:
        if policy.reference:
            text = _(
                "Allowed on %(mechanism)s, as the laws below permit; documented in: %(reference)s."
            )
        else:
            text = _("Allowed on %(mechanism)s, as the laws below permit.")
        return PolicyReason(True, text % names, tuple(laws))
    if not policy.mechanism:
        text = _("Refused: no legal mechanism is recorded for users in %(users)s.")
        return PolicyReason(False, text % names, tuple(laws))
    if strict and not policy.reference:
        forbidding = "; ".join(f"{law.name} ({law.countries})" for law in strict)
        text = _(
            "Refused until documented: data held in %(data)s falls under %(laws)s, which "
            "lets personal data leave only with a separate consent and a transfer "
            "assessment. %(mechanism)s alone is not enough: record where these are "
            "documented (Reference) and allow the policy."
        )
        return PolicyReason(False, text % {**names, "laws": forbidding}, tuple(strict))
    text = _(
        "Refused: this policy does not let users in %(users)s reach data held in %(data)s "
        "on %(mechanism)s; allow it once the mechanism is in place."
    )
    return PolicyReason(False, text % names, tuple(laws))


def explain(policies: Iterable[ResidencyPolicy]) -> dict[object, PolicyReason]:
    """Policy pk -> why it allows or refuses (policies with their regions selected)."""
    laws = _laws_by_region()
    return {policy.pk: _explain(policy, laws.get(policy.data_region_id, [])) for policy in policies}
