"""Contacts in each jurisdiction, made through the customers services."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.privacy.evidence import Evidence

CALIFORNIA = {
    "country": "US",
    "country_area": "CA",
    "city": "Mountain View",
    "postal_code": "94043",
    "street_address": "1600 Amphitheatre Pkwy",
}

# pack code -> what the contact needs to fall under it
PACK_CONTACTS: dict[str, dict[str, Any]] = {
    "eu_gdpr": {"country": "DE", "language": "de"},
    "uk_gdpr": {"country": "GB"},
    "us_ca_ccpa": {"country": "US", "addresses": [CALIFORNIA]},
    "us_canspam": {"country": "US"},
    "ca_casl": {"country": "CA"},
    "br_lgpd": {"country": "BR", "language": "pt-BR"},
    "cn_pipl": {"country": "CN", "language": "zh"},
    "jp_appi": {"country": "JP", "language": "ja"},
    "sg_pdpa": {"country": "SG", "region": "apac"},
    "in_dpdp": {"country": "IN", "region": "apac"},
    "default": {"country": "ZA", "region": "emea"},
}

WORDING = Evidence(
    wording="Yes, send me news about products.",
    wording_version="v3",
    ip_address="192.0.2.10",
    user_agent="pytest-browser/1.0",
)


@pytest.fixture
def contact_in(admin: Any, make_contact: Any) -> Any:
    def make(pack: str, **extra: Any) -> Any:
        return make_contact(admin, **{**PACK_CONTACTS[pack], **extra})

    return make
