"""Money in the viewer's locale (Babel), and in the viewer's reporting currency with its rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from orbis.kernel.money import Money
from orbis.localisation.fx import convert

from .ecb_data import A_FRIDAY, LAST_DAY, load_fortnight


def render(source: str, **context: object) -> str:
    return Template("{% load orbis_money %}" + source).render(Context(context))


@pytest.mark.parametrize(("language", "locale"), [("en", "en"), ("de", "de"), ("ja", "ja")])
def test_money_is_formatted_as_babel_formats_it_for_the_viewer(language, locale):
    amount = Money(Decimal("1234567.891"), "USD")

    with translation.override(language):
        shown = render("{{ amount|money }}", amount=amount)

    assert shown == format_currency(amount.amount, "USD", locale=locale)


def test_a_currencys_own_decimals_are_kept():
    with translation.override("en"):
        assert (
            render("{{ a|money }}", a=Money(Decimal("1234.5"), "JPY")) == "¥1,234"
        )  # JPY: 0 decimals
        assert render("{{ a|money }}", a=Money(Decimal("1.2345"), "KWD")).endswith(
            "1.234"
        )  # KWD: 3


@pytest.mark.django_db
def test_an_amount_is_also_shown_in_the_viewers_reporting_currency_with_the_rate_date(eu_rep):
    load_fortnight()
    eu_rep.reporting_currency = "GBP"
    request = RequestFactory().get("/")
    request.user = eu_rep
    amount = Money(Decimal("1000"), "USD")
    expected = convert(amount, "GBP", LAST_DAY).converted

    with translation.override("en"):
        shown = render("{% in_reporting_currency amount %}", amount=amount, request=request)
        same = render(
            "{% in_reporting_currency a %}", a=Money(Decimal("5"), "GBP"), request=request
        )
        dated = render(
            "{% in_reporting_currency amount on %}", amount=amount, on=A_FRIDAY, request=request
        )

    assert format_currency(expected.amount, "GBP", locale="en") in shown
    assert "ECB rate of Oct 30, 2026" in shown
    assert same == ""  # already in the reporting currency
    assert "Oct 23, 2026" in dated
