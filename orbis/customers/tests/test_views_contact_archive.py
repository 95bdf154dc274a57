"""Archive and restore buttons: POST only, need the archive permission, respect regions."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_archive_and_restore(client, eu_rep, make_contact):
    contact = make_contact(eu_rep)
    client.force_login(eu_rep)
    assert client.get(reverse("customers:contact_archive", args=[contact.pk])).status_code == 405
    response = client.post(reverse("customers:contact_archive", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.archived_at is not None
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    assert reverse("customers:contact_restore", args=[contact.pk]) in page
    client.post(reverse("customers:contact_restore", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.archived_at is None


def test_archive_needs_permission_and_region(client, apac_agent, eu_rep, admin, make_contact):
    japanese = make_contact(admin, country="JP", given_name="太郎", family_name="山田")
    client.force_login(apac_agent)
    assert client.post(reverse("customers:contact_archive", args=[japanese.pk])).status_code == 403
    client.force_login(eu_rep)
    assert client.post(reverse("customers:contact_archive", args=[japanese.pk])).status_code == 404
    japanese.refresh_from_db()
    assert japanese.archived_at is None


def test_view_only_user_sees_no_edit_buttons(client, apac_agent, admin, make_contact):
    contact = make_contact(admin, country="JP", given_name="太郎", family_name="山田")
    client.force_login(apac_agent)
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    assert reverse("customers:contact_edit", args=[contact.pk]) not in page
    assert reverse("customers:contact_archive", args=[contact.pk]) not in page
