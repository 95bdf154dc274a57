"""Each user picks a reporting currency on the preferences page; the service validates it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orbis.audit.models import AuditEvent
from orbis.identity import services
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db


def test_the_page_offers_and_saves_the_reporting_currency(client, eu_rep):
    client.force_login(eu_rep)
    page = client.get(reverse("preferences")).content.decode()
    assert 'name="reporting_currency"' in page and '<option value="EUR" selected>' in page

    response = client.post(
        reverse("preferences"),
        {"language": "en", "time_zone": "UTC", "reporting_currency": "JPY"},
    )

    assert response.status_code == 302
    eu_rep.refresh_from_db()
    assert eu_rep.reporting_currency == "JPY"
    event = AuditEvent.objects.filter(action="identity.preferences_changed").latest("seq")
    assert event.changes["reporting_currency"] == ["EUR", "JPY"]


def test_an_unknown_currency_is_a_field_error(client, eu_rep):
    client.force_login(eu_rep)

    response = client.post(
        reverse("preferences"),
        {"language": "en", "time_zone": "UTC", "reporting_currency": "XYZ"},
    )

    assert response.status_code == 200
    assert 'data-field="reporting_currency"' in response.content.decode()
    eu_rep.refresh_from_db()
    assert eu_rep.reporting_currency == "EUR"


def test_the_services_validate_and_normalise_it(regions):
    user = services.create_user("cfo", "pw-cfo-long-1", reporting_currency="usd", actor=SETUP)
    assert user.reporting_currency == "USD"

    with pytest.raises(ValidationError) as caught:
        services.update_preferences(user, reporting_currency="DOLLARS", actor=user)
    assert "reporting_currency" in caught.value.errors
    with pytest.raises(ValidationError):
        services.create_user("cfo2", "pw-cfo-long-2", reporting_currency="??", actor=SETUP)

    services.update_preferences(user, reporting_currency="gbp", actor=user)
    user.refresh_from_db()
    assert user.reporting_currency == "GBP"
