"""Shared fixtures: the regions and markets of a small multinational, and named users.

eu_rep      sales rep in EMEA           us_rep     sales rep in North America
apac_agent  service agent in APAC (read only)
dpo         privacy officer, all regions, read, audit and every privacy.* permission
admin       superuser
"""

from __future__ import annotations

from typing import Any

import pytest

from orbis.customers import services as customer_services
from orbis.identity import services as identity_services
from orbis.identity.tokens import create_token
from orbis.kernel.actors import SystemActor
from orbis.localisation import services as localisation_services

SETUP = SystemActor("test-setup")  # builds fixtures through the services

SALES = ["customers.view", "customers.add", "customers.change", "customers.archive"]
PRIVACY = [
    "privacy.view",
    "privacy.manage_consent",
    "privacy.handle_requests",
    "privacy.manage_policies",
    "privacy.manage_breaches",
]


@pytest.fixture(autouse=True)
def own_cache(settings: Any) -> None:
    """A cache of each test's own: rate limits and other counters start at zero, and no test
    (nor another xdist worker sharing the file cache) fills them for the next."""
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }


@pytest.fixture(autouse=True)
def own_audit_checkpoints(settings: Any, tmp_path: Any) -> None:
    """Audit checkpoints of each test's own chain (audit/checkpoints.py)."""
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")


@pytest.fixture
def regions(db: Any) -> dict[str, Any]:
    made = {
        code: localisation_services.create_region(code, name, actor=SETUP)
        for code, name in [
            ("emea", "EMEA"),
            ("na", "North America"),
            ("apac", "APAC"),
            ("latam", "LATAM"),
            ("gc", "Greater China"),
        ]
    }
    for country, region, currency, language, tz in [
        ("DE", "emea", "EUR", "de", "Europe/Berlin"),
        ("GB", "emea", "GBP", "en", "Europe/London"),
        ("FR", "emea", "EUR", "fr", "Europe/Paris"),
        ("US", "na", "USD", "en", "America/New_York"),
        ("CA", "na", "CAD", "en", "America/Toronto"),
        ("JP", "apac", "JPY", "ja", "Asia/Tokyo"),
        ("BR", "latam", "BRL", "pt-BR", "America/Sao_Paulo"),
        ("CN", "gc", "CNY", "zh", "Asia/Shanghai"),
    ]:
        localisation_services.create_market(
            country, made[region], currency, language, tz, actor=SETUP
        )
    return made


def _user(username: str, role: Any = None, **extra: Any) -> Any:
    return identity_services.create_user(
        username, "correct horse battery staple", roles=[role] if role else [], **extra, actor=SETUP
    )


@pytest.fixture
def eu_rep(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role("EMEA sales", SALES, [regions["emea"]], actor=SETUP)
    return _user("eu_rep", role, first_name="Eva", language="de", time_zone="Europe/Berlin")


@pytest.fixture
def us_rep(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role("North America sales", SALES, [regions["na"]], actor=SETUP)
    return _user("us_rep", role, first_name="Uma", time_zone="America/New_York")


@pytest.fixture
def apac_agent(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role(
        "APAC service", ["customers.view"], [regions["apac"]], actor=SETUP
    )
    return _user("apac_agent", role, language="ja", time_zone="Asia/Tokyo")


@pytest.fixture
def dpo(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role(
        "Privacy office", ["customers.view", "audit.view", *PRIVACY], all_regions=True, actor=SETUP
    )
    return _user("dpo", role)


@pytest.fixture
def admin(regions: dict[str, Any]) -> Any:
    return _user("admin", None, is_superuser=True)


@pytest.fixture
def make_contact() -> Any:
    def make(actor: Any, **data: Any) -> Any:
        data.setdefault("given_name", "Anna")
        data.setdefault("family_name", "Schmidt")
        data.setdefault("country", "DE")
        return customer_services.create_contact(data, actor=actor)

    return make


@pytest.fixture
def make_company() -> Any:
    def make(actor: Any, **data: Any) -> Any:
        data.setdefault("name", "Acme GmbH")
        data.setdefault("country", "DE")
        return customer_services.create_company(data, actor=actor)

    return make


@pytest.fixture
def token_for() -> Any:
    def make(user: Any, scopes: list[str] | None = None) -> str:
        return create_token(user, "test", actor=user, scopes=scopes)[1]

    return make
