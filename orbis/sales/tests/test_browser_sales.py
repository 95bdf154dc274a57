"""In headless Chromium: drag a deal to another stage on the board, submit the public
web-to-lead form in German (the consent question swapped in by htmx as the country changes),
and make a quote on a deal's page and open its PDF in Japanese and in Arabic.
Chromium is required, never skipped (see customers/tests/test_browser.py)."""

from __future__ import annotations

import time
from typing import Any

from orbis.conftest import SETUP
from orbis.customers.tests.test_browser import sign_in
from orbis.privacy.models import ConsentEvent
from orbis.sales.models import Deal, Lead, Quote
from orbis.sales.public_form import MIN_SECONDS
from orbis.sales.services import deals
from orbis.sales.services.leads import create_web_form

from .conftest import pdf_text, stage


def test_drag_a_deal_into_another_stage(
    transactional_db: Any, live_server: Any, admin: Any, german_pipeline: Any, browser_page: Any
) -> None:
    from playwright.sync_api import expect

    deal = deals.create_deal(
        {
            "name": "Hamburg rollout",
            "pipeline": str(german_pipeline.pk),
            "market": "DE",
            "amount": "25000",
            "close_date": "2026-12-31",
        },
        actor=SETUP,
    )
    page = browser_page
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/sales/board/{german_pipeline.pk}/")
    target = stage(german_pipeline, "Negotiate")
    # By the money line: the card's links and pickers do not start a drag (board.js).
    card = page.locator(f"li[data-deal='{deal.pk}'] .card-body > div.d-flex").first
    with page.expect_response(lambda r: "/move/" in r.url and r.status == 200):
        card.drag_to(page.locator(f"ol[data-stage='{target.pk}']"))
    expect(page.locator(f"ol[data-stage='{target.pk}'] li[data-deal='{deal.pk}']")).to_have_count(1)
    deal.refresh_from_db()
    assert deal.stage == target
    assert page.console_errors == []


def test_submit_the_web_form_in_german(
    transactional_db: Any, live_server: Any, regions: Any, browser_page: Any
) -> None:
    from playwright.sync_api import expect

    form = create_web_form("Beratung anfragen", "beratung", default_country="US", actor=SETUP)
    page = browser_page
    page.goto(f"{live_server.url}/forms/{form.slug}/?lang=de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    # The US question first (opt-out); picking Germany swaps in the GDPR consent box.
    with page.expect_response(lambda r: "/consent/" in r.url):
        page.select_option("#id_country", "DE")
    expect(page.locator("input[name=wording_country]")).to_have_value("DE")
    page.fill("#id_given_name", "Lena")
    page.fill("#id_family_name", "Vogel")
    page.fill("#id_email", "lena.vogel@example.de")
    page.fill("#id_company_name", "Vogel Maschinenbau GmbH")
    page.fill("#id_message", "Bitte um ein Angebot.")
    page.check("#id_marketing")
    time.sleep(MIN_SECONDS)  # a person takes longer than the timestamp's floor
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihr Interesse.")
    lead = Lead.objects.get()
    assert lead.contact.country == "DE" and lead.web_form == form
    event = ConsentEvent.objects.get(contact=lead.contact)
    assert event.status == "pending" and event.wording.startswith("Ich ")
    assert not Deal.objects.exists()
    assert page.console_errors == []


def test_make_a_quote_and_open_its_pdf_in_japanese_and_arabic(
    transactional_db: Any, live_server: Any, admin: Any, quoted_deal: Any, browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, "admin")
    for language, word in (("ja", "見積書"), ("ar", "عرض سعر")):
        page.goto(f"{live_server.url}/sales/deals/{quoted_deal.pk}/")
        page.select_option("#id_language", language)
        page.fill("#id_terms", "Net 30")
        page.click("#new-quote button[type=submit]")
        expect(page.locator("h1")).to_contain_text("Q-")
        link = page.locator("a[href$='/pdf/']").first
        pdf = page.request.get(live_server.url + str(link.get_attribute("href")))
        assert pdf.headers["content-type"] == "application/pdf"
        assert word in pdf_text(pdf.body()), language
    quote = Quote.objects.get(version=2)
    assert quote.language == "ar" and quote.terms == "Net 30"
    assert Quote.objects.get(version=1).status == "superseded"
    assert page.console_errors == []


def test_the_forecast_charts_draw(
    transactional_db: Any, live_server: Any, admin: Any, german_pipeline: Any, browser_page: Any
) -> None:
    from orbis.sales.services import forecasting

    from .conftest import FRIDAY, MONDAY

    munich = deals.create_deal(
        {
            "name": "Munich",
            "pipeline": str(german_pipeline.pk),
            "market": "DE",
            "amount": "4000",
            "close_date": "2026-03-31",
        },
        actor=SETUP,
    )
    deals.move_deal(munich, stage(german_pipeline, "Negotiate"), actor=SETUP)  # commit
    forecasting.take_snapshot(actor=SETUP, taken_on=FRIDAY)
    forecasting.take_snapshot(actor=SETUP, taken_on=MONDAY)
    page = browser_page
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/sales/forecast/?start=2026-03-01&months=1")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-forecast-actual')")
    points = page.evaluate("() => Chart.getChart('chart-forecast-actual').data.labels.length")
    assert points == 2  # one per weekly snapshot
    assert page.console_errors == []
