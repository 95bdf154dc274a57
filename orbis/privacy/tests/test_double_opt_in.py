"""Double opt-in: a form's email consent is pending until the person confirms by POST through a
signed one-time link; forged, expired and reused links change nothing and are audited."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.test import Client, override_settings

from orbis.audit.models import AuditEvent
from orbis.privacy import decisions, links
from orbis.privacy import services as consent_services
from orbis.privacy.models import ConsentEvent, LinkRefusal

from .conftest import WORDING


def pending_for(contact: Any) -> ConsentEvent:
    return consent_services.record_consent(
        contact,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="form",
        evidence=WORDING,
        actor=consent_services.THE_PERSON,
    )


def refusals() -> dict[tuple[str, str], int]:
    """How often each (link, reason) was refused: counted, never an audit event."""
    assert not AuditEvent.objects.filter(action="privacy.link_refused").exists()
    return {(r.link, r.reason): r.count for r in LinkRefusal.objects.all()}


def test_form_consent_is_pending_until_confirmed(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    event = pending_for(contact)
    assert event.status == "pending"
    decision = decisions.can_contact(contact, "email", "marketing")
    assert not decision.allowed and "pending" in decision.reason

    link = links.confirmation_link(event)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert WORDING.wording in page.content.decode()
    assert ConsentEvent.objects.filter(contact=contact).count() == 1  # GET changes nothing

    done = client.post(link, HTTP_USER_AGENT="confirming-browser", REMOTE_ADDR="198.51.100.7")
    assert done.status_code == 200
    confirmed = ConsentEvent.objects.get(contact=contact, status="granted")
    assert confirmed.source == "double_opt_in"
    assert confirmed.confirms == event
    assert confirmed.wording == WORDING.wording
    assert (confirmed.ip_address, confirmed.user_agent) == ("198.51.100.7", "confirming-browser")
    assert decisions.can_contact(contact, "email", "marketing").allowed


def test_reused_link_is_refused(contact_in: Any) -> None:
    contact = contact_in("uk_gdpr")
    link = links.confirmation_link(pending_for(contact))
    client = Client()
    assert client.post(link).status_code == 200
    again = client.post(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert ConsentEvent.objects.filter(contact=contact, status="granted").count() == 1
    assert refusals() == {("confirm", "used"): 1}


def test_forged_link_is_refused(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    event = pending_for(contact)
    token = links.confirmation_token(event)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = Client().post(f"/p/confirm/{forged}/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    # Signed with the right key but another salt (a preference token): also forged.
    other = signing.dumps({"e": str(event.pk)}, salt="something else")
    assert Client().post(f"/p/confirm/{other}/").status_code == 400
    assert not ConsentEvent.objects.filter(contact=contact, status="granted").exists()
    assert refusals() == {("confirm", "forged"): 2}


def test_expired_link_is_refused(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    link = links.confirmation_link(pending_for(contact))
    with override_settings(ORBIS_CONSENT_CONFIRM_MAX_AGE=-1):
        response = Client().post(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not ConsentEvent.objects.filter(contact=contact, status="granted").exists()
    assert refusals() == {("confirm", "expired"): 1}


def test_link_for_a_non_pending_event_is_refused(dpo: Any, contact_in: Any) -> None:
    granted = consent_services.record_consent(
        contact_in("eu_gdpr"),
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=WORDING,
        actor=dpo,
    )
    assert granted.status == "granted"
    assert Client().post(links.confirmation_link(granted)).status_code == 400


def test_a_pending_request_does_not_undo_a_granted_consent(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    consent_services.confirm_consent(
        links.confirmation_token(pending_for(contact)), actor=consent_services.THE_PERSON
    )
    pending_for(contact)  # the person fills the form again
    assert decisions.can_contact(contact, "email", "marketing").allowed
