"""A contact's page links to its consent and to a new request, for those who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(admin: Any) -> Any:
    from orbis.customers import services

    return services.create_contact(
        {"given_name": "Lea", "family_name": "Roth", "country": "DE"}, actor=admin
    )


def test_privacy_officer_sees_consent_and_new_request(client: Any, dpo: Any, person: Any) -> None:
    client.force_login(dpo)
    page = client.get(reverse("customers:contact_detail", args=[person.pk])).content.decode()
    assert reverse("privacy:contact", args=[person.pk]) in page
    new_request = f"{reverse('privacy_requests:create')}?contact={person.pk}"
    assert new_request in page

    form = client.get(new_request).content.decode()
    assert f'value="{person.pk}" checked' in form


def test_sales_rep_sees_neither(client: Any, eu_rep: Any, person: Any) -> None:
    client.force_login(eu_rep)
    page = client.get(reverse("customers:contact_detail", args=[person.pk])).content.decode()
    assert reverse("privacy:contact", args=[person.pk]) not in page
    assert reverse("privacy_requests:create") not in page


def test_new_request_form_ignores_a_malformed_contact(client: Any, dpo: Any) -> None:
    client.force_login(dpo)
    response = client.get(reverse("privacy_requests:create") + "?contact=not-a-uuid")
    assert response.status_code == 200
