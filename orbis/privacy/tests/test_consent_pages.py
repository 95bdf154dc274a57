"""The public preference page (/p/preferences/...) and the officer's consent pages."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from orbis.audit.models import AuditEvent
from orbis.privacy import decisions, links
from orbis.privacy import services as consent_services
from orbis.privacy.models import ConsentEvent, LinkRefusal

from .conftest import WORDING


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_preference_page_in_the_contacts_language_with_csrf(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")  # language de
    client = Client(enforce_csrf_checks=True)
    page = client.get(links.preference_link(contact))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="de"' in html
    assert "csrfmiddlewaretoken" in html
    # Without the CSRF token the form is refused and nothing is recorded.
    refused = client.post(links.preference_link(contact), {"action": "unsubscribe_all"})
    assert refused.status_code == 403
    assert not ConsentEvent.objects.filter(contact=contact).exists()


def test_preference_page_turns_on_and_off(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("us_canspam")
    link = links.preference_link(contact)
    client = Client()
    client.post(link, {"action": "grant", "purpose": "marketing", "channel": "sms"})
    granted = ConsentEvent.objects.get(contact=contact)
    assert (granted.source, granted.status, granted.lawful_basis) == (
        "preference_page",
        "granted",
        "consent",
    )
    assert granted.wording  # the sentence shown on the page is the evidence
    assert decisions.can_contact(contact, "sms", "marketing").allowed
    client.post(link, {"action": "withdraw", "purpose": "marketing", "channel": "sms"})
    assert not decisions.can_contact(contact, "sms", "marketing").allowed


def test_unsubscribe_from_everything_in_one_click(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("uk_gdpr", lifecycle_stage="customer")
    consent_services.record_consent(
        contact,
        purpose="marketing",
        channel="phone",
        lawful_basis="consent",
        source="api",
        evidence=WORDING,
        actor=dpo,
    )
    assert decisions.can_contact(contact, "email", "marketing").allowed  # soft opt-in
    response = Client().post(links.preference_link(contact), {"action": "unsubscribe_all"})
    assert response.status_code == 302
    for channel in ("email", "sms", "phone", "post"):
        assert not decisions.can_contact(contact, channel, "marketing").allowed


def test_sec_gpc_on_the_preference_page_opts_a_californian_out(contact_in: Any) -> None:
    californian = contact_in("us_ca_ccpa")
    response = Client().get(links.preference_link(californian), HTTP_SEC_GPC="1")
    assert response.status_code == 200
    event = ConsentEvent.objects.get(contact=californian)
    assert (event.purpose, event.status, event.source) == ("sale_sharing", "withdrawn", "gpc")
    assert not decisions.can_contact(californian, "email", "sale_sharing").allowed
    german = contact_in("eu_gdpr")
    Client().get(links.preference_link(german), HTTP_SEC_GPC="1")
    assert not ConsentEvent.objects.filter(contact=german).exists()


def test_forged_preference_link_is_refused_and_audited(contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    token = links.preference_token(contact)
    response = Client().post(f"/p/preferences/{token}x/", {"action": "unsubscribe_all"})
    assert response.status_code == 400
    assert not ConsentEvent.objects.filter(contact=contact).exists()
    refused = LinkRefusal.objects.get()
    assert (refused.link, refused.reason, refused.count) == ("preferences", "forged", 1)


def test_officer_lookup_and_contact_page(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr", given_name="Zelda", family_name="Quirin")
    pending = consent_services.record_consent(
        contact,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="form",
        evidence=WORDING,
        actor=consent_services.THE_PERSON,
    )
    client = signed_in(dpo)
    found = client.get("/privacy/consent/", {"q": "Quirin"})
    assert f"/privacy/consent/contacts/{contact.pk}/" in found.content.decode()
    page = client.get(f"/privacy/consent/contacts/{contact.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    # The link to send, shown to the officer: a signed token that opens the pending consent
    # (signed on the page's second, so compared by what it opens, not by its text).
    token = re.search(r"/p/confirm/([^/\"<]+)/", html)
    assert token is not None, "no confirmation link on the page"
    assert links.pending_for_token(token.group(1)) == pending
    assert "ePrivacy Directive Art. 13" in html  # can_contact's cited rule
    assert WORDING.wording in html  # evidence in the history
    assert "/p/preferences/" in html


def test_officer_records_and_withdraws(dpo: Any, contact_in: Any) -> None:
    contact = contact_in("br_lgpd")
    client = signed_in(dpo)
    url = f"/privacy/consent/contacts/{contact.pk}/record/"
    missing_basis = client.post(
        url,
        {"purpose": "marketing", "channel": "sms", "status": "granted", "source": "request"},
    )
    assert missing_basis.status_code == 422
    assert "lawful basis" in missing_basis.content.decode()
    assert not ConsentEvent.objects.filter(contact=contact).exists()
    ok = client.post(
        url,
        {
            "purpose": "marketing",
            "channel": "sms",
            "status": "granted",
            "lawful_basis": "consent",
            "source": "request",
            "wording": "Pode me enviar SMS.",
            "wording_version": "call-2025",
        },
    )
    assert ok.status_code == 302
    assert decisions.can_contact(contact, "sms", "marketing").allowed
    client.post(
        f"/privacy/consent/contacts/{contact.pk}/withdraw/",
        {"purpose": "marketing", "channel": "sms"},
    )
    assert not decisions.can_contact(contact, "sms", "marketing").allowed


def test_officer_pages_need_permissions(eu_rep: Any, dpo: Any, contact_in: Any) -> None:
    contact = contact_in("eu_gdpr")
    rep = signed_in(eu_rep)
    assert rep.get("/privacy/consent/").status_code == 403
    assert rep.get(f"/privacy/consent/contacts/{contact.pk}/").status_code == 403
    assert (
        rep.post(
            f"/privacy/consent/contacts/{contact.pk}/withdraw/",
            {"purpose": "all"},
        ).status_code
        == 403
    )
    assert not ConsentEvent.objects.filter(contact=contact).exists()
    assert Client().get("/privacy/consent/").status_code == 302  # to the login page


def test_rules_page_lists_every_pack_with_citations(dpo: Any) -> None:
    html = signed_in(dpo).get("/privacy/consent/rules/").content.decode()
    for code in ("eu_gdpr", "uk_gdpr", "us_ca_ccpa", "ca_casl", "br_lgpd", "cn_pipl", "default"):
        assert f'id="pack-{code}"' in html
    assert "CASL s. 10(9)(a)" in html
    assert "ANPD Resolution CD/ANPD 15/2024" in html


def test_gpc_middleware_applies_to_officer_recording_for_a_californian(
    dpo: Any, contact_in: Any
) -> None:
    """Any request carrying Sec-GPC: 1 that records consent for a Californian honours it."""
    californian = contact_in("us_ca_ccpa")
    signed_in(dpo).post(
        f"/privacy/consent/contacts/{californian.pk}/record/",
        {
            "purpose": "marketing",
            "channel": "email",
            "status": "granted",
            "lawful_basis": "consent",
            "source": "request",
            "wording": "Email me.",
        },
        HTTP_SEC_GPC="1",
    )
    assert ConsentEvent.objects.filter(contact=californian, source="gpc").exists()
    assert not decisions.can_contact(californian, "email", "sale_sharing").allowed


def test_an_unknown_channel_or_action_is_a_400_naming_it(contact_in: Any) -> None:
    contact = contact_in("us_canspam")
    link = links.preference_link(contact)
    client = Client()

    channel = client.post(link, {"action": "grant", "purpose": "marketing", "channel": "pigeon"})
    action = client.post(link, {"action": "explode", "purpose": "marketing", "channel": "sms"})

    assert channel.status_code == action.status_code == 400
    assert "channel" in channel.content.decode() and "action" in action.content.decode()
    assert not ConsentEvent.objects.filter(contact=contact).exists()


def test_anonymous_floods_write_nothing_to_the_audit_chain_and_are_limited(
    contact_in: Any, settings: Any
) -> None:
    settings.ORBIS_PUBLIC_PAGE_LIMIT = 20
    contact = contact_in("eu_gdpr")
    forged = f"/p/preferences/{links.preference_token(contact)}x/"
    events = AuditEvent.objects.count()
    visitor = Client(REMOTE_ADDR="203.0.113.50")

    answers = [visitor.get(forged).status_code for _ in range(40)]

    assert answers == [400] * 20 + [429] * 20
    assert AuditEvent.objects.count() == events
    assert LinkRefusal.objects.get().count == 20  # one row, counting
    assert Client(REMOTE_ADDR="203.0.113.51").get(forged).status_code == 400  # others go on
