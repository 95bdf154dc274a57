"""In headless Chromium: a person changes their choices on the public preference page (no login,
their own language, no console error, so no CSP violation), and a privacy officer goes from a
contact's page to its consent and withdraws one."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from orbis.customers.tests.test_browser import browser_page, sign_in  # noqa: F401  (fixture)
from orbis.privacy import decisions, links
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.models import ConsentEvent

WORDING = Evidence(wording="Newsletter, jederzeit abbestellbar", wording_version="3")


def _german_subscriber(admin: Any) -> Any:
    from orbis.customers import services

    person = services.create_contact(
        {
            "given_name": "Jana",
            "family_name": "Becker",
            "country": "DE",
            "language": "de",
            "emails": ["jana.becker@example.de"],
        },
        actor=admin,
    )
    consent_services.record_consent(
        person,
        purpose="marketing",
        channel="email",
        lawful_basis="consent",
        source="api",
        evidence=WORDING,
        actor=admin,
    )
    return person


def test_a_person_turns_off_email_marketing_on_the_preference_page(
    transactional_db: Any,
    live_server: Any,
    admin: Any,
    browser_page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    person = _german_subscriber(admin)
    assert decisions.can_contact(person, "email", "marketing").allowed
    page = browser_page

    # The link starts with ORBIS_PUBLIC_URL; the test server has its own address.
    page.goto(live_server.url + urlsplit(links.preference_link(person)).path)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text("Ihre Datenschutzeinstellungen")
    row = page.locator('#preferences tr[data-purpose="marketing"][data-channel="email"]')
    row.locator('button[value="withdraw"]').click()
    expect(row.locator('button[value="grant"]')).to_be_visible()

    assert not decisions.can_contact(person, "email", "marketing").allowed
    withdrawal = ConsentEvent.objects.filter(contact=person).latest("occurred_at")
    assert (withdrawal.status, withdrawal.source) == ("withdrawn", "preference_page")
    assert "HeadlessChrome" in withdrawal.user_agent
    assert page.console_errors == []


def test_a_privacy_officer_withdraws_a_consent_from_the_contact_page(
    transactional_db: Any,
    live_server: Any,
    admin: Any,
    dpo: Any,
    browser_page: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    person = _german_subscriber(admin)
    page = browser_page
    sign_in(page, live_server.url, "dpo")
    page.goto(f"{live_server.url}/contacts/{person.pk}/")

    page.click(f'a[href="/privacy/consent/contacts/{person.pk}/"]')
    expect(page).to_have_url(re.compile(rf"/privacy/consent/contacts/{person.pk}/$"))
    decision = page.locator('#decisions tr[data-purpose="marketing"][data-channel="email"]')
    expect(decision).to_have_attribute("data-allowed", "yes")
    page.locator("form[action$='/withdraw/'] button").first.click()
    expect(decision).to_have_attribute("data-allowed", "no")

    assert not decisions.can_contact(person, "email", "marketing").allowed
    assert page.console_errors == []
