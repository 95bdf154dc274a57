"""Fixtures of the data-subject request tests: people in several jurisdictions, an EU-only
privacy officer, and requests ready for their next step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from orbis.identity import services as identity_services
from orbis.kernel.actors import SystemActor
from orbis.privacy.requests import services

SETUP = SystemActor("test-setup")  # builds fixtures through the services

PRIVACY = ["customers.view", "privacy.view", "privacy.handle_requests"]
RECEIVED = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def eu_privacy(regions: dict[str, Any]) -> Any:
    """A privacy officer of the EMEA region only."""
    role = identity_services.create_role("EMEA privacy", PRIVACY, [regions["emea"]], actor=SETUP)
    return identity_services.create_user(
        "eu_privacy",
        "correct horse battery staple",
        roles=[role],
        time_zone="Europe/Berlin",
        actor=SETUP,
    )


@pytest.fixture
def german(admin: Any, make_contact: Any) -> Any:
    return make_contact(
        admin,
        given_name="Jana",
        family_name="Becker",
        emails=[{"value": "jana.becker@example.de"}],
        phones=[{"value": "+49 30 901820"}],
    )


@pytest.fixture
def californian(admin: Any, make_contact: Any) -> Any:
    return make_contact(
        admin,
        given_name="Casey",
        family_name="Lee",
        country="US",
        addresses=[
            {
                "street_address": "1 Market St",
                "city": "San Francisco",
                "country_area": "CA",
                "postal_code": "94105",
                "country": "US",
            }
        ],
    )


@pytest.fixture
def open_request() -> Any:
    def make(actor: Any, contact: Any, kind: str, *, verified: bool = True, **extra: Any) -> Any:
        extra.setdefault("received_at", RECEIVED)
        request = services.open_request(
            contact.pk, kind=kind, channel="email", **extra, actor=actor
        )
        if verified:
            services.verify_identity(request, "email_on_file", actor=actor)
        return request

    return make
