"""The access meta-test: every region-scoped model, every action, for a user of two roles.

Models are found through django.apps, never listed by hand: every model whose default
manager's queryset has `visible_to` is read through the access rule, and a model that owns
regional data (a region foreign key, a foreign-key chain to a model with one, or personal
data) without `visible_to` fails the coverage check. For each scoped model and each action
of its queryset's `actions` map, one row is made in EMEA, one in APAC and one in North
America, and a user holding

    role A: every permission of the model's actions, in EMEA only
    role B: only the view permission, in APAC only

must see through `visible_to(user, action)` exactly the rows in the regions where one role
grants that action's permission, with `may()` agreeing row by row. Holding "change" in EMEA
and "view" in APAC never means "change" in APAC (the pooling defect this rule replaced).

A new scoped model needs a factory in FACTORIES below: without one its test fails, naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from orbis.customers import services as customer_services
from orbis.identity import services as identity_services
from orbis.identity.access import has_permission, may, require_in
from orbis.identity.permissions import PERMISSIONS
from orbis.kernel import fields as kernel_fields
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import PermissionDenied
from orbis.kernel.registry import registry
from orbis.localisation.models import Region

SETUP = SystemActor("test-setup")  # builds fixtures through the services
PASSWORD = "correct horse battery staple"

# The three regions of the matrix, and a country whose market lies in each (conftest `regions`).
COUNTRIES = {"emea": "DE", "apac": "JP", "na": "US"}
ROLE_A_REGION, ROLE_B_REGION = "emea", "apac"

# Models with a region that describe the organisation, not data held about anyone: a team
# works from a region, a market belongs to one. They need no scoping, and a foreign key to
# them (a user's team) does not make the referring row regional data.
ORGANISATION_MODELS = {
    "identity.Team": "a team of the organisation's staff works from a region",
    "localisation.Market": "a market is reference data of the region it belongs to",
}

# Scoped models whose visible_to is organisation-wide by design, not per region: the rows are
# the organisation's rules, readable (or changeable) by whoever holds the permission in any
# region. Their queryset declares no `actions` map, so the actions are named here.
ORGANISATION_WIDE = {
    # PolicyQuerySet: "Organisation-wide policies: readable with privacy.view, whatever the
    # user's regions." One residency policy spans two regions (user region -> data region).
    "privacy_governance.ResidencyPolicy": {
        "view": "privacy.view",
        "change": "privacy.manage_policies",
    },
    # CatalogueQuerySet: pipelines, products and price books are the organisation's own,
    # the same in every region (a pipeline may belong to a market, which is reference data).
    **{
        name: {"view": "sales.view", "change": "sales.manage_catalogue"}
        for name in (
            "sales.Pipeline",
            "sales.Product",
            "sales.PriceBook",
            "sales.PriceBookEntry",
            "sales.WebForm",
        )
    },
}

# Models that hold regional or personal data yet are scoped otherwise than by region, each
# with the reason. Keep this short: a model listed here is never checked by visible_to.
SCOPED_OTHERWISE = {
    # Kernel bookkeeping: the encrypted response of an API create, replayed only to the same
    # principal retrying with the same Idempotency-Key within its TTL (kernel/http.py), never
    # listed. The kernel imports no app, so identity's RegionScopedQuerySet is out of its reach.
    "kernel.IdempotencyRecord": "read by (principal, key) only, by the kernel's replay",
}


# --- discovery -----------------------------------------------------------------------------


def orbis_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("orbis.")
        for model in config.get_models()
    ]


def label(model: type[models.Model]) -> str:
    return model._meta.label


def queryset_of(model: type[models.Model]) -> Any:
    return model._default_manager.all()


def is_scoped(model: type[models.Model]) -> bool:
    return callable(getattr(queryset_of(model), "visible_to", None))


def scoped_models() -> list[type[models.Model]]:
    return [model for model in orbis_models() if is_scoped(model)]


def actions_of(model: type[models.Model]) -> dict[str, str] | None:
    declared = getattr(type(queryset_of(model)), "actions", None)
    if declared is not None:
        return dict(declared)
    return ORGANISATION_WIDE.get(label(model))


def foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    # ForeignKey includes OneToOneField; reverse relations and many-to-many are left out.
    return [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey) and f.concrete]


PERSONAL_FIELD_TYPES = (
    kernel_fields.EncryptedMixin,
    kernel_fields.BlindIndexField,
    kernel_fields.SealedValuesJSONField,
)


def personal_fields() -> dict[type[models.Model], list[str]]:
    """Fields holding personal data: declared to the registry by an app's personal-data
    handler ("customers.contact.given_name"), or stored encrypted, sealed or blind-indexed."""
    found: dict[type[models.Model], list[str]] = {}
    for handler in registry.personal_data_handlers.values():
        for key in handler.fields:
            app_label, model_name, field_name = key.split(".", 2)
            found.setdefault(apps.get_model(app_label, model_name), []).append(field_name)
    for model in orbis_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, PERSONAL_FIELD_TYPES):
                found.setdefault(model, []).append(f.name)
    return found


def models_needing_scope() -> dict[str, str]:
    """Every model that owns regional data, each with why: a region foreign key, a foreign-key
    chain to a model with one (through anything but the organisation's own models), or
    personal data."""
    needs: dict[type[models.Model], str] = {}
    candidates = [m for m in orbis_models() if label(m) not in ORGANISATION_MODELS]
    for model in candidates:
        regional = [f.name for f in foreign_keys(model) if f.related_model is Region]
        if regional:
            needs[model] = f"region foreign key {', '.join(regional)}"
    changed = True
    while changed:  # follow foreign keys to a fixed point: A -> B -> C(region)
        changed = False
        for model in candidates:
            if model in needs:
                continue
            for f in foreign_keys(model):
                if f.related_model in needs:
                    needs[model] = (
                        f"{f.name} -> {label(f.related_model)} ({needs[f.related_model]})"
                    )
                    changed = True
                    break
    for model, names in personal_fields().items():
        if model not in needs and label(model) not in ORGANISATION_MODELS:
            needs[model] = f"personal data in {', '.join(sorted(set(names)))}"
    return {label(model): why for model, why in needs.items()}


# --- coverage ------------------------------------------------------------------------------


def test_discovery_finds_the_scoped_models_of_every_app() -> None:
    labels = {label(m) for m in scoped_models()}

    assert {
        "customers.Contact",
        "customers.Company",
        "customers.ContactPoint",
        "customers.Employment",
        "privacy.ConsentEvent",
        "privacy.ConsentState",
        "privacy_requests.DataSubjectRequest",
        "privacy_requests.ProcessingRestriction",
    } <= labels


def test_the_coverage_rule_sees_region_keys_chains_and_personal_data() -> None:
    needs = models_needing_scope()

    assert needs["customers.Contact"].startswith("region foreign key")
    assert needs["customers.ContactPoint"].startswith("contact -> customers.Contact")
    assert "customers.Contact" in needs["privacy.ConsentState"]
    assert "identity.Team" not in needs and "localisation.Market" not in needs
    assert "identity.User" not in needs, "a user's team is no regional data of the user"


def test_every_model_owning_regional_data_is_read_through_visible_to() -> None:
    offenders = {
        name: why
        for name, why in models_needing_scope().items()
        if not is_scoped(apps.get_model(name)) and name not in SCOPED_OTHERWISE
    }

    assert not offenders, "These models own regional data but have no visible_to:\n" + "\n".join(
        f"  {name}: {why}" for name, why in sorted(offenders.items())
    )
    needs = models_needing_scope()
    stale = set(SCOPED_OTHERWISE) - set(needs)
    assert not stale, f"SCOPED_OTHERWISE names models that no longer own regional data: {stale}"
    assert not {n for n in SCOPED_OTHERWISE if is_scoped(apps.get_model(n))}, (
        "SCOPED_OTHERWISE names a model that now has visible_to: remove it from the table"
    )


def test_every_scoped_model_declares_actions_with_known_permissions() -> None:
    problems = []
    for model in scoped_models():
        actions = actions_of(model)
        if not actions:
            problems.append(f"{label(model)}: its queryset declares no `actions` map")
            continue
        if "view" not in actions:
            problems.append(f"{label(model)}: no 'view' action")
        if label(model) not in ORGANISATION_WIDE and not getattr(
            queryset_of(model), "region_field", None
        ):
            problems.append(f"{label(model)}: its queryset names no `region_field`")
        problems += [
            f"{label(model)}: action {action!r} needs unknown permission {permission!r}"
            for action, permission in actions.items()
            if permission not in PERMISSIONS
        ]

    stale = set(ORGANISATION_WIDE) - {label(m) for m in scoped_models()}
    problems += [f"ORGANISATION_WIDE names {name}, which has no visible_to" for name in stale]

    assert not problems, "\n".join(problems)


def test_every_factory_is_for_a_scoped_model() -> None:
    scoped = {label(m) for m in scoped_models()}

    assert not set(FACTORIES) - scoped, f"stale factories: {sorted(set(FACTORIES) - scoped)}"


# --- rows in a region ----------------------------------------------------------------------


@dataclass
class World:
    """The regions of the matrix and an actor that may make anything, for the factories."""

    regions: dict[str, Any]
    maker: Any

    def contact(self, code: str, **data: Any) -> Any:
        data.setdefault("given_name", "Mira")
        data.setdefault("family_name", f"Region {code}")
        return customer_services.create_contact(
            {"country": COUNTRIES[code], **data}, actor=self.maker
        )

    def company(self, code: str) -> Any:
        return customer_services.create_company(
            {"name": f"Acme {code}", "country": COUNTRIES[code]}, actor=self.maker
        )


def _other(code: str) -> str:
    """Another region of the matrix than `code`: parents a row must not be scoped by."""
    codes = list(COUNTRIES)
    return codes[(codes.index(code) + 1) % len(codes)]


def _contact_point(world: World, code: str) -> Any:
    contact = world.contact(code, emails=[{"value": f"mira.{code}@example.com"}])
    return contact.points.get()


def _employment(world: World, code: str) -> Any:
    # The employer sits in another region: the job is scoped by the person's region.
    company = world.company(_other(code))
    contact = world.contact(code, companies=[{"company": str(company.pk), "title": "Buyer"}])
    return contact.employments.get()


def _consent_event(world: World, code: str) -> Any:
    from orbis.privacy import services as privacy_services

    return privacy_services.withdraw_consent(
        world.contact(code), actor=world.maker, purpose="marketing", channel="email", source="api"
    )


def _consent_state(world: World, code: str) -> Any:
    from orbis.privacy.models import ConsentState

    event = _consent_event(world, code)
    return ConsentState.objects.get(contact_id=event.contact_id)


def _subject_request(world: World, code: str) -> Any:
    from orbis.privacy.requests import services as request_services

    contact = world.contact(code)
    return request_services.open_request(
        contact.pk, actor=world.maker, kind="access", channel="email"
    )


def _restriction(world: World, code: str) -> Any:
    from django.utils import timezone

    from orbis.privacy.requests.models import ProcessingRestriction

    # ORM setup: reaching a restriction through the services takes a verified request.
    return ProcessingRestriction.objects.create(
        contact=world.contact(code), restricted_at=timezone.now()
    )


def _suppression(world: World, code: str) -> Any:
    from orbis.privacy.requests.models import SuppressionEntry

    # ORM setup: the erasure service makes entries only by erasing a verified request's person.
    return SuppressionEntry.objects.create(
        kind="email", blind_index=f"index-{code}", request=_subject_request(world, code)
    )


def _residency_policy(world: World, code: str) -> Any:
    from orbis.privacy.governance import services as governance_services

    return governance_services.set_policy(
        world.regions["latam"],
        world.regions[code],
        actor=world.maker,
        allowed=True,
        mechanism="scc",
        reference="DPA annex 2",
    )


def _pipeline(world: World, code: str) -> Any:
    from orbis.sales.services import pipelines

    stages = [
        {"name": "Open", "probability": 20},
        {"name": "Won", "probability": 100, "forecast_category": "closed_won"},
        {"name": "Lost", "probability": 0, "forecast_category": "closed_lost"},
    ]
    return pipelines.create_pipeline(
        f"Sales {code}", stages, market=COUNTRIES[code], actor=world.maker
    )


def _deal(world: World, code: str) -> Any:
    from orbis.sales.services import deals

    data: dict[str, Any] = {"pipeline": str(_pipeline(world, code).pk), "close_date": "2026-12-31"}
    contact = world.contact(code)
    data |= {"contacts": [{"contact": str(contact.pk), "role": "champion"}]}
    return deals.create_deal(
        {"name": f"Deal {code}", "market": COUNTRIES[code], "amount": "100", **data},
        actor=world.maker,
    )


def _product(world: World, code: str) -> Any:
    from orbis.sales.services import catalogue

    return catalogue.create_product(
        {"sku": f"SKU-{code}", "name": f"Kit {code}"}, actor=world.maker
    )


def _price_book(world: World, code: str) -> Any:
    from orbis.sales.services import catalogue

    market = COUNTRIES[code]
    currency = {"DE": "EUR", "JP": "JPY", "US": "USD"}[market]
    return catalogue.create_price_book(f"Prices {code}", currency, market=market, actor=world.maker)


def _price(world: World, code: str) -> Any:
    from orbis.sales.services import catalogue

    (entry,) = catalogue.set_prices(
        _price_book(world, code), _product(world, code), [{"unit_price": "10"}], actor=world.maker
    )
    return entry


def _deal_line(world: World, code: str) -> Any:
    from orbis.sales.services import deals

    deal = _deal(world, code)
    entry = _price(world, code)
    deals.update_deal(
        deal,
        {
            "price_book": str(entry.price_book_id),
            "currency": entry.price_book.currency,
            "lines": [{"product": str(entry.product_id), "quantity": 2}],
        },
        actor=world.maker,
    )
    return deal.lines.get()


def _order(world: World, code: str) -> Any:
    from orbis.sales.models import Order
    from orbis.sales.services.orders import ingest_orders

    # In euros in every market: no rate is stored here, and the reporting currency needs none.
    result = ingest_orders(
        [
            {
                "source": "shop",
                "external_id": f"order-{code}",
                "market": COUNTRIES[code],
                "currency": "EUR",
                "ordered_at": "2026-03-09T10:00:00+00:00",
                "lines": [{"sku": "KIT", "quantity": 1, "unit_price": "10"}],
            }
        ],
        actor=world.maker,
    )
    return Order.objects.get(pk=result.created[0])


def _lead(world: World, code: str) -> Any:
    from orbis.sales.services.leads import capture_lead

    data = {"family_name": f"Lead {code}", "email": f"lead.{code}@example.com"}
    return capture_lead({**data, "country": COUNTRIES[code]}, actor=world.maker)


def _web_form(world: World, code: str) -> Any:
    from orbis.sales.services.leads import create_web_form

    return create_web_form(f"Form {code}", f"form-{code}", actor=world.maker)


def _quota(world: World, code: str) -> Any:
    from orbis.sales.services.forecasting import set_quota

    # One quota per owner and start day: each region's starts in its own month.
    month = {"emea": "01", "apac": "02", "na": "03"}[code]
    return set_quota(
        world.maker,
        f"2026-{month}-01",
        f"2026-{month}-28",
        "1000",
        currency="EUR",
        region=world.regions[code],
        actor=world.maker,
    )


def _forecast_snapshot(world: World, code: str) -> Any:
    from orbis.sales.models import ForecastSnapshot

    # ORM setup: the weekly job writes these rows from every region's deals at once.
    return ForecastSnapshot.objects.create(
        taken_on="2026-03-02",
        region=world.regions[code],
        close_month="2026-03-01",
        category="commit",
        amount=100,
        weighted=50,
        currency="EUR",
    )


def _deal_snapshot(world: World, code: str) -> Any:
    from orbis.sales.models import DealSnapshot

    # ORM setup, as for _forecast_snapshot; the deal sits in the row's own region.
    return DealSnapshot.objects.create(
        taken_on="2026-03-02",
        deal=_deal(world, code),
        region=world.regions[code],
        close_month="2026-03-01",
        category="commit",
        amount=100,
        currency="EUR",
        converted=100,
        weighted=50,
        reporting_currency="EUR",
        fx_rate=1,
    )


def _quote(world: World, code: str) -> Any:
    from orbis.sales.services import quotes

    deal = _deal_line(world, code).deal
    data = {"deal": str(deal.pk)}
    if COUNTRIES[code] == "US":
        data["buyer_subdivision"] = "NY"  # US sales tax is the state's
    return quotes.create_quote(data, actor=world.maker)


# One factory per scoped model: (world, region code) -> one row of that model held in that
# region. A scoped model missing here fails its matrix test: add a factory for it.
FACTORIES: dict[str, Callable[[World, str], Any]] = {
    "customers.Contact": lambda world, code: world.contact(code),
    "customers.Company": lambda world, code: world.company(code),
    "customers.ContactPoint": _contact_point,
    "customers.Employment": _employment,
    "privacy.ConsentEvent": _consent_event,
    "privacy.ConsentState": _consent_state,
    "privacy_requests.DataSubjectRequest": _subject_request,
    "privacy_requests.ProcessingRestriction": _restriction,
    "privacy_requests.SuppressionEntry": _suppression,
    "privacy_governance.ResidencyPolicy": _residency_policy,
    "sales.Pipeline": _pipeline,
    "sales.Product": _product,
    "sales.PriceBook": _price_book,
    "sales.PriceBookEntry": _price,
    "sales.Deal": _deal,
    "sales.DealContact": lambda world, code: _deal(world, code).contact_roles.get(),
    "sales.StageChange": lambda world, code: _deal(world, code).stage_changes.get(),
    "sales.DealLine": _deal_line,
    "sales.Order": _order,
    "sales.OrderLine": lambda world, code: _order(world, code).lines.get(),
    "sales.Quote": _quote,
    "sales.QuoteLine": lambda world, code: _quote(world, code).lines.get(),
    "sales.Lead": _lead,
    "sales.WebForm": _web_form,
    "sales.Quota": _quota,
    "sales.ForecastSnapshot": _forecast_snapshot,
    "sales.DealSnapshot": _deal_snapshot,
}


def _rows(model: type[models.Model], world: World) -> dict[str, Any]:
    name = label(model)
    if name not in FACTORIES:
        pytest.fail(
            f"{name} is read through visible_to but test_access_matrix.FACTORIES has no "
            f"factory for it: add one that makes a {model.__name__} held in a given region",
            pytrace=False,
        )
    rows = {code: FACTORIES[name](world, code) for code in COUNTRIES}
    for code, row in rows.items():
        assert isinstance(row, model), f"the {name} factory made a {type(row).__name__}"
    return rows


# --- the matrix ----------------------------------------------------------------------------


def _matrix_params() -> list[Any]:
    params = []
    for model in scoped_models():
        actions = actions_of(model) or {"<no actions map>": ""}
        params += [pytest.param(model, action, id=f"{label(model)}:{action}") for action in actions]
    return params


def _role(name: str, permissions: Iterable[str], region: Any) -> Any:
    return identity_services.create_role(name, sorted(set(permissions)), [region], actor=SETUP)


def _user(name: str, *roles: Any) -> Any:
    return identity_services.create_user(name, PASSWORD, roles=list(roles), actor=SETUP)


def _expected(grants: list[tuple[set[str], str]], permission: str) -> set[str]:
    """The regions where one role grants `permission`: each role counts in its own region."""
    return {code for permissions, code in grants if permission in permissions}


def _visible(model: type[models.Model], user: Any, action: str, rows: dict[str, Any]) -> set[str]:
    by_pk = {row.pk: code for code, row in rows.items()}
    seen = queryset_of(model).visible_to(user, action).filter(pk__in=by_pk)
    return {by_pk[pk] for pk in seen.values_list("pk", flat=True)}


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "action"), _matrix_params())
def test_visible_to_and_may_allow_each_action_exactly_where_a_role_grants_it(
    model: type[models.Model], action: str, regions: dict[str, Any], admin: Any
) -> None:
    name = label(model)
    actions = actions_of(model)
    assert actions, f"{name}: its queryset declares no `actions` map"
    rows = _rows(model, World(regions, admin))
    if name in ORGANISATION_WIDE:
        _check_organisation_wide(model, action, actions, rows, regions)
        return

    qs = queryset_of(model)
    for code, row in rows.items():
        held_in = model._base_manager.filter(pk=row.pk).values_list(qs.region_field, flat=True)
        assert held_in.get() == regions[code].pk, (
            f"the {name} factory made a row for {code}, but {qs.region_field} puts it elsewhere"
        )

    permission = actions[action]
    everything, view = set(actions.values()), actions["view"]
    users: dict[str, tuple[Any, list[tuple[set[str], str]]]] = {}
    # Role A: every permission of the model's actions in EMEA; role B: view only, in APAC.
    grants = [(everything, ROLE_A_REGION), ({view}, ROLE_B_REGION)]
    users["two roles"] = (
        _user(
            "two_roles",
            _role("A: all, EMEA", everything, regions[ROLE_A_REGION]),
            _role("B: view, APAC", {view}, regions[ROLE_B_REGION]),
        ),
        grants,
    )
    # The same, but role A lacks this action's permission: no role grants it in EMEA now.
    lacking = everything - {permission}
    if lacking:
        grants = [(lacking, ROLE_A_REGION), ({view}, ROLE_B_REGION)]
        users["A lacks it"] = (
            _user(
                "lacking",
                _role("A: all but one, EMEA", lacking, regions[ROLE_A_REGION]),
                _role("B: view only, APAC", {view}, regions[ROLE_B_REGION]),
            ),
            grants,
        )
    users["no roles"] = (_user("nobody"), [])

    for who, (user, user_grants) in users.items():
        expected = _expected(user_grants, permission)
        assert _visible(model, user, action, rows) == expected, (
            f"{name}.objects.visible_to(user, {action!r}) for the user with {who} should keep "
            f"the rows in {sorted(expected) or 'no region'} ({permission})"
        )
        for code, region in regions.items():
            wanted = code in expected
            assert may(user, permission, region.pk) is wanted, (
                f"may(user with {who}, {permission!r}, {code}) should be {wanted}"
            )
        for code, row in rows.items():
            held_in = model._base_manager.filter(pk=row.pk).values_list(qs.region_field, flat=True)
            assert may(user, permission, held_in.get()) is (code in expected), (
                f"may() and visible_to() disagree on the {code} {name} for the user with {who}"
            )

    two_roles = users["two roles"][0]
    if permission != view:
        # The pooling defect: change in EMEA plus view in APAC must not add up to change in APAC.
        assert rows["apac"].pk not in set(
            queryset_of(model).visible_to(two_roles, action).values_list("pk", flat=True)
        ), f"{name}: {action} in APAC only because role B grants view there"
        assert not may(two_roles, permission, regions["apac"].pk)
        with pytest.raises(PermissionDenied):
            require_in(two_roles, permission, regions["apac"].pk)
    require_in(two_roles, permission, regions[ROLE_A_REGION].pk)
    assert not may(two_roles, permission, regions["na"].pk), "no role grants anything in NA"


def _check_organisation_wide(
    model: type[models.Model],
    action: str,
    actions: dict[str, str],
    rows: dict[str, Any],
    regions: dict[str, Any],
) -> None:
    """An organisation-wide queryset keeps every row for a user holding the action's
    permission in any region, and none for anyone else."""
    name, permission, view = label(model), actions[action], actions["view"]
    everything = set(actions.values())
    users = {
        "two roles": _user(
            "two_roles",
            _role("A: all, EMEA", everything, regions[ROLE_A_REGION]),
            _role("B: view, APAC", {view}, regions[ROLE_B_REGION]),
        ),
        "view in APAC only": _user(
            "viewer", _role("view only, APAC", {view}, regions[ROLE_B_REGION])
        ),
        "no roles": _user("nobody"),
    }
    for who, user in users.items():
        expected = set(rows) if has_permission(user, permission) else set()
        assert _visible(model, user, action, rows) == expected, (
            f"{name}.objects.visible_to(user with {who}, {action!r}) should keep "
            f"{'every row' if expected else 'nothing'}"
        )
    assert has_permission(users["two roles"], permission)
    assert has_permission(users["view in APAC only"], permission) is (permission == view)
    assert not has_permission(users["no roles"], permission)
