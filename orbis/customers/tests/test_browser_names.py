"""In a real browser, a Japanese user opens a Japanese contact: family name first, in kanji, the
Latin form beside it, the greeting in Japanese and the address in the Japanese format."""

from __future__ import annotations

import re

from orbis.customers.tests.test_browser import browser_page, sign_in  # noqa: F401  (fixture)


def test_a_japanese_viewer_sees_the_japanese_name_first(
    transactional_db,
    live_server,
    admin,
    apac_agent,
    browser_page,  # noqa: F811
):
    from playwright.sync_api import expect

    from orbis.customers import services

    contact = services.create_contact(
        {
            "given_name": "太郎",
            "family_name": "山田",
            "latin_given_name": "Taro",
            "latin_family_name": "Yamada",
            "honorific": "mr",
            "country": "JP",
            "language": "ja",
            "addresses": [
                {
                    "postal_code": "100-0001",
                    "country_area": "東京都",
                    "city": "千代田区",
                    "street_address": "千代田1-1",
                }
            ],
        },
        actor=admin,
    )
    page = browser_page
    sign_in(page, live_server.url, "apac_agent")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^ja"))

    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    expect(page.locator("#contact-name")).to_have_text("山田太郎")
    expect(page.locator("#contact-latin-name")).to_have_text("Yamada Taro")
    expect(page.locator("dt", has_text="挨拶")).to_have_count(1)  # "Salutation", in Japanese
    expect(page.locator("#contact-greeting-formal")).to_contain_text("山田太郎様")
    expect(page.locator("#contact-greeting-informal")).to_contain_text("山田さん")
    address = page.locator("address").first
    expect(address).to_contain_text("〒100-0001")
    expect(address).to_contain_text("東京都")
    assert page.console_errors == []
