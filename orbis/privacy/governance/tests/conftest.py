"""Fixtures of the governance tests: users with a home region (their team's)."""

from typing import Any

import pytest

from orbis.conftest import SALES
from orbis.identity import services as identity_services
from orbis.kernel.actors import SystemActor
from orbis.privacy.governance import residency

SETUP = SystemActor("test-setup")  # builds fixtures through the services


@pytest.fixture(autouse=True)
def fresh_residency_snapshot() -> Any:
    residency.invalidate()
    yield
    residency.invalidate()


@pytest.fixture
def global_rep(regions: dict[str, Any]) -> Any:
    """A sales rep working from EMEA (team) whose role covers every region."""
    team = identity_services.create_team("EMEA desk", regions["emea"], actor=SETUP)
    role = identity_services.create_role("Global sales", SALES, all_regions=True, actor=SETUP)
    user = identity_services.create_user(
        "global_rep", "correct horse battery staple", roles=[role], actor=SETUP
    )
    user.team = team
    user.save(update_fields=["team"])
    return user
