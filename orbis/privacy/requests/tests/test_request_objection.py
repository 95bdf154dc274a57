"""An objection withdraws marketing and profiling consent through the consent ledger."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.privacy import consent
from orbis.privacy.requests import services

pytestmark = pytest.mark.django_db


def test_objection_withdraws_marketing_and_profiling(
    dpo: Any, german: Any, open_request: Any
) -> None:
    consent.record_consent(
        dpo,
        german,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=consent.Evidence(wording="Send me news", wording_version="1"),
    )
    assert consent.can_contact(german, "email", "marketing").allowed
    request = open_request(dpo, german, "objection")

    services.complete_request(dpo, request)

    decision = consent.can_contact(german, "email", "marketing")
    assert not decision.allowed
    assert not consent.can_contact(german, "email", "profiling").allowed
    request.refresh_from_db()
    assert request.status == "completed"
