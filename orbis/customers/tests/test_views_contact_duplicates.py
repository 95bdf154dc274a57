"""A contact's page names the other contacts with the same email or phone (blind indexes),
only those the viewer may see and that are not archived."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from orbis.customers import services

pytestmark = pytest.mark.django_db


def _duplicates_card(client: Any, contact: Any) -> str:
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    start = page.find('id="contact-duplicates"')
    return page[start : page.find("</ul>", start)] if start >= 0 else ""


def test_same_email_in_another_case_and_same_phone_are_found(
    client: Any, admin: Any, make_contact: Any
) -> None:
    anna = make_contact(admin, emails=["anna.schmidt@example.de"], phones=["030 1234567"])
    twin = make_contact(admin, given_name="Anne", emails=["Anna.Schmidt@Example.de"])
    caller = make_contact(admin, given_name="Bernd", phones=["+49 30 1234567"])
    stranger = make_contact(admin, given_name="Carla", emails=["carla@example.de"])
    client.force_login(admin)

    card = _duplicates_card(client, anna)
    assert reverse("customers:contact_detail", args=[twin.pk]) in card
    assert reverse("customers:contact_detail", args=[caller.pk]) in card
    assert reverse("customers:contact_detail", args=[stranger.pk]) not in card
    assert reverse("customers:contact_detail", args=[anna.pk]) in _duplicates_card(client, twin)
    assert _duplicates_card(client, stranger) == ""


def test_only_visible_active_contacts_are_named(
    client: Any, admin: Any, eu_rep: Any, make_contact: Any
) -> None:
    berlin = make_contact(admin, emails=["shared@example.com"])
    chicago = make_contact(admin, given_name="Chris", country="US", emails=["shared@example.com"])
    archived = make_contact(admin, given_name="Old", emails=["shared@example.com"])
    services.archive_contact(archived, actor=admin)
    client.force_login(eu_rep)

    card = _duplicates_card(client, berlin)
    assert card == ""  # the only active match is in North America, outside eu_rep's regions

    client.force_login(admin)
    card = _duplicates_card(client, berlin)
    assert reverse("customers:contact_detail", args=[chicago.pk]) in card
    assert reverse("customers:contact_detail", args=[archived.pk]) not in card
