"""Identity test fixtures: a user administrator who is not a superuser."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.identity import services
from orbis.kernel.actors import SystemActor

SETUP = SystemActor("identity-test-setup")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def user_admin(regions: dict[str, Any]) -> Any:
    """Holds identity.manage (and nothing regional) through the "User administration" role."""
    role = services.create_role("User administration", ["identity.manage"], actor=SETUP)
    return services.create_user("it_admin", PASSWORD, roles=[role], actor=SETUP)
