"""Writers of regions and markets."""

from __future__ import annotations

from django.db import transaction

from orbis.audit.services import record
from orbis.kernel.errors import ValidationError
from orbis.kernel.money import validate_currency

from .countries import validate_country, validate_language, validate_time_zone
from .models import Market, Region


@transaction.atomic
def create_region(code: str, name: str) -> Region:
    if Region.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A region with code {code!r} exists already."})
    region = Region.objects.create(code=code, name=name)
    record("localisation.region_created", region, changes={"code": code, "name": name})
    return region


@transaction.atomic
def create_market(
    country: str, region: Region, currency: str, language: str = "en", time_zone: str = "UTC"
) -> Market:
    country = validate_country(country)
    if Market.objects.filter(country=country).exists():
        raise ValidationError({"country": f"{country} is a market already."})
    market = Market.objects.create(
        country=country,
        region=region,
        default_currency=validate_currency(currency, "default_currency"),
        default_language=validate_language(language, "default_language"),
        time_zone=validate_time_zone(time_zone),
    )
    record(
        "localisation.market_created", market, changes={"country": country, "region": region.code}
    )
    return market
