"""The demo company's shape: regions, markets, roles, teams and the demo logins.

Everything is created through the real services (localisation, identity), so the audit trail
and every invariant hold exactly as they would for data an admin entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.numbers import get_territory_currencies

from orbis.identity import services as identity
from orbis.identity.models import Role, User
from orbis.localisation import services as localisation
from orbis.localisation.models import Region

REGIONS = [
    ("emea", "EMEA"),
    ("na", "North America"),
    ("latam", "LATAM"),
    ("apac", "APAC"),
    ("gc", "Greater China"),
]


@dataclass(frozen=True)
class MarketSpec:
    """A country the demo company sells in: its region, Faker locale, language and time zone."""

    country: str
    region: str
    faker_locale: str
    language: str
    time_zone: str
    weight: int  # share of the demo's contacts


MARKETS = [
    MarketSpec("US", "na", "en_US", "en", "America/New_York", 18),
    MarketSpec("CA", "na", "en_CA", "en", "America/Toronto", 5),
    MarketSpec("MX", "latam", "es_MX", "es", "America/Mexico_City", 5),
    MarketSpec("BR", "latam", "pt_BR", "pt-BR", "America/Sao_Paulo", 7),
    MarketSpec("GB", "emea", "en_GB", "en", "Europe/London", 9),
    MarketSpec("DE", "emea", "de_DE", "de", "Europe/Berlin", 10),
    MarketSpec("FR", "emea", "fr_FR", "fr", "Europe/Paris", 7),
    MarketSpec("ES", "emea", "es_ES", "es", "Europe/Madrid", 5),
    MarketSpec("AE", "emea", "ar_AE", "ar", "Asia/Dubai", 3),
    MarketSpec("IN", "apac", "en_IN", "en", "Asia/Kolkata", 8),
    MarketSpec("JP", "apac", "ja_JP", "ja", "Asia/Tokyo", 8),
    MarketSpec("CN", "gc", "zh_CN", "zh", "Asia/Shanghai", 7),
    MarketSpec("KR", "apac", "ko_KR", "ko", "Asia/Seoul", 4),
    MarketSpec("AU", "apac", "en_AU", "en", "Australia/Sydney", 4),
]
MARKET_BY_COUNTRY = {m.country: m for m in MARKETS}

SALES = ["customers.view", "customers.add", "customers.change", "customers.archive"]
REPS_PER_REGION = 3
ADMIN_PASSWORD = "orbis-admin"
DEMO_PASSWORD = "orbis-demo"

# Home language and time zone of each region's staff.
_STAFF_LOCALE = {
    "emea": ("en", "Europe/London"),
    "na": ("en", "America/New_York"),
    "latam": ("es", "America/Sao_Paulo"),
    "apac": ("ja", "Asia/Tokyo"),
    "gc": ("zh", "Asia/Shanghai"),
}


@dataclass
class Organisation:
    """What build_organisation made: regions by code, and each region's sales reps."""

    regions: dict[str, Region]
    reps: dict[str, list[User]]
    admin: User


def rep_username(region: str, number: int) -> str:
    return f"{region}.rep" if number == 1 else f"{region}.rep{number}"


def build_organisation() -> Organisation:
    """Regions, markets, roles, teams and users of the demo company, through the services."""
    regions = {code: localisation.create_region(code, name) for code, name in REGIONS}
    for spec in MARKETS:
        localisation.create_market(
            spec.country,
            regions[spec.region],
            get_territory_currencies(spec.country)[0],
            spec.language,
            spec.time_zone,
        )
    admin = identity.create_user(
        "admin",
        ADMIN_PASSWORD,
        email="admin@orbis.example",
        first_name="Ada",
        last_name="Admin",
        is_superuser=True,
    )
    manager_role = identity.create_role("Sales manager", [*SALES, "audit.view"], all_regions=True)
    privacy_role = identity.create_role(
        "Privacy officer", ["customers.view", "audit.view"], all_regions=True
    )
    _user("sales.manager", "Sam", "Manager", "en", "Europe/London", [manager_role], None)
    _user("dpo", "Dana", "Privacy", "en", "Europe/Brussels", [privacy_role], None)
    reps: dict[str, list[User]] = {}
    for code, name in REGIONS:
        region = regions[code]
        language, tz = _STAFF_LOCALE[code]
        sales_role = identity.create_role(f"{name} sales rep", SALES, [region])
        service_role = identity.create_role(f"{name} service agent", ["customers.view"], [region])
        sales_team = identity.create_team(f"{name} Sales", region)
        service_team = identity.create_team(f"{name} Service", region)
        reps[code] = [
            _user(
                rep_username(code, n),
                name.split()[0],
                f"Rep {n}",
                language,
                tz,
                [sales_role],
                sales_team,
            )
            for n in range(1, REPS_PER_REGION + 1)
        ]
        _user(f"{code}.agent", name.split()[0], "Agent", language, tz, [service_role], service_team)
    return Organisation(regions=regions, reps=reps, admin=admin)


def _user(
    username: str, first: str, last: str, language: str, tz: str, roles: list[Role], team: Any
) -> User:
    return identity.create_user(
        username,
        DEMO_PASSWORD,
        email=f"{username}@orbis.example",
        first_name=first,
        last_name=last,
        language=language,
        time_zone=tz,
        team=team,
        roles=roles,
    )


def demo_logins() -> list[tuple[str, str, str]]:
    """The documented demo logins (username, password, who), for printing after a load."""
    rows = [
        ("admin", ADMIN_PASSWORD, "administrator, every region"),
        ("sales.manager", DEMO_PASSWORD, "sales manager, every region"),
        ("dpo", DEMO_PASSWORD, "privacy officer, every region, read and audit"),
    ]
    for code, name in REGIONS:
        rows.append((rep_username(code, 1), DEMO_PASSWORD, f"sales rep, {name}"))
        rows.append((f"{code}.agent", DEMO_PASSWORD, f"service agent, {name}, read only"))
    return rows
