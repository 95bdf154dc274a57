"""The preferences page saves language and time zone through the identity service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orbis.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_preferences_are_saved_and_applied(client, us_rep):
    client.force_login(us_rep)
    assert client.get(reverse("preferences")).status_code == 200
    response = client.post(reverse("preferences"), {"language": "ja", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    us_rep.refresh_from_db()
    assert (us_rep.language, us_rep.time_zone) == ("ja", "Asia/Tokyo")
    assert client.session["orbis_language"] == "ja"
    assert AuditEvent.objects.filter(action="identity.preferences_changed").exists()
    page = client.get(reverse("preferences")).content.decode()
    assert '<html lang="ja"' in page and "設定" in page


def test_unknown_time_zone_is_a_field_error(client, us_rep):
    client.force_login(us_rep)
    response = client.post(reverse("preferences"), {"language": "en", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert 'data-field="time_zone"' in response.content.decode()
    us_rep.refresh_from_db()
    assert us_rep.time_zone == "America/New_York"
