"""The demo's privacy office: policies for every region pair, consents with evidence that the
ledger answers from, requests in the queue (one overdue), a breach notified in time."""

from __future__ import annotations

from typing import Any

from orbis.localisation.models import Region
from orbis.privacy import decisions
from orbis.privacy.governance.models import Breach, ResidencyPolicy, RetentionPolicy
from orbis.privacy.models import ConsentState
from orbis.privacy.requests.models import DataSubjectRequest


def test_every_pair_of_regions_has_a_residency_policy(small_demo: Any) -> None:
    regions = Region.objects.count()
    assert ResidencyPolicy.objects.count() == regions * (regions - 1)
    assert not ResidencyPolicy.objects.filter(allowed=True, mechanism="").exists()


def test_retention_policies_are_in_place(small_demo: Any) -> None:
    assert set(RetentionPolicy.objects.values_list("record_type", flat=True)) == {
        "inactive_lead",
        "archived_contact",
    }


def test_consents_answer_can_contact(small_demo: Any) -> None:
    states = ConsentState.objects.select_related("contact")
    assert {s.status for s in states} >= {"granted", "withdrawn"}
    for state in states:
        decision = decisions.can_contact(state.contact, "email", "marketing")
        if state.status == "withdrawn":
            assert not decision.allowed
        if state.status == "pending":
            assert not decision.allowed and "pending" in decision.reason


def test_requests_and_a_breach_are_on_record(small_demo: Any) -> None:
    requests = {r.kind: r for r in DataSubjectRequest.objects.select_related("contact")}
    assert set(requests) == {"access", "erasure", "restriction"}
    assert (requests["access"].contact.country, requests["access"].jurisdiction) == (
        "DE",
        "eu_gdpr",
    )
    # LGPD answers in 15 days; the Brazilian restriction came in 25 days ago.
    assert [kind for kind, r in requests.items() if r.is_overdue()] == ["restriction"]
    breach = Breach.objects.get()
    assert breach.notifications.count() == 1
