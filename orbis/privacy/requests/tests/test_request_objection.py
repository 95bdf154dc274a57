"""An objection withdraws marketing and profiling consent through the consent ledger."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.privacy import decisions
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.requests import services

pytestmark = pytest.mark.django_db


def test_objection_withdraws_marketing_and_profiling(
    dpo: Any, german: Any, open_request: Any
) -> None:
    consent_services.record_consent(
        german,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=Evidence(wording="Send me news", wording_version="1"),
        actor=dpo,
    )
    assert decisions.can_contact(german, "email", "marketing").allowed
    request = open_request(dpo, german, "objection")

    services.complete_request(request, actor=dpo)

    decision = decisions.can_contact(german, "email", "marketing")
    assert not decision.allowed
    assert not decisions.can_contact(german, "email", "profiling").allowed
    request.refresh_from_db()
    assert request.status == "completed"


def test_an_officer_who_only_handles_requests_can_complete_an_objection(
    dpo: Any, eu_privacy: Any, german: Any, open_request: Any
) -> None:
    """The person withdraws through their request: the ledger's own permission is not needed."""
    request = open_request(dpo, german, "objection")

    services.complete_request(request, actor=eu_privacy)

    decision = decisions.can_contact(german, "email", "marketing")
    assert not decision.allowed
    assert "withdrew" in decision.reason


def test_restriction_stops_every_use_while_it_lasts(
    dpo: Any, german: Any, open_request: Any
) -> None:
    consent_services.record_consent(
        german,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=Evidence(wording="Send me news", wording_version="1"),
        actor=dpo,
    )
    services.complete_request(open_request(dpo, german, "restriction"), actor=dpo)

    decision = decisions.can_contact(german, "email", "marketing")
    assert not decision.allowed
    assert decision.rule.startswith("GDPR Art. 18")

    services.lift_restriction(german, actor=dpo)
    assert decisions.can_contact(german, "email", "marketing").allowed
