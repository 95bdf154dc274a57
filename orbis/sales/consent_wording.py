"""What a web-to-lead form must say about marketing email in the visitor's jurisdiction.

The privacy rule packs decide: where the law wants prior consent (GDPR/ePrivacy, CASL, LGPD,
PIPL, APPI...) the form shows an unticked box with the wording that is recorded as evidence;
where it allows opt-out marketing (CAN-SPAM) it shows a notice and a box to opt out. The
wording's version names the pack and its version, so the ledger says which text was shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from orbis.privacy import jurisdictions


@dataclass(frozen=True)
class MarketingQuestion:
    """The marketing-email question of one jurisdiction: ask for consent, or offer opt-out."""

    asks_consent: bool
    wording: str
    version: str
    citation: str
    pack_name: str


def marketing_question(country: str, company: str, subdivision: str = "") -> MarketingQuestion:
    pack = jurisdictions.for_country(country, subdivision)
    rule = pack.consent_rule("marketing", "email")
    version = f"{pack.code}-{pack.version}-web-lead-1"
    if rule.model == jurisdictions.OPT_OUT or rule.model == jurisdictions.NOT_REQUIRED:
        wording = _(
            "%(company)s may send you news and offers by email. Every email has a link to "
            "unsubscribe. Tick the box if you do not want them."
        ) % {"company": company}
        return MarketingQuestion(False, wording, version, rule.citation, pack.display_name)
    wording = _(
        "I agree that %(company)s may send me news and offers by email. I can withdraw this "
        "consent at any time through the link in every email."
    ) % {"company": company}
    return MarketingQuestion(True, wording, version, rule.citation, pack.display_name)
