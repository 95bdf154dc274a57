"""Manual rates: for currencies the ECB does not publish, with a source, by permitted users."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.money import Money
from orbis.localisation.fx import convert
from orbis.localisation.models import ExchangeRate
from orbis.localisation.services import record_manual_rate

from .ecb_data import A_FRIDAY, ecb_rate, load_fortnight

pytestmark = pytest.mark.django_db

SOURCE = "Central Bank of the UAE, official rate"


@pytest.fixture
def treasurer(admin):
    """Someone allowed to record rates (identity's tests cover a role granting just that)."""
    return admin


def test_a_manual_rate_converts_with_its_source_and_author(treasurer) -> None:
    load_fortnight()

    entry = record_manual_rate("aed", A_FRIDAY, "4.2690", SOURCE, actor=treasurer)

    assert (entry.currency, entry.rate, entry.source) == ("AED", Decimal("4.2690"), SOURCE)
    assert entry.entered_by_label == "admin"
    conversion = convert(Money(Decimal("100"), "EUR"), "AED", A_FRIDAY)
    assert conversion.converted == Money(Decimal("426.90"), "AED")
    assert (conversion.rate_date, conversion.source) == (A_FRIDAY, SOURCE)
    event = AuditEvent.objects.get(action="localisation.manual_rate_recorded")
    assert event.changes["source"] == SOURCE and event.actor_label == "admin"


def test_a_cross_rate_through_a_manual_and_an_ecb_rate_names_both_sources(treasurer) -> None:
    load_fortnight()
    record_manual_rate("AED", A_FRIDAY, "4.2690", SOURCE, actor=treasurer)

    conversion = convert(Money(Decimal("100"), "USD"), "AED", A_FRIDAY)

    assert conversion.rate == Decimal("4.2690") / ecb_rate("USD", A_FRIDAY)
    assert conversion.source == f"ECB + {SOURCE}"


@pytest.mark.parametrize(
    ("currency", "rate", "source", "field"),
    [
        ("AED", "4.2690", "   ", "source"),
        ("AED", "4.2690", "ECB", "source"),
        ("AED", "-1", SOURCE, "rate"),
        ("AED", "abc", SOURCE, "rate"),
        ("USD", "1.10", SOURCE, "currency"),  # the ECB publishes it
        ("EUR", "1", SOURCE, "currency"),
        ("QQQ", "1", SOURCE, "currency"),
    ],
)
def test_bad_manual_rates_name_the_field_and_store_nothing(
    treasurer, currency, rate, source, field
) -> None:
    load_fortnight()
    before = ExchangeRate.objects.count()

    with pytest.raises(ValidationError) as caught:
        record_manual_rate(currency, A_FRIDAY, rate, source, actor=treasurer)

    assert field in caught.value.errors
    assert ExchangeRate.objects.count() == before
    assert not AuditEvent.objects.filter(action="localisation.manual_rate_recorded").exists()


def test_one_rate_per_currency_and_day(treasurer) -> None:
    record_manual_rate("SAR", A_FRIDAY, "4.36", SOURCE, actor=treasurer)

    with pytest.raises(ValidationError) as caught:
        record_manual_rate("SAR", A_FRIDAY, "4.40", "another bank", actor=treasurer)

    assert "date" in caught.value.errors
    assert ExchangeRate.objects.get(currency="SAR").rate == Decimal("4.36")


def test_a_user_without_the_permission_is_refused(eu_rep) -> None:
    with pytest.raises(PermissionDenied):
        record_manual_rate("ARS", datetime.date(2026, 10, 23), "1500", SOURCE, actor=eu_rep)

    assert not ExchangeRate.objects.filter(currency="ARS").exists()


def test_before_any_ecb_load_the_ecb_currencies_are_still_refused(treasurer) -> None:
    with pytest.raises(ValidationError) as caught:
        record_manual_rate("JPY", A_FRIDAY, "170", SOURCE, actor=treasurer)

    assert "currency" in caught.value.errors
    assert not ExchangeRate.objects.exists()
