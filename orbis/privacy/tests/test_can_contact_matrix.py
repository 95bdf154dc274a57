"""can_contact as a matrix: every jurisdiction x every marketing channel x consent state.

The expected answers are written out here, independently of the TOML files, with a piece of
the legal citation each decision must carry.
"""

from __future__ import annotations

from typing import Any

import pytest

from orbis.privacy import decisions
from orbis.privacy import services as consent_services
from orbis.privacy.jurisdictions import for_contact

from .conftest import PACK_CONTACTS, WORDING

IN, OUT, SOFT = "opt_in", "opt_out", "soft_opt_in"
# pack -> channel -> (model, a fragment of the citation the decision must name)
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "eu_gdpr": {"email": (SOFT, "ePrivacy Directive Art. 13(1)"), "sms": (SOFT, "Art. 13(1)-(2)"),
                "phone": (IN, "Art. 13(3)"), "post": (OUT, "Art. 21(2)")},
    "uk_gdpr": {"email": (SOFT, "PECR reg. 22(2)"), "sms": (SOFT, "PECR reg. 22"),
                "phone": (OUT, "PECR reg. 21"), "post": (OUT, "Art. 21(2)")},
    "us_ca_ccpa": {"email": (OUT, "15 U.S.C. 7704"), "sms": (IN, "47 U.S.C. 227"),
                   "phone": (IN, "47 U.S.C. 227"), "post": (OUT, "postal")},
    "us_canspam": {"email": (OUT, "15 U.S.C. 7704"), "sms": (IN, "47 U.S.C. 227"),
                   "phone": (IN, "47 U.S.C. 227"), "post": (OUT, "postal")},
    "ca_casl": {"email": (IN, "CASL s. 6(1)(a)"), "sms": (IN, "CASL s. 6(1)(a)"),
                "phone": (OUT, "Do Not Call"), "post": (OUT, "PIPEDA")},
    "br_lgpd": {"email": (IN, "LGPD Art. 7"), "sms": (IN, "LGPD Art. 7"),
                "phone": (IN, "LGPD Art. 7"), "post": (OUT, "Art. 18")},
    "cn_pipl": {"email": (IN, "PIPL Art. 13"), "sms": (IN, "Advertising Law Art. 43"),
                "phone": (IN, "PIPL Art. 13"), "post": (IN, "PIPL Art. 13")},
    "jp_appi": {"email": (IN, "Specified Electronic Mail Art. 3"),
                "sms": (IN, "Specified Electronic Mail Art. 3"),
                "phone": (OUT, "APPI Art. 17"), "post": (OUT, "APPI Art. 17")},
    "sg_pdpa": {"email": (IN, "PDPA s. 13"), "sms": (IN, "PDPA s. 43"),
                "phone": (IN, "PDPA s. 43"), "post": (OUT, "PDPA s. 15")},
    "in_dpdp": {"email": (IN, "DPDP Act s. 6(1)"), "sms": (IN, "TRAI"),
                "phone": (IN, "TRAI"), "post": (IN, "DPDP Act s. 6(1)")},
    "default": {"email": (IN, "strict default"), "sms": (IN, "strict default"),
                "phone": (IN, "strict default"), "post": (IN, "strict default")},
}  # fmt: skip

STATES = ("none", "customer", "granted", "withdrawn", "customer_withdrawn", "pending")
# model -> state -> allowed
ALLOWED = {
    IN: {"none": False, "customer": False, "granted": True, "withdrawn": False,
        "customer_withdrawn": False, "pending": False},
    OUT: {"none": True, "customer": True, "granted": True, "withdrawn": False,
        "customer_withdrawn": False, "pending": True},
    SOFT: {"none": False, "customer": True, "granted": True, "withdrawn": False,
        "customer_withdrawn": False, "pending": False},
}  # fmt: skip

CASES = [(pack, channel) for pack, channels in EXPECTED.items() for channel in channels]


def _put_in_state(dpo: Any, contact: Any, channel: str, state: str) -> None:
    if state in ("granted", "pending"):
        consent_services.record_consent(
            contact,
            purpose="marketing",
            channel=channel,
            status=state,
            lawful_basis="consent",
            source="api",
            evidence=WORDING,
            actor=dpo,
        )
    elif state in ("withdrawn", "customer_withdrawn"):
        consent_services.withdraw_consent(
            contact, purpose="marketing", channel=channel, source="preference_page", actor=dpo
        )


def _check(contact: Any, pack: str, channel: str, state: str) -> None:
    model, cited = EXPECTED[pack][channel]
    decision = decisions.can_contact(contact, channel, "marketing")
    assert decision.model == model
    assert decision.allowed is ALLOWED[model][state], (state, decision.reason)
    assert cited in decision.rule
    assert decision.pack.startswith(pack + "@")


@pytest.mark.parametrize(("pack", "channel"), CASES)
def test_marketing_matrix(pack: str, channel: str, dpo: Any, admin: Any, make_contact: Any) -> None:
    """Each consent state in turn: a lead with nothing recorded, then pending, granted and
    withdrawn; an existing customer with nothing recorded, then withdrawn."""
    lead = make_contact(admin, lifecycle_stage="lead", **PACK_CONTACTS[pack])
    customer = make_contact(admin, lifecycle_stage="customer", **PACK_CONTACTS[pack])
    assert for_contact(lead).code == pack
    _check(lead, pack, channel, "none")
    for state in ("pending", "granted", "withdrawn"):
        _put_in_state(dpo, lead, channel, state)
        _check(lead, pack, channel, state)
    _check(customer, pack, channel, "customer")
    _put_in_state(dpo, customer, channel, "customer_withdrawn")
    _check(customer, pack, channel, "customer_withdrawn")


# Sale and sharing of personal data, with no decision recorded: only the US packs treat it as
# an opt-out right; everywhere else it needs consent first.
SALE = {
    "us_ca_ccpa": (True, "1798.120"),
    "us_canspam": (True, "59.1-577"),
    "eu_gdpr": (False, "GDPR Art. 6(1)(a)"),
    "uk_gdpr": (False, "UK GDPR Art. 6(1)(a)"),
    "ca_casl": (False, "PIPEDA s. 6.1"),
    "br_lgpd": (False, "LGPD Art. 7, s. 5"),
    "cn_pipl": (False, "PIPL Art. 23"),
    "jp_appi": (False, "APPI Art. 27(1)"),
    "sg_pdpa": (False, "PDPA s. 13"),
    "in_dpdp": (False, "DPDP Act s. 6(1)"),
    "default": (False, "strict default"),
}


@pytest.mark.parametrize("pack", SALE)
def test_sale_sharing_without_decision(pack: str, contact_in: Any) -> None:
    contact = contact_in(pack)
    allowed, cited = SALE[pack]
    decision = decisions.can_contact(contact, "email", "sale_sharing")
    assert decision.allowed is allowed
    assert cited in decision.rule


@pytest.mark.parametrize(
    ("pack", "allowed", "cited"),
    [
        ("cn_pipl", False, "PIPL Art. 39"),
        ("jp_appi", False, "APPI Art. 28(1)"),
        ("default", False, "strict default"),
        ("eu_gdpr", True, "Art. 44-49"),
        ("us_canspam", True, "No US law"),
    ],
)
def test_transfer_abroad_needs_separate_consent_where_the_law_says(
    pack: str, allowed: bool, cited: str, contact_in: Any
) -> None:
    decision = decisions.can_contact(contact_in(pack), "email", "transfer")
    assert decision.allowed is allowed
    assert cited in decision.rule
