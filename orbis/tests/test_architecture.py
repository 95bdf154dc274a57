"""Architecture rules a review could miss: docstrings and region scoping on every model."""

from typing import Any

import pytest
from django.apps import apps
from django.db import models

from orbis.identity import services as identity_services
from orbis.kernel.actors import SystemActor
from orbis.localisation.models import Region

SETUP = SystemActor("test-setup")  # builds fixtures through the services

# Models with a region that describe the organisation, not customers: they need no scoping.
ORGANISATION_MODELS = {"identity.Team", "localisation.Market"}


def orbis_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("orbis.")
        for model in config.get_models()
    ]


def customer_facing_models() -> list[type[models.Model]]:
    return [
        model
        for model in orbis_models()
        if model._meta.label not in ORGANISATION_MODELS
        and any(
            isinstance(f, models.ForeignKey) and f.related_model is Region
            for f in model._meta.get_fields()
        )
    ]


def test_the_project_has_customer_facing_models() -> None:
    labels = {model._meta.label for model in customer_facing_models()}

    assert {"customers.Contact", "customers.Company"} <= labels


@pytest.mark.parametrize("model", orbis_models(), ids=lambda m: m._meta.label)
def test_every_model_says_what_it_represents(model: type[models.Model]) -> None:
    doc = (model.__doc__ or "").strip()

    # Django writes "Name(field, ...)" into models that have no docstring of their own.
    assert doc, f"{model._meta.label} has no docstring"
    assert not doc.startswith(f"{model.__name__}("), f"{model._meta.label} has no docstring"


@pytest.mark.parametrize("model", customer_facing_models(), ids=lambda m: m._meta.label)
def test_every_customer_facing_model_is_read_through_visible_to(model: type[models.Model]) -> None:
    manager: Any = model._default_manager

    assert callable(getattr(manager, "visible_to", None)), (
        f"{model._meta.label} has a region but its manager has no visible_to(user)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", customer_facing_models(), ids=lambda m: m._meta.label)
def test_a_user_without_roles_sees_nothing(model: type[models.Model]) -> None:
    nobody = identity_services.create_user("nobody", "correct horse battery staple", actor=SETUP)
    manager: Any = model._default_manager

    assert manager.visible_to(nobody).query.is_empty()
