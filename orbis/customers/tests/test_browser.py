"""In a real browser (headless Chromium): log in, create a contact with a Japanese name and
address, find it with the global search box, open it, edit it and see the change.

Chromium is Debian's package at /usr/bin/chromium; when it is missing this test fails, it is
never skipped. The page must also run without a single console error, which is how a CSP
violation (an inline script or style) shows up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("ORBIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse the
    # ORM calls of the fixtures; they are plain synchronous calls, so allow them for this test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is required for the browser test: apt-get install chromium ({CHROMIUM})"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
        page: Any = context.new_page()  # carries console_errors, read by the tests
        page.set_default_timeout(15_000)
        page.console_errors = []
        page.on("console", lambda message: _console(page, message))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.on("response", lambda response: _response(page, response))
        try:
            yield page
        finally:
            context.close()
            browser.close()


def sign_in(page: Any, base_url: str, username: str) -> None:
    """Log in through the login form as `username` (password PASSWORD) and land on the list."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/contacts/$"))


def _htmx_settled(page: Any) -> None:
    """htmx wires up swapped-in content only when it settles (20 ms later): a row typed into
    before then never fires its own requests. Wait until nothing is swapping or settling."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def _console(page: Any, message: Any) -> None:
    # A failed load is reported with its URL by _response; a 422 form page is expected.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.console_errors.append(message.text)


def _response(page: Any, response: Any) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        page.console_errors.append(f"{response.status} {response.url}")


def test_create_find_and_edit_a_japanese_contact(
    transactional_db, live_server, admin, browser_page
):
    from playwright.sync_api import expect

    from orbis.customers import services

    services.create_company({"name": "株式会社サンプル", "country": "JP"}, actor=admin)
    page = browser_page
    sign_in(page, live_server.url, "admin")

    page.click("text=New contact")
    page.fill("#id_family_name", "山田")
    page.fill("#id_given_name", "太郎")
    page.fill("#id_latin_family_name", "Yamada")
    page.fill("#id_latin_given_name", "Taro")
    page.select_option("#id_honorific", "mr")
    with page.expect_response(lambda r: "/forms/" in r.url):
        page.select_option("#id_country", "JP")
    _htmx_settled(page)
    page.select_option("#id_language", "ja")  # a picker of languages by name
    page.select_option("#id_time_zone", "Asia/Tokyo")
    page.fill("#id_emails-0-value", "taro.yamada@example.jp")
    page.fill("#id_phones-0-value", "03-1234-5678")
    # The address row follows the country chosen above: a prefecture list, no city.
    expect(page.locator("label[for=id_addresses-0-country_area]")).to_have_text(
        re.compile("Prefecture")
    )
    expect(page.locator("#id_addresses-0-city")).to_have_count(0)
    page.fill("#id_addresses-0-postal_code", "100-0001")
    page.select_option("#id_addresses-0-country_area", "東京都")
    page.fill("#id_addresses-0-street_address", "千代田区千代田1-1")
    # A second phone through the add-row button, made the primary one.
    with page.expect_response(lambda r: "/forms/" in r.url):
        page.click("#add-phones")
    _htmx_settled(page)
    page.fill("#id_phones-1-value", "090-1234-5678")
    page.select_option("#id_phones-1-label", "mobile")
    page.check("#id_phones-1-primary")
    # A third one added and removed again before saving.
    with page.expect_response(lambda r: "/forms/" in r.url):
        page.click("#add-phones")
    _htmx_settled(page)
    page.locator("#phones-row-2 .remove-row").click()
    expect(page.locator("#phones-row-2")).to_have_count(0)
    # A company picked by searching for it, with a job title.
    with page.expect_response(lambda r: "/forms/" in r.url):
        page.click("#add-companies")
    _htmx_settled(page)
    page.fill("#id_companies-0-search", "サンプル")
    page.locator(
        "#companies-0-suggestions .company-suggestion", has_text="株式会社サンプル"
    ).click()
    expect(page.locator("#companies-0-name")).to_have_text("株式会社サンプル")
    page.fill("#id_companies-0-title", "部長")
    page.click("#contact-form button[type=submit]")
    # An English viewer does not read Japanese: the Latin form (family name first) leads, the
    # native name stands beside it, and the greeting is in the contact's language.
    expect(page.locator("#contact-name")).to_have_text("Yamada Taro")
    expect(page.locator("#contact-native-name")).to_have_text("山田太郎")
    expect(page.locator("#contact-greeting-formal")).to_contain_text("山田太郎様")
    expect(page.locator("#contact-greeting-informal")).to_contain_text("山田さん")
    expect(page.locator("address")).to_contain_text("〒100-0001")
    expect(page.locator("address")).to_contain_text("東京都")
    expect(page.locator("#contact-phones")).to_contain_text("+81 3-1234-5678")
    expect(page.locator("#contact-phones")).to_contain_text("+81 90-1234-5678")
    mobile = page.locator("#contact-phones .point-row", has_text="90-1234-5678")
    expect(mobile.locator(".bi-star-fill")).to_have_count(1)  # the primary one
    expect(mobile).to_contain_text("Mobile")
    expect(page.locator("#contact-companies")).to_contain_text("株式会社サンプル")
    expect(page.locator("#contact-companies")).to_contain_text("部長")

    page.goto(f"{live_server.url}/contacts/")
    page.fill("#global-search", "山田")
    hit = page.locator("#search-results a", has_text="山田太郎")
    expect(hit).to_be_visible()
    hit.click()
    expect(page.locator("#contact-name")).to_have_text("Yamada Taro")

    page.click("text=Edit")
    page.select_option("#id_lifecycle_stage", "customer")
    page.fill("#id_phones-0-value", "03-9876-5432")
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#lifecycle-stage")).to_have_text("Customer")
    expect(page.locator("#contact-phones")).to_contain_text("+81 3-9876-5432")
    expect(page.locator(".alert-success")).to_be_visible()

    assert page.console_errors == []


def test_field_errors_show_next_to_the_field_in_the_browser(
    transactional_db, live_server, admin, browser_page
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/contacts/new/")
    page.fill("#id_family_name", "Schmidt")
    with page.expect_response(lambda r: "/forms/" in r.url):
        page.select_option("#id_country", "DE")
    _htmx_settled(page)
    page.fill("#id_emails-0-value", "not-an-email")
    page.fill("#id_addresses-0-postal_code", "ABC")
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#id_emails-0-value")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("[data-field='addresses-0-postal_code']")).to_be_visible()
    assert page.console_errors == []


def test_list_shortcuts_select_all_and_a_bulk_action_in_the_browser(
    transactional_db, live_server, admin, browser_page
):
    """The web kit's list: "/" focuses the search, the header box selects the page, the bar
    offers the action's input and applies it to every selected row."""
    from playwright.sync_api import expect

    from orbis.customers import services
    from orbis.customers.models import Contact

    for family in ("Bauer", "Meier"):
        services.create_contact({"family_name": family, "country": "DE"}, actor=admin)
    page = browser_page
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/contacts/")
    page.locator("body").click()
    page.keyboard.press("/")
    expect(page.locator("#f-q")).to_be_focused()
    page.locator("#f-q").blur()
    apply = page.locator("[data-bulk-submit]")
    expect(apply).to_be_disabled()
    page.check("[data-select-all=bulk]")
    page.select_option("#bulk-action", "add_tag")
    expect(page.locator("[data-bulk-input=tag]")).to_be_visible()
    expect(page.locator("[data-bulk-count]")).to_have_text("2 selected")
    page.fill("[data-bulk-input=tag]", "fair-2027")
    apply.click()
    expect(page.locator(".alert, .toast, [role=alert]").first).to_contain_text("2 rows updated.")
    tagged = Contact.objects.filter(tags__name="fair-2027").count()
    assert tagged == 2
    assert page.console_errors == []
