"""The exchange-rates page: newest rates with date and source, a converter, manual rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from orbis.localisation.models import ExchangeRate

from .ecb_data import A_FRIDAY, A_SATURDAY, LAST_DAY, ecb_rate, load_fortnight

pytestmark = pytest.mark.django_db

PAGE = reverse("localisation_rates:rates")
MANUAL = reverse("localisation_rates:record_manual_rate")


@pytest.fixture
def treasurer(admin):
    """Someone allowed to record rates (identity's tests cover a role granting just that)."""
    return admin


def test_the_page_lists_each_currencys_newest_rate_with_date_and_source(client, eu_rep):
    load_fortnight()
    client.force_login(eu_rep)

    page = client.get(PAGE).content.decode()

    row = page[page.index('data-currency="USD"') :]
    row = row[: row.index("</tr>")]
    usd = ecb_rate("USD", LAST_DAY)
    assert f"{usd:f}".rstrip("0") in row and "Oct 30, 2026" in row and "ECB" in row
    assert 'id="nav-rates"' not in page and "bi-currency-exchange" in page  # nav link
    assert "Record a manual rate" not in page  # eu_rep lacks localisation.manage_rates


def test_the_converter_shows_result_rate_rate_date_and_source(client, eu_rep):
    load_fortnight()
    client.force_login(eu_rep)
    query = {"amount": "100", "from_currency": "usd", "to_currency": "JPY", "date": A_FRIDAY}

    page = client.get(PAGE, query).content.decode()

    result = page[page.index('data-testid="conversion"') :]
    yen = (Decimal(100) * ecb_rate("JPY", A_FRIDAY) / ecb_rate("USD", A_FRIDAY)).quantize(1)
    assert f"¥{yen:,}" in result
    assert "Oct 23, 2026" in result and "ECB" in result
    # ...and the amount in the viewer's reporting currency (EUR), with the rate's date
    reporting = result[result.index('data-testid="reporting"') :]
    euros = (Decimal(100) / ecb_rate("USD", A_FRIDAY)).quantize(Decimal("0.01"))
    assert f"€{euros}" in reporting[:300] and "ECB rate of Oct 23, 2026" in reporting[:300]


def test_the_converter_answers_htmx_with_the_fragment(client, eu_rep):
    load_fortnight()
    client.force_login(eu_rep)
    query = {"amount": "1", "from_currency": "EUR", "to_currency": "GBP", "date": A_FRIDAY}

    fragment = client.get(PAGE, query, headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<div id="converter">') and "<html" not in fragment
    assert 'data-testid="conversion"' in fragment


def test_a_weekend_date_is_a_field_error_naming_the_nearest_dates(client, eu_rep):
    load_fortnight()
    client.force_login(eu_rep)
    query = {"amount": "1", "from_currency": "EUR", "to_currency": "USD", "date": A_SATURDAY}

    page = client.get(PAGE, query).content.decode()

    assert 'data-field="date"' in page and "2026-10-23" in page and "2026-10-26" in page
    assert 'data-testid="conversion"' not in page

    query["on_or_before"] = "on"
    page = client.get(PAGE, query).content.decode()
    assert 'data-testid="conversion"' in page and "Oct 23, 2026" in page


def test_an_unknown_currency_is_a_field_error(client, eu_rep):
    client.force_login(eu_rep)
    query = {"amount": "1", "from_currency": "ZZZ", "to_currency": "USD", "date": A_FRIDAY}

    page = client.get(PAGE, query).content.decode()

    assert 'data-field="from_currency"' in page


def test_a_permitted_user_records_a_manual_rate(client, treasurer):
    load_fortnight()
    client.force_login(treasurer)
    assert "Record a manual rate" in client.get(PAGE).content.decode()

    response = client.post(
        MANUAL, {"currency": "aed", "date": A_FRIDAY, "rate": "4.269", "source": "CBUAE"}
    )

    assert response.status_code == 302
    rate = ExchangeRate.objects.get(currency="AED")
    assert (rate.rate, rate.source, rate.entered_by_label) == (
        Decimal("4.269"),
        "CBUAE",
        "admin",
    )
    page = client.get(PAGE).content.decode()
    assert 'data-currency="AED"' in page and "CBUAE" in page and "manual" in page


def test_a_manual_rate_for_an_ecb_currency_is_refused_on_the_form(client, treasurer):
    load_fortnight()
    client.force_login(treasurer)

    response = client.post(
        MANUAL, {"currency": "USD", "date": A_FRIDAY, "rate": "1.2", "source": "my bank"}
    )

    assert response.status_code == 422
    assert 'data-field="currency"' in response.content.decode()
    assert not ExchangeRate.objects.exclude(source="ECB").exists()


def test_without_the_permission_the_manual_form_is_forbidden(client, eu_rep):
    client.force_login(eu_rep)

    response = client.post(
        MANUAL, {"currency": "AED", "date": A_FRIDAY, "rate": "4.2", "source": "x"}
    )

    assert response.status_code == 403
    assert not ExchangeRate.objects.exists()
