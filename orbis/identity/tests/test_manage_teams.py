"""Teams from the page: created with a region picked by name, listed with region and size."""

from __future__ import annotations

import pytest

from orbis.audit.models import AuditEvent
from orbis.identity.models import Team

pytestmark = pytest.mark.django_db


def test_a_team_is_created_in_the_picked_region(client, user_admin, regions):
    client.force_login(user_admin)
    page = client.get("/settings/teams/").content.decode()
    assert f'<option value="{regions["gc"].pk}">Greater China</option>' in page
    response = client.post(
        "/settings/teams/", {"name": "Shanghai Sales", "region": str(regions["gc"].pk)}
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Shanghai Sales")
    assert team.region == regions["gc"]
    assert AuditEvent.objects.filter(action="identity.team_created", target_id=str(team.pk))
    listing = client.get("/settings/teams/").content.decode()
    assert "Shanghai Sales" in listing and "Greater China" in listing


def test_a_team_needs_a_region_and_a_free_name(client, user_admin, regions):
    client.force_login(user_admin)
    page = client.post("/settings/teams/", {"name": "Shanghai Sales"}).content.decode()
    assert 'data-field="region"' in page
    client.post("/settings/teams/", {"name": "Shanghai Sales", "region": str(regions["gc"].pk)})
    page = client.post(
        "/settings/teams/", {"name": "shanghai sales", "region": str(regions["gc"].pk)}
    ).content.decode()
    assert 'data-field="name"' in page
