"""The consent ledger: append-only, lawful basis required, implied-consent expiry, GPC,
archived contacts, decisions at a past time, audit and the personal-data handler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orbis.audit.models import AuditEvent
from orbis.customers import services as customer_services
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.registry import registry
from orbis.privacy import decisions, gpc
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.models import AppendOnlyError, ConsentEvent, ConsentState

from .conftest import WORDING


def grant(actor: Any, contact: Any, **kwargs: Any) -> ConsentEvent:
    values = {
        "purpose": "marketing",
        "channel": "email",
        "lawful_basis": "consent",
        "source": "api",
        "evidence": WORDING,
        **kwargs,
    }
    return consent_services.record_consent(contact, **values, actor=actor)


def test_events_are_append_only(dpo: Any, contact_in: Any) -> None:
    event = grant(dpo, contact_in("eu_gdpr"))
    event.wording = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ConsentEvent.objects.filter(pk=event.pk).update(status="withdrawn")
    with pytest.raises(AppendOnlyError):
        ConsentEvent.objects.filter(pk=event.pk).delete()
    stored = ConsentEvent.objects.get(pk=event.pk)
    assert (stored.wording, stored.status) == (WORDING.wording, "granted")


def test_event_keeps_evidence_and_rule_pack(dpo: Any, contact_in: Any) -> None:
    event = grant(dpo, contact_in("eu_gdpr"))
    stored = ConsentEvent.objects.get(pk=event.pk)
    assert stored.wording_version == "v3"
    assert stored.ip_address == "192.0.2.10"
    assert stored.user_agent == "pytest-browser/1.0"
    assert (stored.rule_pack, stored.rule_pack_version) == ("eu_gdpr", "2025.1")
    assert stored.recorded_by == dpo
    audit = AuditEvent.objects.filter(action="privacy.consent_recorded").latest("seq")
    assert audit.target_id == str(event.pk)
    assert audit.changes["lawful_basis"] == "consent"
    assert "192.0.2.10" not in str(audit.changes)  # no personal data in the audit trail


def test_consent_without_lawful_basis_is_refused(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    with pytest.raises(ValidationError) as caught:
        grant(dpo, contact, lawful_basis="")
    assert "lawful_basis" in caught.value.errors
    assert "lawful basis" in caught.value.errors["lawful_basis"][0]
    assert not ConsentEvent.objects.filter(contact=contact).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("channel", "pigeon"),
        ("purpose", "astrology"),
        ("status", "maybe"),
        ("source", "rumour"),
        ("lawful_basis", "because"),
    ],
)
def test_bad_input_names_the_field(dpo: Any, contact_in: Any, field: str, value: str) -> None:
    contact = contact_in("uk_gdpr")
    with pytest.raises(ValidationError) as caught:
        grant(dpo, contact, **{field: value})
    assert field in caught.value.errors
    assert not ConsentEvent.objects.filter(contact=contact).exists()


def test_can_contact_refuses_unknown_channel_and_purpose(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    with pytest.raises(ValidationError) as caught:
        decisions.can_contact(contact, "pigeon", "marketing")
    assert "channel" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        decisions.can_contact(contact, "email", "astrology")
    assert "purpose" in caught.value.errors


def test_wording_is_required_for_consent(dpo: Any, contact_in: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        grant(dpo, contact_in("eu_gdpr"), evidence=Evidence())
    assert "evidence.wording" in caught.value.errors


def test_legitimate_interest_is_not_enough_for_email_under_gdpr(dpo: Any, contact_in: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        grant(dpo, contact_in("eu_gdpr"), lawful_basis="legitimate_interest")
    assert "Art. 13" in caught.value.errors["lawful_basis"][0]
    # ...but is for post, an opt-out channel.
    event = grant(dpo, contact_in("eu_gdpr"), channel="post", lawful_basis="legitimate_interest")
    assert event.status == "granted"


def test_implied_consent_is_refused_outside_casl(dpo: Any, contact_in: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        grant(dpo, contact_in("eu_gdpr"), lawful_basis="implied_purchase")
    assert "implied" in caught.value.errors["lawful_basis"][0]


def test_a_user_needs_manage_consent(eu_rep: Any, contact_in: Any) -> None:
    with pytest.raises(PermissionDenied):
        grant(eu_rep, contact_in("eu_gdpr"))


@pytest.mark.parametrize(
    ("basis", "occurred", "expires", "cited"),
    [
        (
            "implied_purchase",
            datetime(2024, 3, 1, 12, tzinfo=UTC),
            datetime(2026, 3, 1, 12, tzinfo=UTC),
            "s. 10(10)",
        ),
        (
            "implied_inquiry",
            datetime(2024, 3, 1, 12, tzinfo=UTC),
            datetime(2024, 9, 1, 12, tzinfo=UTC),
            "s. 10(10)(b)",
        ),
    ],
)
def test_casl_implied_consent_expires_from_the_purchase_or_inquiry(
    dpo: Any, contact_in: Any, basis: str, occurred: datetime, expires: datetime, cited: str
) -> None:
    contact = contact_in("ca_casl")
    event = grant(dpo, contact, lawful_basis=basis, source="import", occurred_at=occurred)
    assert event.expires_at == expires
    before = decisions.can_contact(contact, "email", "marketing", at=expires - timedelta(days=1))
    assert before.allowed and cited in before.rule
    after = decisions.can_contact(contact, "email", "marketing", at=expires)
    assert not after.allowed and cited in after.rule
    assert "expired" in after.reason


def test_casl_expired_purchase_consent_is_no_today(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("ca_casl")
    three_years_ago = datetime.now(UTC) - timedelta(days=3 * 365)
    grant(dpo, contact, lawful_basis="implied_purchase", occurred_at=three_years_ago)
    decision = decisions.can_contact(contact, "email", "marketing")
    assert not decision.allowed and "expired" in decision.reason


def test_withdrawing_all_channels_wins_over_earlier_grants(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    grant(dpo, contact, channel="email")
    grant(dpo, contact, channel="sms")
    events = consent_services.withdraw_everything(
        contact, source="preference_page", actor=consent_services.THE_PERSON
    )
    assert {e.purpose for e in events} == {"marketing", "profiling", "sale_sharing", "transfer"}
    for channel in ("email", "sms", "phone", "post"):
        assert not decisions.can_contact(contact, channel, "marketing").allowed
    # A new, later grant on one channel counts again.
    grant(dpo, contact, channel="sms")
    assert decisions.can_contact(contact, "sms", "marketing").allowed
    assert not decisions.can_contact(contact, "email", "marketing").allowed


def test_decision_at_a_past_time_replays_the_history(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("br_lgpd")
    granted_at = datetime(2025, 1, 10, 9, tzinfo=UTC)
    grant(dpo, contact, occurred_at=granted_at)
    withdrawal = consent_services.withdraw_consent(
        contact,
        purpose="marketing",
        channel="email",
        source="preference_page",
        actor=consent_services.THE_PERSON,
    )
    assert not decisions.can_contact(contact, "email", "marketing").allowed
    assert decisions.can_contact(contact, "email", "marketing", at=granted_at).allowed
    assert not decisions.can_contact(
        contact, "email", "marketing", at=granted_at - timedelta(seconds=1)
    ).allowed
    assert (
        decisions.can_contact(contact, "email", "marketing", at=withdrawal.occurred_at).allowed
        is False
    )


def test_backdated_import_does_not_override_a_newer_withdrawal(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("ca_casl")
    consent_services.withdraw_consent(
        contact,
        purpose="marketing",
        channel="email",
        source="api",
        actor=consent_services.THE_PERSON,
    )
    grant(
        dpo,
        contact,
        lawful_basis="implied_purchase",
        source="import",
        occurred_at=datetime.now(UTC) - timedelta(days=30),
    )
    assert not decisions.can_contact(contact, "email", "marketing").allowed
    state = ConsentState.objects.get(contact=contact, purpose="marketing", channel="email")
    assert state.status == "withdrawn"


def test_archived_contacts_are_never_contacted(dpo: Any, admin: Any, contact_in: Any) -> None:
    contact = contact_in("us_canspam")
    assert decisions.can_contact(contact, "email", "marketing").allowed  # opt-out
    customer_services.archive_contact(contact, actor=admin)
    contact.refresh_from_db()
    decision = decisions.can_contact(contact, "email", "marketing")
    assert not decision.allowed and "archived" in decision.rule


def test_gpc_withdraws_sale_sharing_for_californians(contact_in: Any) -> None:
    californian = contact_in("us_ca_ccpa")
    assert decisions.can_contact(californian, "email", "sale_sharing").allowed
    event = consent_services.honour_gpc(californian, actor=consent_services.THE_PERSON)
    assert event is not None and event.source == "gpc"
    decision = decisions.can_contact(californian, "email", "sale_sharing")
    assert not decision.allowed
    assert "Global Privacy Control" in decision.reason
    assert "7025" in decision.rule
    assert (
        consent_services.honour_gpc(californian, actor=consent_services.THE_PERSON) is None
    )  # already in force: not recorded twice
    # A New Yorker's pack does not treat the signal as an opt-out request.
    assert (
        consent_services.honour_gpc(contact_in("us_canspam"), actor=consent_services.THE_PERSON)
        is None
    )


def test_gpc_context_applies_to_any_consent_recorded_for_a_californian(
    dpo: Any, contact_in: Any
) -> None:
    californian = contact_in("us_ca_ccpa")
    with gpc.honouring_gpc():
        grant(dpo, californian, channel="sms")
    sources = set(ConsentEvent.objects.filter(contact=californian).values_list("source", flat=True))
    assert sources == {"api", "gpc"}
    assert not decisions.can_contact(californian, "email", "sale_sharing").allowed
    german = contact_in("eu_gdpr")
    with gpc.honouring_gpc():
        grant(dpo, german)
    assert not ConsentEvent.objects.filter(contact=german, source="gpc").exists()


def test_state_table_answers_in_few_queries(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    grant(dpo, contact)
    with CaptureQueriesContext(connection) as queries:
        decisions.can_contact(contact, "email", "marketing")
    # The current state, and whether processing is restricted (requests app, GDPR Art. 18).
    assert len(queries) == 2


def test_personal_data_handler_exports_and_erases_evidence(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    grant(dpo, contact)
    handler = registry.personal_data_handlers["privacy"]
    exported = handler.export(contact)
    rows = exported["privacy.consentevent"]
    assert rows[0]["ip_address"] == "192.0.2.10"
    for name in handler.fields:
        assert name.rpartition(".")[2] in rows[0]
    handler.erase(contact, actor=dpo)
    stored = ConsentEvent.objects.get(contact=contact)
    assert (stored.ip_address, stored.user_agent) == (None, "")
    assert stored.status == "granted"  # the decision itself stays
