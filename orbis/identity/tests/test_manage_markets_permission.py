"""A role holding localisation.manage_markets opens the Markets pages; the nav shows the link."""

import pytest
from django.urls import reverse

from orbis.identity import services
from orbis.kernel.actors import SystemActor

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db


def test_a_role_grants_the_markets_pages(client, regions):
    role = services.create_role(
        "Market admins", ["localisation.manage_markets"], all_regions=True, actor=SETUP
    )
    user = services.create_user(
        "markets.admin", "correct horse battery staple", roles=[role], actor=SETUP
    )
    client.force_login(user)
    response = client.get(reverse("localisation:market_list"))
    assert response.status_code == 200
    assert reverse("localisation:market_add") in response.content.decode()
    assert client.get(reverse("localisation:market_edit", args=["DE"])).status_code == 200


def test_without_it_the_pages_are_forbidden(client, regions):
    role = services.create_role("Viewers", ["customers.view"], all_regions=True, actor=SETUP)
    user = services.create_user("viewer", "correct horse battery staple", roles=[role], actor=SETUP)
    client.force_login(user)
    assert client.get(reverse("localisation:market_list")).status_code == 403
