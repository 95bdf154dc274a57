"""Roles from the page: permissions as labelled check boxes, regions by name or all regions;
edits are saved through update_role, audited, and change what holders may do at once."""

from __future__ import annotations

import re

import pytest

from orbis.audit.models import AuditEvent
from orbis.identity.access import grants_for
from orbis.identity.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_form_shows_permission_labels_and_region_names(client, user_admin, regions):
    client.force_login(user_admin)
    page = client.get("/settings/roles/new/").content.decode()
    assert re.search(r'type="checkbox" name="permissions" value="customers.view"', page)
    assert "View contacts and companies" in page
    assert re.search(rf'name="regions" value="{regions["apac"].pk}"', page)
    assert "North America" in page


def test_a_role_is_created_in_chosen_regions(client, user_admin, regions):
    client.force_login(user_admin)
    response = client.post(
        "/settings/roles/new/",
        {
            "name": "LATAM viewers",
            "permissions": ["customers.view"],
            "regions": [str(regions["latam"].pk)],
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(name="LATAM viewers")
    assert role.permissions == ["customers.view"] and list(role.regions.all()) == [regions["latam"]]
    listing = client.get("/settings/roles/").content.decode()
    assert "LATAM viewers" in listing and "View contacts and companies" in listing


def test_editing_a_role_changes_its_holders_grants(client, user_admin, eu_rep, regions):
    role = Role.objects.get(name="EMEA sales")
    client.force_login(user_admin)
    form = client.get(f"/settings/roles/{role.pk}/").context["form"]
    response = client.post(
        f"/settings/roles/{role.pk}/",
        {
            "name": "EMEA sales",
            "permissions": ["customers.view"],
            "all_regions": "on",
            "version": form["version"].value(),
        },
    )
    assert response.status_code == 302
    grants = grants_for(User.objects.get(pk=eu_rep.pk))
    assert grants.held == frozenset({"customers.view"})
    assert grants.region_ids("customers.view") is None  # all regions
    event = AuditEvent.objects.get(action="identity.role_updated")
    assert event.actor_id == str(user_admin.pk) and event.changes["all_regions"] == [False, True]


def test_a_duplicate_role_name_is_refused_beside_the_field(client, user_admin, eu_rep):
    client.force_login(user_admin)
    page = client.post("/settings/roles/new/", {"name": "emea sales"}).content.decode()
    assert 'data-field="name"' in page
